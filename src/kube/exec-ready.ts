// Exec as soon as the runtime runs the container. The kubelet serves exec from the runtime's list of
// running containers (kubelet findContainer: GetPods(all=false)), while the pod status follows up to a
// second later, after its next relist. Until the container runs, an exec ends at once with the Status
// "unable to upgrade connection: container not found" (code 500: on the websocket's status channel, or
// as the upgrade's HTTP status); those attempts are retried, nothing else is.
import type { V1Status } from '@kubernetes/client-node';
import { ContainerFailedError, InterruptedError } from '../core/errors.js';
import { httpStatusOf } from './api-errors.js';

/** An exec the kubelet refused because the runtime does not run the container (yet). */
export class ContainerStartingError extends ContainerFailedError {}

/** The Status an exec ends with while the runtime does not run the container. */
export function isStartingStatus(status: V1Status): boolean {
  return status.status === 'Failure' && status.code === 500 && /container not found|not running/i.test(status.message ?? '');
}

/** Retries the attempt (a whole exec) while the container is starting. */
export type StartRetry = <T>(attempt: () => Promise<T>) => Promise<T>;

export interface RetryOptions {
  /**
   * Rejects when the container can no longer start (image pull or config error from the pod's status,
   * the container exited, the wait timed out): the retrying stops with that error.
   */
  failed: Promise<never>;
  signal: AbortSignal;
  /** Pause between attempts (default 50 ms: one failed attempt is one API and kubelet round trip). */
  intervalMs?: number;
  /** Injected for tests; default setTimeout. */
  delay?: (ms: number) => Promise<void>;
}

function starting(error: unknown): boolean {
  return error instanceof ContainerStartingError || httpStatusOf(error) === 500;
}

/** A StartRetry that repeats "not running yet" attempts until one gets through or `failed` rejects. */
export function retryWhileStarting(options: RetryOptions): StartRetry {
  const delay = options.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = options.intervalMs ?? 50;
  return async <T>(attempt: () => Promise<T>): Promise<T> => {
    let failure: { error: unknown } | undefined;
    const failed = options.failed.catch((error: unknown) => {
      failure = { error };
    });
    // A function, so the compiler does not take `failure` for still unset after an await.
    const throwIfFailed = (): void => {
      if (failure) throw failure.error;
    };
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (options.signal.aborted) throw new InterruptedError('interrupted while the debug container started', { cause: error });
        if (!starting(error)) throw error;
        throwIfFailed();
        await Promise.race([delay(interval), failed]);
        throwIfFailed();
      }
    }
  };
}
