// The pod list's registry checks, pure: which rows on screen to check, how long an answer holds, and
// what the DEV IMAGE and DL cells say before and after. The hook (hooks/use-dev-image-checks.ts) runs them.
import type { Confidence, DevImageRule } from '../../core/dev-image.js';
import { listHeight } from './layout.js';
import { shortenImage, type PodRow } from './pod-rows.js';
import type { TuiState } from './state.js';

/** The resolver's answer for one app image, reduced to what the list shows. */
export interface DevImageAnswer {
  /** The reference a debug container would run: pinned where the registry answered a digest. */
  run: string;
  /** exists: the registry has it; unchecked: --offline, or nothing found; unreachable: no answer. */
  verified: 'exists' | 'unchecked' | 'unreachable';
  rule: DevImageRule;
  confidence: Confidence;
}

/** What the list knows about one app image: an answer, or that asking failed (then the name-based guess shows). */
export type DevImageCheck = { kind: 'answered'; answer: DevImageAnswer; at: number } | { kind: 'failed'; at: number };

/** One app image to ask about; rows running the same image (and, when pinned, the same digest) share it. */
export interface CheckTarget {
  key: string;
  image: string;
  imageID?: string;
}

/**
 * An answer the registry confirmed holds for the life of the picker. Anything else (registry not
 * reached, --offline, a failed check) is asked again after this long while its row is on screen.
 */
export const RECHECK_MS = 30_000;

/** At most this many checks run at once: a screenful of distinct images must not flood a registry. */
export const CHECK_CONCURRENCY = 4;

/** The app image a row's check is about; undefined when its image does not parse (nothing to ask). */
export function checkTarget(row: PodRow): CheckTarget | undefined {
  if (row.devImage === '') return undefined;
  if (row.appImageID === undefined) return { key: row.appImage, image: row.appImage };
  return { key: `${row.appImage} ${row.appImageID}`, image: row.appImage, imageID: row.appImageID };
}

/** The distinct check targets of the rows on screen, in screen order. */
export function checkTargets(rows: readonly PodRow[]): CheckTarget[] {
  const seen = new Set<string>();
  const targets: CheckTarget[] = [];
  for (const row of rows) {
    const target = checkTarget(row);
    if (target === undefined || seen.has(target.key)) continue;
    seen.add(target.key);
    targets.push(target);
  }
  return targets;
}

function confirmed(check: DevImageCheck): boolean {
  return check.kind === 'answered' && check.answer.verified === 'exists';
}

/** Whether `check` still stands at `now`, or should be asked again. */
export function isFresh(check: DevImageCheck | undefined, now: number): boolean {
  if (check === undefined) return false;
  return confirmed(check) || now - check.at < RECHECK_MS;
}

export interface CheckPlan {
  /** Checks to begin now, within the concurrency limit. */
  start: CheckTarget[];
  /** Running checks whose rows left the screen: abort them. */
  cancel: string[];
}

/** Which checks to begin and which to abort, given the targets on screen and the checks already running. */
export function planChecks(
  targets: readonly CheckTarget[],
  checks: ReadonlyMap<string, DevImageCheck>,
  running: ReadonlySet<string>,
  now: number,
  limit: number = CHECK_CONCURRENCY,
): CheckPlan {
  const wanted = new Set(targets.map((t) => t.key));
  const cancel = [...running].filter((key) => !wanted.has(key));
  let free = limit - (running.size - cancel.length);
  const start: CheckTarget[] = [];
  for (const target of targets) {
    if (free <= 0) break;
    if (running.has(target.key) || isFresh(checks.get(target.key), now)) continue;
    start.push(target);
    free--;
  }
  return { start, cancel };
}

/** Milliseconds until the first answer on screen that is not confirmed is due to be asked again. */
export function nextRecheckIn(targets: readonly CheckTarget[], checks: ReadonlyMap<string, DevImageCheck>, now: number): number | undefined {
  let next: number | undefined;
  for (const target of targets) {
    const check = checks.get(target.key);
    if (check === undefined || confirmed(check)) continue;
    const due = Math.max(0, check.at + RECHECK_MS - now);
    next = next === undefined ? due : Math.min(next, due);
  }
  return next;
}

/**
 * `…` checking; `?` not confirmed (the registry could not be reached, --offline, or the check failed):
 * the image is what a session would choose without the registry's answer.
 */
export type DevImageMark = '' | '…' | '?';

export interface DevImageCell {
  text: string;
  mark: DevImageMark;
  /** A different image than the app's own -dev sibling (the default debug image). */
  guess: boolean;
}

/** The DEV IMAGE cell: the image a session would run once checked, the name-based choice before. */
export function devImageCell(row: PodRow, check: DevImageCheck | undefined): DevImageCell {
  if (row.devImage === '') return { text: '-', mark: '', guess: false };
  if (check === undefined) return { text: row.devImage, mark: '…', guess: row.devConfidence === 'guess' };
  if (check.kind === 'failed') return { text: row.devImage, mark: '?', guess: row.devConfidence === 'guess' };
  const { answer } = check;
  return { text: shortenImage(answer.run), mark: answer.verified === 'exists' ? '' : '?', guess: answer.confidence === 'guess' };
}

/**
 * The DL cell. The list sorts and filters (`d`) by the image's name alone (Chainguard's without -dev,
 * distroless without debug, known shell-less images), which no registry can confirm: a manifest does
 * not tell whether an image has a shell. What a check can establish is that the image is one of a
 * published distroless and -dev pair: its -dev (or debug) sibling exists. So: `confirmed` for that,
 * `name` while only the name says so, `none` otherwise (also when the check found no sibling).
 */
export function distrolessMark(row: PodRow, check: DevImageCheck | undefined): 'confirmed' | 'name' | 'none' {
  if (!row.distroless) return 'none';
  if (check === undefined || check.kind === 'failed' || check.answer.verified !== 'exists') return 'name';
  return check.answer.rule === 'default-image' || check.answer.rule === 'override' ? 'none' : 'confirmed';
}

/** The rows the list draws now; none while another screen or the help covers it. */
export function rowsOnScreen(state: Pick<TuiState, 'screen' | 'help' | 'view' | 'top' | 'viewport'>): readonly PodRow[] {
  if (state.screen.kind !== 'list' || state.help) return [];
  return state.view.rows.slice(state.top, state.top + listHeight(state.viewport));
}
