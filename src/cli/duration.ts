import { UsageError } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Parses kubectl-style durations (`90s`, `2m`, `1m30s`, `500ms`) into milliseconds. */
export function parseDuration(flag: string, value: string): number {
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== value) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a duration`, {
      hint: `use a number with a unit, e.g. ${flag} 90s, ${flag} 2m or ${flag} 1m30s`,
    });
  }
  const ms = parts.reduce((sum, [, n, unit]) => sum + Number(n) * (UNIT_MS[unit ?? 's'] ?? 0), 0);
  if (ms <= 0) {
    throw new UsageError(`${flag} must be longer than zero`, { hint: `e.g. ${flag} 2m` });
  }
  return Math.round(ms);
}
