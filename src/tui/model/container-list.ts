// The container picker's geometry, pure: which lines it has, which of them fit the screen around the
// selection, and the columns its rows get at a width. A pod can hold dozens of debug containers (each
// ephemeral container stays in the pod), so the list scrolls while the title and the hints stay put.
import { formatSeconds } from '../../core/duration-text.js';
import type { DebugFacts } from '../../core/debug-rows.js';
import { fit, windowStart } from './layout.js';
import type { ContainerItem } from './state.js';

export type ContainerLine =
  | { kind: 'section'; text: string }
  /** The debug rows' column titles. */
  | { kind: 'titles' }
  | { kind: 'gap' }
  /** `index` into the items. */
  | { kind: 'item'; index: number };

/** The lines of the picker's body, in order: the app containers, then the running cg-debug ones. */
export function containerLines(items: readonly ContainerItem[]): ContainerLine[] {
  const lines: ContainerLine[] = [{ kind: 'section', text: 'Target container' }];
  items.forEach((item, index) => {
    if (item.kind === 'app') lines.push({ kind: 'item', index });
  });
  const debug = items.flatMap((item, index) => (item.kind === 'debug' ? [index] : []));
  if (debug.length > 0) {
    lines.push({ kind: 'gap' }, { kind: 'section', text: `Running cg-debug containers (${debug.length})` }, { kind: 'titles' });
    for (const index of debug) lines.push({ kind: 'item', index });
  }
  return lines;
}

export interface ContainerWindow {
  /** The lines to draw, at most `height`; the debug rows' titles are pinned on top while their rows scroll under them. */
  lines: ContainerLine[];
  /** Items scrolled out of sight above and below. */
  above: number;
  below: number;
}

function itemsIn(lines: readonly ContainerLine[]): number {
  return lines.reduce((n, l) => n + (l.kind === 'item' ? 1 : 0), 0);
}

/** The lines that fit `height` with the item at `cursor` among them. */
export function containerWindow(lines: readonly ContainerLine[], cursor: number, height: number): ContainerWindow {
  const rows = Math.max(1, height);
  const at = Math.max(
    0,
    lines.findIndex((l) => l.kind === 'item' && l.index === cursor),
  );
  let start = windowStart(at, lines.length, rows);
  let end = Math.min(lines.length, start + rows);
  const titles = lines.findIndex((l) => l.kind === 'titles');
  // Scrolled past the titles into the debug rows: the titles stay as the first line.
  const pinned = titles >= 0 && start > titles && rows > 1;
  if (pinned) {
    start = Math.max(titles + 1, windowStart(at, lines.length, rows - 1));
    end = Math.min(lines.length, start + rows - 1);
  }
  const shown: ContainerLine[] = [...(pinned ? [{ kind: 'titles' } as const] : []), ...lines.slice(start, end)];
  return { lines: shown, above: itemsIn(lines.slice(0, start)), below: itemsIn(lines.slice(end)) };
}

export type DebugColumnId = 'name' | 'target' | 'user' | 'ttl' | 'age' | 'shells';

export interface DebugColumn {
  id: DebugColumnId;
  title: string;
  width: number;
}

/** A running debug container's cells, as text. `shells`: counted, null (cannot be counted), undefined (counting). */
export interface DebugCells {
  name: string;
  target: string;
  user: string;
  ttl: string;
  age: string;
  shells: string;
}

/** `uid 65532`, `root`, or the image's user. */
function userCell(facts: DebugFacts): string {
  if (facts.uid === null) return "image's user";
  return facts.uid === 0 ? 'root' : `uid ${facts.uid}`;
}

export function debugCells(item: Extract<ContainerItem, { kind: 'debug' }>, nowMs: number, shells: number | null | undefined): DebugCells {
  const { facts } = item;
  const age = facts.startedAt === null ? null : Math.max(0, Math.floor((nowMs - facts.startedAt) / 1000));
  let ttl: string;
  if (facts.connectBy === 'attach') ttl = 'attached';
  else if (facts.ttlSeconds === 0) ttl = 'no ttl';
  else if (facts.ttlSeconds === null || age === null) ttl = '?';
  else ttl = formatSeconds(Math.max(0, facts.ttlSeconds - age));
  // An attached shell is the container itself: one, and no exec can count it.
  const count = facts.connectBy === 'attach' ? '1' : shells === undefined ? '…' : shells === null ? '?' : String(shells);
  return { name: item.name, target: item.target, user: userCell(facts), ttl, age: age === null ? '?' : formatSeconds(age), shells: count };
}

const DEBUG_SPECS: readonly { id: DebugColumnId; title: string }[] = [
  { id: 'name', title: 'NAME' },
  { id: 'target', title: 'TARGET' },
  { id: 'user', title: 'USER' },
  { id: 'ttl', title: 'TTL LEFT' },
  { id: 'age', title: 'AGE' },
  { id: 'shells', title: 'SHELLS' },
];

// Dropped first when the terminal is narrow; the name, the user and the TTL stay longest.
const DEBUG_DROP_ORDER: readonly DebugColumnId[] = ['target', 'age', 'shells', 'user', 'ttl'];
/** The cursor marker in front of every row. */
const MARKER = 2;
// The name keeps at least this much before another column is dropped for it.
const NAME_MIN = 12;

/** Columns for the debug rows at `width`: each as wide as its widest cell, the name cut last. */
export function debugColumns(width: number, rows: readonly DebugCells[]): DebugColumn[] {
  const natural = (id: DebugColumnId, title: string) => Math.max(title.length, ...rows.map((r) => r[id].length));
  let specs = [...DEBUG_SPECS];
  const total = (list: typeof specs) => MARKER + list.reduce((sum, s) => sum + (s.id === 'name' ? NAME_MIN : natural(s.id, s.title)) + 1, -1);
  for (const id of DEBUG_DROP_ORDER) {
    if (total(specs) <= width) break;
    specs = specs.filter((s) => s.id !== id);
  }
  const others = specs.filter((s) => s.id !== 'name').reduce((sum, s) => sum + natural(s.id, s.title) + 1, 0);
  return specs.map((s) => ({
    id: s.id,
    title: s.title,
    width: s.id === 'name' ? Math.max(1, Math.min(natural('name', s.title), width - MARKER - others)) : natural(s.id, s.title),
  }));
}

/** A debug row's text after the marker: its cells in the columns. */
export function debugRowText(cells: DebugCells, columns: readonly DebugColumn[]): string {
  return columns.map((c) => fit(cells[c.id], c.width)).join(' ').trimEnd();
}

/** The titles line's text after the marker. */
export function debugTitlesText(columns: readonly DebugColumn[]): string {
  return columns.map((c) => fit(c.title, c.width)).join(' ').trimEnd();
}

/** An app container's row after the marker: name, image (its tail kept: the tag matters) and its notes, in `width`. */
export function appRowText(item: Extract<ContainerItem, { kind: 'app' }>, nameWidth: number, width: number): string {
  const note = [item.isDefault ? 'default' : '', item.running ? '' : 'not running'].filter((s) => s !== '').join(', ');
  const room = width - MARKER;
  const name = Math.min(nameWidth, room);
  const image = Math.max(0, room - name - 1 - (note === '' ? 0 : note.length + 1));
  const text = image < 8 ? `${fit(item.name, name)} ${note}` : `${fit(item.name, name)} ${fit(item.image, image, true)} ${note}`;
  return fit(text.trimEnd(), room).trimEnd();
}

/**
 * The selected item's detail line: its whole image reference, cut at the end to `width` (a debug
 * container's is pinned by digest, which the rows leave out).
 */
export function detailText(item: ContainerItem | undefined, width: number): string {
  return item === undefined ? '' : fit(`  image ${item.image}`, width).trimEnd();
}
