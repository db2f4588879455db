import { UsageError } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** The range a duration flag accepts, in milliseconds. */
export interface DurationBounds {
  minMs: number;
  maxMs: number;
}

// Below a second nothing can start; above a day is a typo. Node's timers also overflow past 2^31-1 ms
// (about 24.8 days) and fire after 1 ms, which once turned `597h` into an instant timeout.
export const TIMEOUT_BOUNDS: DurationBounds = { minMs: 1_000, maxMs: 24 * 3_600_000 };

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/**
 * Parses kubectl-style durations (`90s`, `2m`, `1m30s`, `500ms`) into milliseconds within `bounds`.
 * Checked while parsing flags, so an out-of-range value stops the run before anything changes.
 */
export function parseDuration(flag: string, value: string, bounds: DurationBounds = TIMEOUT_BOUNDS): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== value) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a duration`, {
      hint: `use a number with a unit, e.g. ${flag} 90s, ${flag} 2m or ${flag} 1m30s`,
    });
  }
  const ms = Math.round(parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNIT_MS[unit ?? 's'] ?? 0), 0));
  if (!Number.isFinite(ms) || ms < bounds.minMs || ms > bounds.maxMs) {
    throw new UsageError(`${flag} ${value} is out of range: it must be between ${formatMs(bounds.minMs)} and ${formatMs(bounds.maxMs)}`, {
      hint: `e.g. ${flag} 2m`,
    });
  }
  return ms;
}
