// The `?` screen laid out for the terminal, pure: the keymap's bindings of a context (and the list's
// column legend), each text wrapped under its own column so nothing is cut at 80 columns or fewer;
// when that is too tall for the screen and wide enough, the keys go in two columns side by side.
import { helpFor, type KeyContext } from './keymap.js';
import { frameHeight, type Viewport } from './layout.js';

export interface HelpEntry {
  /** The keys (or the column's name), shown in the accent colour. */
  keys: string;
  help: string;
}

/** One cell of a row: the keys (blank on a continuation line) and a line of the wrapped help. */
export interface HelpCell {
  keys: string;
  text: string;
}

export type HelpRow = { kind: 'heading'; text: string } | { kind: 'gap' } | { kind: 'cells'; cells: HelpCell[] };

export interface HelpLayout {
  rows: HelpRow[];
  /** Width of the keys in each cell (padded), and of each cell in a row (the last one takes the rest). */
  keyWidth: number;
  cellWidth: number;
  /** Rows left out at the bottom because the terminal is too short for them (a line then says so). */
  cut: number;
  /** Tight: no blank lines, not even above the hint bar. */
  compact: boolean;
}

export const COLUMN_LEGEND: readonly HelpEntry[] = [
  { keys: 'DL *', help: 'distroless by name (Chainguard without -dev, distroless without debug); bright: its -dev sibling confirmed' },
  { keys: 'DEV IMAGE', help: 'the debug image a session would run (…: checking the registry; ?: registry not reached)' },
  { keys: 'DBG', help: 'cg-debug containers already in the pod' },
];

/** Words of `text` in lines of at most `width`; a word longer than that is cut into pieces. */
export function wrapText(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let rest = word;
    while (rest.length > room) {
      if (line !== '') lines.push(line);
      lines.push(rest.slice(0, room));
      line = '';
      rest = rest.slice(room);
    }
    if (line === '') line = rest;
    else if (line.length + 1 + rest.length <= room) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

// Two spaces before the keys and two after them.
const INDENT = 2;
const GAP = 2;
// A help text narrower than this reads badly: the two-column layout needs at least this much text per column.
const MIN_TEXT = 16;
// The hint bar below the help and the blank line above it (left out when compact).
const FOOTER = 2;

function cellLines(entry: HelpEntry, textWidth: number): HelpCell[] {
  return wrapText(entry.help, textWidth).map((text, i) => ({ keys: i === 0 ? entry.keys : '', text }));
}

/** Entries side by side, `columns` per row, each entry's wrapped lines below it. */
function entryRows(entries: readonly HelpEntry[], columns: number, textWidth: number): HelpRow[] {
  const perColumn = Math.ceil(entries.length / columns);
  const rows: HelpRow[] = [];
  for (let r = 0; r < perColumn; r++) {
    const parts = Array.from({ length: columns }, (_, c) => entries[c * perColumn + r]).map((e) => (e === undefined ? [] : cellLines(e, textWidth)));
    const height = Math.max(...parts.map((p) => p.length));
    for (let line = 0; line < height; line++) {
      rows.push({ kind: 'cells', cells: parts.map((p) => p[line] ?? { keys: '', text: '' }) });
    }
  }
  return rows;
}

/** Width of a cell's help text. */
export function helpTextWidth(layout: Pick<HelpLayout, 'keyWidth' | 'cellWidth'>): number {
  return layout.cellWidth - INDENT - layout.keyWidth - GAP;
}

/** The help for `context` in `viewport`: no row wider than the terminal, cut at its height. */
export function helpLayout(context: KeyContext, viewport: Viewport): HelpLayout {
  const keys: HelpEntry[] = helpFor(context);
  const legend = context === 'list' || context === 'filter' ? COLUMN_LEGEND : [];
  const keyWidth = Math.max(...[...keys, ...legend].map((e) => e.keys.length));
  const build = (columns: number): { rows: HelpRow[]; cellWidth: number } => {
    const cellWidth = Math.floor(viewport.columns / columns);
    const textWidth = cellWidth - INDENT - keyWidth - GAP;
    const rows: HelpRow[] = [{ kind: 'heading', text: 'Keys' }, ...entryRows(keys, columns, textWidth)];
    if (legend.length > 0) {
      const fullText = viewport.columns - INDENT - keyWidth - GAP;
      rows.push({ kind: 'gap' }, { kind: 'heading', text: 'Columns' }, ...entryRows(legend, 1, fullText));
    }
    return { rows, cellWidth };
  };
  let room = Math.max(1, frameHeight(viewport) - FOOTER);
  let layout = build(1);
  const twoFit = Math.floor(viewport.columns / 2) - INDENT - keyWidth - GAP >= MIN_TEXT;
  if (layout.rows.length > room && twoFit) layout = build(2);
  // Still too tall: the blank lines go before any help does.
  const compact = layout.rows.length > room;
  if (compact) {
    layout = { ...layout, rows: layout.rows.filter((r) => r.kind !== 'gap') };
    room += 1;
  }
  // Too tall even so: the rows that fit, and one line saying how many more there are.
  const cut = layout.rows.length > room ? layout.rows.length - (room - 1) : 0;
  return { rows: cut === 0 ? layout.rows : layout.rows.slice(0, room - 1), keyWidth, cellWidth: layout.cellWidth, cut, compact };
}
