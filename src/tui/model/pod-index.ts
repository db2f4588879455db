// The pod collection and the visible view over it, updated incrementally: a watch event touches one
// row, so it costs a binary search and a splice, never a re-sort of thousands of rows.
import { fuzzyScorer } from './fuzzy.js';
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
  /** Filter scores by uid, only while filtering. Highlights are computed for the visible rows only. */
  scores: ReadonlyMap<string, number>;
  /**
   * The filter's matches in `compareRows` order, when a filter built the view (watch events patch the
   * rows and scores only): a longer filter needs to look at these alone.
   */
  matched?: readonly PodRow[];
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

/** The two sorted lists as one, in order; on a tie `a`'s element first. */
export function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out = new Array<T>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = compare(b[j] as T, a[i] as T) < 0 ? (b[j++] as T) : (a[i++] as T);
  while (i < a.length) out[k++] = a[i++] as T;
  while (j < b.length) out[k++] = b[j++] as T;
  return out;
}

// Above this many changes one sort beats that many binary-search splices (a list page, a relist).
const BULK = 256;

export function applyPodChanges(index: PodIndex, upserts: readonly PodRow[], deletes: readonly string[]): PodIndex {
  if (upserts.length === 0 && deletes.length === 0) return index;
  if (upserts.length + deletes.length > BULK) {
    const byUid = new Map(index.byUid);
    // The rows replaced or deleted leave the sorted list; the new ones, sorted, are merged into it.
    const gone = new Set<PodRow>();
    const added = new Map<string, PodRow>();
    for (const uid of deletes) {
      const old = byUid.get(uid);
      if (old !== undefined) gone.add(old);
      byUid.delete(uid);
      added.delete(uid);
    }
    for (const row of upserts) {
      const old = byUid.get(row.uid);
      if (old !== undefined && !added.has(row.uid)) gone.add(old);
      byUid.set(row.uid, row);
      added.set(row.uid, row);
    }
    const kept = gone.size === 0 ? index.sorted : index.sorted.filter((row) => !gone.has(row));
    return { byUid, sorted: mergeSorted(kept, [...added.values()].sort(compareRows), compareRows) };
  }
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
  return allNamespaces ? row.matchText : row.name;
}

/** Where the matched part of `row.matchText` starts: the name alone unless all namespaces are listed. */
function matchFrom(row: PodRow, allNamespaces: boolean): number {
  return allNamespaces ? 0 : row.namespace.length + 1;
}

function byScore(scores: ReadonlyMap<string, number>): (a: PodRow, b: PodRow) => number {
  return (a, b) => (scores.get(b.uid) ?? 0) - (scores.get(a.uid) ?? 0) || compareRows(a, b);
}

/**
 * The rows `score` matches, in their order, into `matched` and their scores into `points`; `previous`
 * keeps to the rows it has. The one loop over every row on a keystroke, kept small so that it is
 * compiled early.
 */
function scoreRows(
  rows: readonly PodRow[],
  score: ReturnType<typeof fuzzyScorer>,
  allNamespaces: boolean,
  previous: ReadonlyMap<string, number> | undefined,
  matched: PodRow[],
  points: number[],
): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as PodRow;
    if (previous !== undefined && !previous.has(row.uid)) continue;
    const s = score(row.matchText, row.matchLower, matchFrom(row, allNamespaces));
    if (s === undefined) continue;
    matched.push(row);
    points.push(s);
  }
}

/**
 * The visible rows: distroless only or all, and while filtering the matches, best first. `narrowFrom`
 * is the previous view when the filter only grew: nothing outside its matches can match the longer
 * pattern, so only those are scored again (at 20,000 pods, the later keystrokes of a name score a few
 * hundred rows, not every row). Rows are visited in `compareRows` order and equal scores keep that
 * order (most rows tie on the first letters, when nearly all of them match). Per row, no text is copied.
 */
export function buildView(index: PodIndex, options: ViewOptions, narrowFrom?: PodView): PodView {
  const base = options.distrolessOnly ? distrolessPrefix(index.sorted) : index.sorted;
  if (options.filter === '') return { rows: base, scores: new Map() };
  const matched: PodRow[] = [];
  const points: number[] = [];
  // In list order: the previous matches, or every row (those a watch event patched in too).
  const previous = narrowFrom?.matched === undefined ? narrowFrom?.scores : undefined;
  scoreRows(narrowFrom?.matched ?? base, fuzzyScorer(options.filter), options.allNamespaces, previous, matched, points);
  // Rows by score, each list in `compareRows` order: most rows share a few scores, so ordering the
  // distinct scores replaces sorting every row.
  const byScore = new Map<number, PodRow[]>();
  for (let i = 0; i < matched.length; i++) {
    const s = points[i] as number;
    const same = byScore.get(s);
    if (same === undefined) byScore.set(s, [matched[i] as PodRow]);
    else same.push(matched[i] as PodRow);
  }
  const rows = new Array<PodRow>(matched.length);
  let at = 0;
  for (const key of [...byScore.keys()].sort((x, y) => y - x)) for (const row of byScore.get(key) ?? []) rows[at++] = row;
  // Scores by uid are built on first use (a watch event while filtering): a keystroke does not need them.
  let scores: Map<string, number> | undefined;
  return {
    rows,
    matched,
    get scores(): ReadonlyMap<string, number> {
      scores ??= new Map(matched.map((row, i) => [row.uid, points[i] ?? 0]));
      return scores;
    },
  };
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
  const scores = new Map(view.scores);
  const compare = byScore(scores);
  const rows = [...view.rows];
  const uids = new Set(changed);
  for (const uid of uids) {
    const old = oldIndex.byUid.get(uid);
    if (old !== undefined && scores.has(uid)) removeSorted(rows, old, compare);
    scores.delete(uid);
  }
  const score = fuzzyScorer(options.filter);
  for (const uid of uids) {
    const row = index.byUid.get(uid);
    if (row === undefined || (options.distrolessOnly && !row.distroless)) continue;
    const s = score(row.matchText, row.matchLower, matchFrom(row, options.allNamespaces));
    if (s === undefined) continue;
    scores.set(uid, s);
    rows.splice(lowerBound(rows, row, compare), 0, row);
  }
  return { rows, scores };
}
