import { retryDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../core/retry-after.js';
import { InterruptedError } from '../core/errors.js';
import { httpStatusOf } from './api-errors.js';
import { sleep } from '../timing/sleep.js';

export interface RetryDeps {
  signal?: AbortSignal | undefined;
  now?: () => number;
  /** Resolves after ms; rejects when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  policy?: RetryPolicy;
}

/** The wait between tries; an interrupted one ends the retrying. */
async function interruptibleSleep(ms: number, signal?: AbortSignal): Promise<void> {
  await sleep(ms, signal);
  if (signal?.aborted) throw new InterruptedError('interrupted while waiting to retry a request the API server turned away');
}

/** The Retry-After header of a client-node ApiException (header names are lower-case there). */
function retryAfterOf(error: unknown): string | undefined {
  const headers = (error as { headers?: Record<string, unknown> } | null)?.headers;
  const value = headers?.['retry-after'];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Runs an API call, again after 429 and 503 as Retry-After says, within DEFAULT_RETRY_POLICY. Any other
 * failure, or the last one, is thrown unchanged for the caller to map.
 */
export async function withRetryAfter<T>(call: () => Promise<T>, deps: RetryDeps = {}): Promise<T> {
  const now = deps.now ?? Date.now;
  let waitedMs = 0;
  for (let retries = 0; ; retries++) {
    try {
      return await call();
    } catch (error) {
      const delay = retryDelay(
        { status: httpStatusOf(error), retryAfter: retryAfterOf(error), retries, waitedMs, now: now() },
        deps.policy ?? DEFAULT_RETRY_POLICY,
      );
      if (delay === undefined || deps.signal?.aborted) throw error;
      await (deps.sleep ?? interruptibleSleep)(delay, deps.signal);
      waitedMs += delay;
    }
  }
}
