import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/duration.js';

describe('parseDuration', () => {
  it.each([
    { input: '2m', want: 120_000 },
    { input: '90s', want: 90_000 },
    { input: '1m30s', want: 90_000 },
    { input: '500ms', want: 500 },
    { input: '1h', want: 3_600_000 },
    { input: '1.5s', want: 1_500 },
  ])('$input', ({ input, want }) => {
    expect(parseDuration('--timeout', input)).toBe(want);
  });

  it.each(['', '5', 'm', '2 m', '-1s', '1d', '2m junk'])('rejects %j', (input) => {
    expect(() => parseDuration('--timeout', input)).toThrow(/--timeout/);
  });
});
