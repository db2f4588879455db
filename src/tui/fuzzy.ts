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

function bonusAt(text: string, index: number): number {
  if (index === 0) return BONUS_WHITE;
  const prev = text[index - 1] ?? ' ';
  const cur = text[index] ?? ' ';
  if (prev === ' ') return BONUS_WHITE;
  if ('/-_.:,@'.includes(prev)) return BONUS_DELIMITER;
  if (/[a-z]/.test(prev) && /[A-Z]/.test(cur)) return BONUS_CAMEL;
  if (/[^0-9]/.test(prev) && /[0-9]/.test(cur)) return BONUS_CAMEL;
  return 0;
}

/** Smart case, like fzf: an uppercase letter in the pattern makes the match case-sensitive. */
export function fuzzyMatch(pattern: string, text: string): FuzzyMatch | undefined {
  if (pattern === '') return { score: 0, positions: [] };
  const sensitive = pattern !== pattern.toLowerCase();
  const p = sensitive ? pattern : pattern.toLowerCase();
  const t = sensitive ? text : text.toLowerCase();
  if (!isSubsequence(p, t)) return undefined;

  const n = p.length;
  const m = t.length;
  // score[i][j]: best score with p[i] matched at t[j]; from[i][j]: where p[i-1] was matched.
  // chunk[i][j]: the bonus of the consecutive run's first character, carried along the run.
  const score: Float64Array[] = [];
  const from: Int32Array[] = [];
  const chunk: Float64Array[] = [];
  const bonus = Array.from({ length: m }, (_, j) => bonusAt(text, j));

  for (let i = 0; i < n; i++) {
    const row = new Float64Array(m).fill(NONE);
    const back = new Int32Array(m).fill(-1);
    const run = new Float64Array(m);
    const prev = score[i - 1];
    const prevRun = chunk[i - 1];
    // Best predecessor with a gap of at least one character, already charged its gap penalty.
    let gapBest = NONE;
    let gapFrom = -1;
    for (let j = 0; j < m; j++) {
      if (prev !== undefined && j >= 2) {
        gapBest -= GAP_EXTENSION;
        const candidate = (prev[j - 2] ?? NONE) - GAP_START;
        if (candidate > gapBest) {
          gapBest = candidate;
          gapFrom = j - 2;
        }
      }
      if (t[j] !== p[i]) continue;
      const b = bonus[j] ?? 0;
      if (prev === undefined) {
        row[j] = SCORE_MATCH + b * FIRST_CHAR_MULTIPLIER;
        run[j] = b;
        continue;
      }
      const consecutivePrev = j >= 1 ? (prev[j - 1] ?? NONE) : NONE;
      if (consecutivePrev !== NONE) {
        const carried = Math.max(b, prevRun?.[j - 1] ?? 0, BONUS_CONSECUTIVE);
        row[j] = consecutivePrev + SCORE_MATCH + carried;
        back[j] = j - 1;
        run[j] = carried;
      }
      if (gapBest !== NONE && gapBest + SCORE_MATCH + b > (row[j] ?? NONE)) {
        row[j] = gapBest + SCORE_MATCH + b;
        back[j] = gapFrom;
        run[j] = b;
      }
    }
    score.push(row);
    from.push(back);
    chunk.push(run);
  }

  const last = score[n - 1] ?? new Float64Array();
  let end = -1;
  for (let j = 0; j < m; j++) if ((last[j] ?? NONE) > (end < 0 ? NONE : (last[end] ?? NONE))) end = j;
  if (end < 0 || last[end] === NONE) return undefined;
  const positions: number[] = [];
  for (let i = n - 1, j = end; i >= 0 && j >= 0; i--) {
    positions.push(j);
    j = from[i]?.[j] ?? -1;
  }
  positions.reverse();
  return { score: last[end] ?? 0, positions };
}

function isSubsequence(pattern: string, text: string): boolean {
  let i = 0;
  for (let j = 0; j < text.length && i < pattern.length; j++) if (text[j] === pattern[i]) i++;
  return i === pattern.length;
}
