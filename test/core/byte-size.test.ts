import { describe, expect, it } from 'vitest';
import { formatBytes, formatTransfer } from '../../src/core/byte-size.js';

describe('formatBytes', () => {
  it.each([
    { name: 'bytes', input: 512, want: '512 B' },
    { name: 'zero', input: 0, want: '0 B' },
    { name: 'small KiB with a decimal', input: 1536, want: '1.5 KiB' },
    { name: 'large MiB without', input: 123 * 1024 * 1024, want: '123 MiB' },
    { name: 'GiB', input: 5 * 1024 ** 3, want: '5.0 GiB' },
  ])('$name', ({ input, want }) => {
    expect(formatBytes(input)).toBe(want);
  });
});

describe('formatTransfer', () => {
  it.each([
    { name: 'two seconds', input: { bytes: 2 * 1024 * 1024, ms: 2000 }, want: '2.0 MiB in 2.0 s (1.0 MiB/s)' },
    { name: 'an instant is never a division by zero', input: { bytes: 10, ms: 0 }, want: '10 B in 0.0 s (9.8 KiB/s)' },
  ])('$name', ({ input, want }) => {
    expect(formatTransfer(input.bytes, input.ms)).toBe(want);
  });
});
