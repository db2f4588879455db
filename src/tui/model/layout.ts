// Screen geometry shared by the reducer (paging, scrolling) and the components (what to draw).
import type { PodRow } from './pod-rows.js';

export interface Viewport {
  columns: number;
  rows: number;
}

// Title, status/filter line, table header above the rows; the hint bar below.
const LIST_CHROME = 4;

/**
 * The frame is one line shorter than the terminal: ink redraws the whole screen (and flickers) when
 * its output reaches the terminal's height.
 */
export function frameHeight(viewport: Viewport): number {
  return Math.max(3, viewport.rows - 1);
}

export function listHeight(viewport: Viewport): number {
  return Math.max(1, frameHeight(viewport) - LIST_CHROME);
}

export type ColumnId = 'namespace' | 'name' | 'ready' | 'containers' | 'image' | 'distroless' | 'devImage' | 'age' | 'node' | 'debug';

export interface Column {
  id: ColumnId;
  title: string;
  width: number;
}

interface ColumnSpec {
  id: ColumnId;
  title: string;
  min: number;
  /** Flexible columns grow to their content; fixed ones stay at `min`. */
  flex: boolean;
}

const SPECS: readonly ColumnSpec[] = [
  { id: 'namespace', title: 'NAMESPACE', min: 9, flex: true },
  { id: 'name', title: 'POD', min: 12, flex: true },
  { id: 'ready', title: 'READY', min: 5, flex: false },
  { id: 'containers', title: 'CTRS', min: 4, flex: false },
  { id: 'image', title: 'IMAGE', min: 12, flex: true },
  { id: 'distroless', title: 'DL', min: 2, flex: false },
  { id: 'devImage', title: 'DEV IMAGE', min: 12, flex: true },
  { id: 'age', title: 'AGE', min: 4, flex: false },
  { id: 'node', title: 'NODE', min: 6, flex: true },
  { id: 'debug', title: 'DBG', min: 3, flex: false },
];

// Dropped first when the terminal is narrow.
const DROP_ORDER: readonly ColumnId[] = ['node', 'containers', 'debug', 'age', 'ready'];
// Extra width goes to the name first, then the images.
const GROW_ORDER: readonly ColumnId[] = ['name', 'namespace', 'image', 'devImage', 'node'];

/** Width of the cursor marker in front of each row. */
export const MARKER_WIDTH = 2;

export type NaturalWidths = Partial<Record<ColumnId, number>>;

export function naturalWidths(rows: readonly PodRow[]): NaturalWidths {
  const w: Required<Pick<NaturalWidths, 'namespace' | 'name' | 'image' | 'devImage' | 'node'>> = {
    namespace: 0,
    name: 0,
    image: 0,
    devImage: 0,
    node: 0,
  };
  for (const r of rows) {
    w.namespace = Math.max(w.namespace, r.namespace.length);
    // A pod that does not run shows why after its name (src/tui/model/row-spans.ts).
    w.name = Math.max(w.name, r.name.length + (r.notRunning === undefined ? 0 : r.notRunning.length + 1));
    w.image = Math.max(w.image, r.image.length);
    w.devImage = Math.max(w.devImage, r.devImage.length);
    w.node = Math.max(w.node, r.node.length);
  }
  return w;
}

// Below these widths a flexible column is cramped enough that a low-value column should make room.
const COMFORT: Partial<Record<ColumnId, number>> = { name: 32, namespace: 16, image: 22, devImage: 22 };
// Dropped, in this order, to make room for the name and images.
const COMFORT_DROP_ORDER: readonly ColumnId[] = ['node', 'containers', 'debug'];

function layout(specs: readonly ColumnSpec[], width: number, natural: NaturalWidths): Map<ColumnId, number> {
  const widths = new Map(specs.map((s) => [s.id, s.min]));
  let spare = width - used(specs);
  for (const id of GROW_ORDER) {
    const spec = specs.find((s) => s.id === id);
    if (spec === undefined || !spec.flex || spare <= 0) continue;
    const want = Math.max(spec.min, Math.max(natural[id] ?? 0, spec.title.length));
    // First pass: each flexible column up to its comfortable width, so one long name cannot starve the images.
    const grow = Math.min(spare, Math.min(want, COMFORT[id] ?? want) - spec.min);
    widths.set(id, spec.min + Math.max(0, grow));
    spare -= Math.max(0, grow);
  }
  for (const id of GROW_ORDER) {
    const spec = specs.find((s) => s.id === id);
    if (spec === undefined || !spec.flex || spare <= 0) continue;
    const want = Math.max(spec.min, Math.max(natural[id] ?? 0, spec.title.length));
    const have = widths.get(id) ?? spec.min;
    const grow = Math.min(spare, Math.max(0, want - have));
    widths.set(id, have + grow);
    spare -= grow;
  }
  return widths;
}

function used(list: readonly ColumnSpec[]): number {
  return list.reduce((sum, s) => sum + s.min + 1, MARKER_WIDTH - 1);
}

function comfortable(widths: Map<ColumnId, number>, natural: NaturalWidths): boolean {
  return Object.entries(COMFORT).every(([id, target]) => {
    const have = widths.get(id as ColumnId);
    return have === undefined || have >= Math.min(target, natural[id as ColumnId] ?? 0);
  });
}

/** Columns that fit `width`: low-value columns dropped first, spare width to the name and images. */
export function tableColumns(width: number, allNamespaces: boolean, natural: NaturalWidths): Column[] {
  let specs = SPECS.filter((s) => s.id !== 'namespace' || allNamespaces);
  for (const id of DROP_ORDER) {
    if (used(specs) <= width) break;
    specs = specs.filter((s) => s.id !== id);
  }
  let widths = layout(specs, width, natural);
  for (const id of COMFORT_DROP_ORDER) {
    if (comfortable(widths, natural) || !specs.some((s) => s.id === id)) continue;
    specs = specs.filter((s) => s.id !== id);
    widths = layout(specs, width, natural);
  }
  return specs.map((s) => ({ id: s.id, title: s.title, width: widths.get(s.id) ?? s.min }));
}

/**
 * Fits an image reference: drops the digest, then the repository path, before cutting, so the
 * image's name and tag stay readable.
 */
export function fitImage(image: string, width: number): string {
  const noDigest = image.replace(/@[0-9a-f]+$/, '');
  const lastPath = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  for (const candidate of [image, noDigest, lastPath]) if (candidate.length <= width) return candidate.padEnd(width);
  return fit(lastPath, width);
}

/** Cuts to `width` with an ellipsis; `keepEnd` keeps the tail (an image's tag matters more). */
export function fit(text: string, width: number, keepEnd = false): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  if (width === 1) return '…';
  return keepEnd ? `…${text.slice(text.length - width + 1)}` : `${text.slice(0, width - 1)}…`;
}

/** First item to show so that `cursor` is visible in a window of `height` items. */
export function windowStart(cursor: number, length: number, height: number): number {
  if (length <= height) return 0;
  return Math.max(0, Math.min(cursor - Math.floor(height / 2), length - height));
}
