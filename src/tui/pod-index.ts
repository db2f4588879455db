// The pod collection and the visible view over it, updated incrementally: a watch event touches one
// row, so it costs a binary search and a splice, never a re-sort of thousands of rows.
import { fuzzyMatch } from './fuzzy.js';
import { compareRows, type PodRow } from './pod-rows.js';

export interface PodIndex {
  byUid: ReadonlyMap<string, PodRow>;
  /** All rows in `compareRows` order. */
  sorted: readonly PodRow[];
}

export interface ViewOptions {
  filter: string;
  distrolessOnly: boolean;
  allNamespaces: boolean;
}

export interface PodView {
  rows: readonly PodRow[];
  /** Matched character positions in `matchKey(row)`, by uid; only while filtering. */
  highlights: ReadonlyMap<string, readonly number[]>;
  scores: ReadonlyMap<string, number>;
}

export const EMPTY_INDEX: PodIndex = { byUid: new Map(), sorted: [] };

export function indexFromRows(rows: readonly PodRow[]): PodIndex {
  const byUid = new Map(rows.map((r) => [r.uid, r]));
  return { byUid, sorted: [...byUid.values()].sort(compareRows) };
}

/** First index whose element is not before `row` under `compare`. */
function lowerBound<T>(list: readonly T[], row: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(list[mid] as T, row) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function removeSorted<T>(list: T[], row: T, compare: (a: T, b: T) => number): void {
  const at = lowerBound(list, row, compare);
  if (list[at] === row) list.splice(at, 1);
  else {
    // Equal keys with a different object should not happen; fall back to identity search.
    const i = list.indexOf(row);
    if (i >= 0) list.splice(i, 1);
  }
}

export function applyPodChanges(index: PodIndex, upserts: readonly PodRow[], deletes: readonly string[]): PodIndex {
  if (upserts.length === 0 && deletes.length === 0) return index;
  const byUid = new Map(index.byUid);
  const sorted = [...index.sorted];
  for (const uid of deletes) {
    const old = byUid.get(uid);
    if (old === undefined) continue;
    byUid.delete(uid);
    removeSorted(sorted, old, compareRows);
  }
  for (const row of upserts) {
    const old = byUid.get(row.uid);
    if (old !== undefined) removeSorted(sorted, old, compareRows);
    byUid.set(row.uid, row);
    sorted.splice(lowerBound(sorted, row, compareRows), 0, row);
  }
  return { byUid, sorted };
}

/** The text the filter matches: the pod name, prefixed by its namespace when all are listed. */
export function matchKey(row: PodRow, allNamespaces: boolean): string {
  return allNamespaces ? `${row.namespace}/${row.name}` : row.name;
}

function byScore(scores: ReadonlyMap<string, number>): (a: PodRow, b: PodRow) => number {
  return (a, b) => (scores.get(b.uid) ?? 0) - (scores.get(a.uid) ?? 0) || compareRows(a, b);
}

export function buildView(index: PodIndex, options: ViewOptions): PodView {
  const base = options.distrolessOnly ? distrolessPrefix(index.sorted) : index.sorted;
  if (options.filter === '') return { rows: base, highlights: new Map(), scores: new Map() };
  const highlights = new Map<string, readonly number[]>();
  const scores = new Map<string, number>();
  const rows: PodRow[] = [];
  for (const row of base) {
    const m = fuzzyMatch(options.filter, matchKey(row, options.allNamespaces));
    if (m === undefined) continue;
    highlights.set(row.uid, m.positions);
    scores.set(row.uid, m.score);
    rows.push(row);
  }
  rows.sort(byScore(scores));
  return { rows, highlights, scores };
}

// Distroless rows sort first, so "distroless only" is a prefix of the sorted list.
export function countDistroless(sorted: readonly PodRow[]): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]?.distroless) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function distrolessPrefix(sorted: readonly PodRow[]): readonly PodRow[] {
  const n = countDistroless(sorted);
  return n === sorted.length ? sorted : sorted.slice(0, n);
}

/** The view after a batch of changes, touching only the changed rows while a filter is active. */
export function updateView(
  view: PodView,
  oldIndex: PodIndex,
  index: PodIndex,
  options: ViewOptions,
  changed: Iterable<string>,
): PodView {
  if (options.filter === '') return buildView(index, options);
  const highlights = new Map(view.highlights);
  const scores = new Map(view.scores);
  const compare = byScore(scores);
  const rows = [...view.rows];
  const uids = new Set(changed);
  for (const uid of uids) {
    const old = oldIndex.byUid.get(uid);
    if (old !== undefined && highlights.has(uid)) removeSorted(rows, old, compare);
    highlights.delete(uid);
    scores.delete(uid);
  }
  for (const uid of uids) {
    const row = index.byUid.get(uid);
    if (row === undefined || (options.distrolessOnly && !row.distroless)) continue;
    const m = fuzzyMatch(options.filter, matchKey(row, options.allNamespaces));
    if (m === undefined) continue;
    highlights.set(uid, m.positions);
    scores.set(uid, m.score);
    rows.splice(lowerBound(rows, row, compare), 0, row);
  }
  return { rows, highlights, scores };
}
