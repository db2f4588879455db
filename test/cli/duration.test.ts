import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/duration.js';

describe('parseDuration', () => {
  it.each([
    { name: 'minutes', input: '2m', want: 120_000 },
    { name: 'seconds', input: '90s', want: 90_000 },
    { name: 'compound', input: '1m30s', want: 90_000 },
    { name: 'milliseconds at the lower bound', input: '1000ms', want: 1_000 },
    { name: 'hours', input: '1h', want: 3_600_000 },
    { name: 'fractions', input: '1.5s', want: 1_500 },
    { name: 'the upper bound', input: '24h', want: 86_400_000 },
    { name: 'the upper bound, compound', input: '23h59m60s', want: 86_400_000 },
  ])('$name: $input', ({ input, want }) => {
    expect(parseDuration('--timeout', input)).toBe(want);
  });

  it.each([
    { name: 'empty', input: '', want: /not a duration/ },
    { name: 'no unit', input: '5', want: /not a duration/ },
    { name: 'no number', input: 'm', want: /not a duration/ },
    { name: 'a space', input: '2 m', want: /not a duration/ },
    { name: 'negative', input: '-1s', want: /not a duration/ },
    { name: 'days', input: '1d', want: /not a duration/ },
    { name: 'trailing junk', input: '2m junk', want: /not a duration/ },
    // 597h is past Node's 2^31-1 ms timer limit: it used to fire after 1 ms.
    { name: 'past the timer limit', input: '597h', want: /out of range: it must be between 1s and 24h/ },
    { name: 'just past a day', input: '24h1ms', want: /out of range/ },
    // 0.4ms rounded to 0 and used to time out at once, after the container was added.
    { name: 'rounds to zero', input: '0.4ms', want: /out of range/ },
    { name: 'zero', input: '0s', want: /out of range/ },
    { name: 'under a second', input: '999ms', want: /out of range/ },
  ])('rejects $name: $input', ({ input, want }) => {
    expect(() => parseDuration('--timeout', input)).toThrow(want);
  });

  it('takes other bounds', () => {
    expect(parseDuration('--x', '10ms', { minMs: 1, maxMs: 100 })).toBe(10);
    expect(() => parseDuration('--x', '1s', { minMs: 1, maxMs: 100 })).toThrow(/between 1ms and 100ms/);
  });
});
