// fzf-like fuzzy matching: the pattern's characters in order, scored so that consecutive runs and
// matches at word starts (after / - _ . : or a space, or a camelCase hump) rank first.

export interface FuzzyMatch {
  score: number;
  /** Indexes in the text of the matched characters, ascending. */
  positions: number[];
}

const SCORE_MATCH = 16;
const GAP_START = 3;
const GAP_EXTENSION = 1;
const BONUS_WHITE = 10;
const BONUS_DELIMITER = 9;
const BONUS_CAMEL = 7;
const BONUS_CONSECUTIVE = 4;
const FIRST_CHAR_MULTIPLIER = 2;
const NONE = Number.NEGATIVE_INFINITY;

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}
function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function bonusAt(text: string, index: number, from: number): number {
  if (index === from) return BONUS_WHITE;
  const prev = text.charCodeAt(index - 1);
  const cur = text.charCodeAt(index);
  if (prev === 32) return BONUS_WHITE;
  // / - _ . : , @
  if (prev === 47 || prev === 45 || prev === 95 || prev === 46 || prev === 58 || prev === 44 || prev === 64) return BONUS_DELIMITER;
  if (isLower(prev) && isUpper(cur)) return BONUS_CAMEL;
  if (!isDigit(prev) && isDigit(cur)) return BONUS_CAMEL;
  return 0;
}

/** Scratch space for one pattern, reused across texts so thousands of rows allocate nothing. */
interface Scratch {
  score: Float64Array;
  from: Int32Array;
  run: Float64Array;
}

function scratchFor(scratch: Scratch, size: number): Scratch {
  if (scratch.score.length >= size) return scratch;
  const capacity = Math.max(size, scratch.score.length * 2);
  return { score: new Float64Array(capacity), from: new Int32Array(capacity), run: new Float64Array(capacity) };
}

/**
 * The columns an alignment can use, or undefined when the pattern is not a subsequence: from the first
 * occurrence of its first character to the last occurrence of its last one. Cells outside can never be
 * part of a complete alignment, so the alignment skips them (for "svc" in "cg-bench-042/svc-cart-00042"
 * columns 13 to 17 of 27).
 */
function alignRange(pattern: string, text: string, from: number): { lo: number; hi: number } | undefined {
  let i = 0;
  let lo = -1;
  for (let j = from; j < text.length && i < pattern.length; j++) {
    if (text.charCodeAt(j) !== pattern.charCodeAt(i)) continue;
    if (i === 0) lo = j;
    i++;
  }
  if (i < pattern.length) return undefined;
  const last = pattern.charCodeAt(pattern.length - 1);
  let hi = text.length - 1;
  while (text.charCodeAt(hi) !== last) hi--;
  return { lo, hi };
}

/**
 * Smith-Waterman-style alignment: score[i*m+j] is the best score with p[i] matched at t[j]. Returns
 * the end index of the best alignment, or -1.
 */
function align(p: string, t: string, original: string, s: Scratch, lo: number, hi: number, start: number): number {
  const n = p.length;
  const m = t.length;
  const { score, from, run } = s;
  for (let i = 0; i < n; i++) {
    const row = i * m;
    const prevRow = row - m;
    const pc = p.charCodeAt(i);
    // Best predecessor with a gap of at least one character, already charged its gap penalty.
    let gapBest = NONE;
    let gapFrom = -1;
    for (let j = lo; j <= hi; j++) {
      score[row + j] = NONE;
      from[row + j] = -1;
      if (i > 0 && j >= lo + 2) {
        gapBest -= GAP_EXTENSION;
        const candidate = (score[prevRow + j - 2] as number) - GAP_START;
        if (candidate > gapBest) {
          gapBest = candidate;
          gapFrom = j - 2;
        }
      }
      if (t.charCodeAt(j) !== pc) continue;
      const b = bonusAt(original, j, start);
      if (i === 0) {
        score[row + j] = SCORE_MATCH + b * FIRST_CHAR_MULTIPLIER;
        run[row + j] = b;
        continue;
      }
      const consecutive = j >= lo + 1 ? (score[prevRow + j - 1] as number) : NONE;
      if (consecutive !== NONE) {
        const carried = Math.max(b, run[prevRow + j - 1] as number, BONUS_CONSECUTIVE);
        score[row + j] = consecutive + SCORE_MATCH + carried;
        from[row + j] = j - 1;
        run[row + j] = carried;
      }
      if (gapBest !== NONE && gapBest + SCORE_MATCH + b > (score[row + j] as number)) {
        score[row + j] = gapBest + SCORE_MATCH + b;
        from[row + j] = gapFrom;
        run[row + j] = b;
      }
    }
  }
  const last = (n - 1) * m;
  let end = -1;
  for (let j = lo; j <= hi; j++) if ((score[last + j] as number) > (end < 0 ? NONE : (score[last + end] as number))) end = j;
  return end;
}

/** Smart case, like fzf: an uppercase letter in the pattern makes the match case-sensitive. */
function normalized(pattern: string): { p: string; sensitive: boolean } {
  const sensitive = pattern !== pattern.toLowerCase();
  return { p: sensitive ? pattern : pattern.toLowerCase(), sensitive };
}

/**
 * One character: its best occurrence, the one at the strongest word start, needs no alignment. The same
 * score as the alignment's (every occurrence is a complete match of its own); this is what the first
 * keystroke of a filter asks of every row.
 */
function oneCharScorer(p: string, sensitive: boolean): (text: string, lower?: string, from?: number) => number | undefined {
  return (text, lower, from = 0) => {
    const t = sensitive ? text : (lower ?? text.toLowerCase());
    let best = -1;
    for (let j = t.indexOf(p, from); j >= 0 && best < BONUS_WHITE; j = t.indexOf(p, j + 1)) best = Math.max(best, bonusAt(text, j, from));
    return best < 0 ? undefined : SCORE_MATCH + best * FIRST_CHAR_MULTIPLIER;
  };
}

/**
 * A scorer for one pattern: the score of each text, or undefined when it does not match. `lower` is the
 * text in lower case when the caller keeps it (no copy per call), and `from` where the matched part of
 * the text starts (the name in `namespace/name`), so thousands of rows are scored without allocating.
 */
export function fuzzyScorer(pattern: string): (text: string, lower?: string, from?: number) => number | undefined {
  const { p, sensitive } = normalized(pattern);
  if (p.length === 1) return oneCharScorer(p, sensitive);
  let scratch: Scratch = { score: new Float64Array(256), from: new Int32Array(256), run: new Float64Array(256) };
  return (text, lower, from = 0) => {
    if (p === '') return 0;
    const t = sensitive ? text : (lower ?? text.toLowerCase());
    const range = alignRange(p, t, from);
    if (range === undefined) return undefined;
    scratch = scratchFor(scratch, p.length * t.length);
    const end = align(p, t, text, scratch, range.lo, range.hi, from);
    return end < 0 ? undefined : (scratch.score[(p.length - 1) * t.length + end] as number);
  };
}

/** The score and the matched positions (for highlighting). */
export function fuzzyMatch(pattern: string, text: string): FuzzyMatch | undefined {
  const { p, sensitive } = normalized(pattern);
  if (p === '') return { score: 0, positions: [] };
  const t = sensitive ? text : text.toLowerCase();
  const range = alignRange(p, t, 0);
  if (range === undefined) return undefined;
  const size = p.length * t.length;
  const scratch: Scratch = { score: new Float64Array(size), from: new Int32Array(size), run: new Float64Array(size) };
  const end = align(p, t, text, scratch, range.lo, range.hi, 0);
  if (end < 0) return undefined;
  const m = t.length;
  const positions: number[] = [];
  for (let i = p.length - 1, j = end; i >= 0 && j >= 0; i--) {
    positions.push(j);
    j = scratch.from[i * m + j] ?? -1;
  }
  positions.reverse();
  return { score: scratch.score[(p.length - 1) * m + end] ?? 0, positions };
}
