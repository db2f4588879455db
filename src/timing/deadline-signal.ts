/**
 * A signal that aborts after `ms`, for every network deadline (API requests, registry requests,
 * completion). Not AbortSignal.timeout: AbortSignal.any holds its sources weakly, and a timeout signal
 * nothing else references can be collected before it fires (the deadline then never came against an
 * https server that never answered). The timer holds this controller until it fires; unref'd, it keeps
 * no process alive.
 */
export function deadlineSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms).unref();
  return controller.signal;
}
