// The UsageError a call throws, for tests that check its message and hint from a table.
import { expect } from 'vitest';
import { UsageError } from '../../src/core/errors.js';

/** Runs `run`, which must throw a UsageError, and returns it. */
export function usageErrorOf(run: () => unknown): UsageError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UsageError);
  return caught as UsageError;
}

/** `actual` is `want` when a string, or matches it when a RegExp. */
export function expectText(actual: string | undefined, want: string | RegExp): void {
  if (typeof want === 'string') expect(actual).toBe(want);
  else expect(actual).toMatch(want);
}
