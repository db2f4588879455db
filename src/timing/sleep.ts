/**
 * Waits `ms`, or less when `signal` aborts first: it then resolves at once, and the caller, which checks
 * its signal anyway, decides what an interrupted wait means. The timer and the listener go either way.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
