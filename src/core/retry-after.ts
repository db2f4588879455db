// When to try a request again that the server turned away for now: 429 Too Many Requests (API Priority
// and Fairness, a registry's rate limit) and 503 Service Unavailable, honouring Retry-After. Bounded in
// attempts, in each wait and in the total, so a server that keeps saying "later" ends the run instead of
// holding it. Pure.

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the run fails now and says so. */
  maxDelayMs: number;
  /** All waits together stay under this. */
  maxTotalMs: number;
  /** Without Retry-After: this, doubled on each retry. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, maxDelayMs: 10_000, maxTotalMs: 20_000, baseDelayMs: 500 };

const RETRYABLE = new Set([429, 503]);

/** Retry-After as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryInput {
  status: number | undefined;
  retryAfter?: string | undefined;
  /** Retries made so far. */
  retries: number;
  /** Milliseconds already spent waiting. */
  waitedMs: number;
  now: number;
}

/** How long to wait before the next try, or undefined: do not retry. */
export function retryDelay(input: RetryInput, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number | undefined {
  if (input.status === undefined || !RETRYABLE.has(input.status)) return undefined;
  if (input.retries >= policy.maxRetries) return undefined;
  const delay = parseRetryAfter(input.retryAfter, input.now) ?? policy.baseDelayMs * 2 ** input.retries;
  if (delay > policy.maxDelayMs || input.waitedMs + delay > policy.maxTotalMs) return undefined;
  return delay;
}
