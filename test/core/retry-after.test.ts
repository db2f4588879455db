import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay, type RetryInput } from '../../src/core/retry-after.js';

const NOW = Date.parse('2026-11-30T20:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    { name: 'seconds', input: '3', want: 3_000 },
    { name: 'zero', input: '0', want: 0 },
    { name: 'an HTTP date', input: 'Mon, 30 Nov 2026 20:00:05 GMT', want: 5_000 },
    { name: 'a date in the past', input: 'Mon, 30 Nov 2026 19:00:00 GMT', want: 0 },
    { name: 'absent', input: undefined, want: undefined },
    { name: 'negative', input: '-1', want: undefined },
    { name: 'a fraction', input: '1.5', want: undefined },
    { name: 'garbage', input: 'soon', want: undefined },
  ])('$name', ({ input, want }) => {
    expect(parseRetryAfter(input, NOW)).toBe(want);
  });
});

describe('retryDelay', () => {
  const base: RetryInput = { status: 429, retries: 0, waitedMs: 0, now: NOW };
  it.each<{ name: string; input: RetryInput; want: number | undefined }>([
    { name: '429 with Retry-After', input: { ...base, retryAfter: '2' }, want: 2_000 },
    { name: '503 with Retry-After', input: { ...base, status: 503, retryAfter: '1' }, want: 1_000 },
    { name: '429 without Retry-After: backoff', input: { ...base, retries: 2 }, want: 2_000 },
    { name: 'other statuses are not retried', input: { ...base, status: 500, retryAfter: '1' }, want: undefined },
    { name: 'no status (network error) is not retried here', input: { ...base, status: undefined }, want: undefined },
    { name: 'after three retries', input: { ...base, retries: 3, retryAfter: '1' }, want: undefined },
    { name: 'a wait longer than 10 s is not waited for', input: { ...base, retryAfter: '3600' }, want: undefined },
    { name: 'the total stays under 20 s', input: { ...base, retries: 2, waitedMs: 15_000, retryAfter: '6' }, want: undefined },
  ])('$name', ({ input, want }) => {
    expect(retryDelay(input)).toBe(want);
  });
});
