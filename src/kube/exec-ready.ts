// Exec as soon as the runtime runs the container. The kubelet serves exec from the runtime's list of
// running containers (kubelet findContainer: GetPods(all=false)), while the pod status follows up to a
// second later, after its next relist. Until the container runs, an exec ends at once with the Status
// "unable to upgrade connection: container not found" (code 500: on the websocket's status channel, or
// as the upgrade's HTTP status); those attempts are retried, and so is an API server that cannot be reached
// (restarting): the pod status wait rides that out too, and both end at the same deadline.
import type { V1Status } from '@kubernetes/client-node';
import { ConfigError, ContainerFailedError, DisconnectedError, ForbiddenError, InterruptedError, TimeoutError, UnreachableError } from '../core/errors.js';
import { httpStatusOf } from './api-errors.js';

/** An exec the kubelet refused because the runtime does not run the container (yet). */
export class ContainerStartingError extends ContainerFailedError {}

/** The Status an exec ends with while the runtime does not run the container. */
export function isStartingStatus(status: V1Status): boolean {
  // Right after a kubelet restart, until its first sync, it does not know the pod yet: a passing state too.
  return status.status === 'Failure' && status.code === 500 && /container not found|not running|pod does not exist/i.test(status.message ?? '');
}

/** Retries the attempt (a whole exec) while the container is starting. */
export type StartRetry = <T>(attempt: () => Promise<T>) => Promise<T>;

export interface RetryOptions {
  /**
   * Rejects when the container can no longer start (image pull or config error from the pod's status,
   * the container exited, the wait timed out): the retrying stops with that error.
   */
  failed: Promise<never>;
  /** Resolves when the pod status says the container runs: from then on an exec's own error is the answer. */
  running?: Promise<unknown>;
  signal: AbortSignal;
  /**
   * How long an exec error that is not "not running yet" waits for the pod status before it is the
   * answer (default 2 s: the kubelet's relist period and the watch's delay). A container that cannot
   * start is best told by the kubelet's reason (ErrImagePull), whichever of the two arrives first.
   */
  statusGraceMs?: number;
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
  const grace = options.statusGraceMs ?? 2_000;
  return async <T>(attempt: () => Promise<T>): Promise<T> => {
    let failure: { error: unknown } | undefined;
    let isRunning = false;
    let unreachable: UnreachableError | undefined;
    const failed = options.failed.catch((error: unknown) => {
      failure = { error };
    });
    const running = (options.running ?? new Promise(() => undefined)).then(
      () => {
        isRunning = true;
      },
      () => undefined,
    );
    // A function, so the compiler does not take `failure` for still unset after an await.
    const throwIfFailed = (): void => {
      if (!failure) return;
      // The deadline passed while the API server could not be reached: the container was added and may
      // run by now, so this is a lost connection (a rerun reattaches), not a container that never started.
      if (failure.error instanceof TimeoutError && unreachable) {
        throw new DisconnectedError(`lost the API server while the debug container started (${unreachable.message})`, {
          hint: 'the debug container was added and may be running: run cg-debug again once the API server answers, it reattaches',
          cause: failure.error,
        });
      }
      throw failure.error;
    };
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (options.signal.aborted) throw new InterruptedError('interrupted while the debug container started', { cause: error });
        // A refused permission or credential is the answer whatever the container does: no status changes it.
        if (error instanceof ForbiddenError || error instanceof ConfigError) throw error;
        throwIfFailed();
        if (error instanceof UnreachableError) unreachable = error;
        else if (starting(error)) unreachable = undefined;
        else {
          // The status may be about to say why the container cannot start: that is the better answer.
          if (!isRunning) await Promise.race([delay(grace), failed, running]);
          throwIfFailed();
          // The connection dropped while the container was still starting: the API server went away
          // (restarting) between the upgrade and the kubelet's answer. Not retried, since the command may
          // just have started; the container was added, so a rerun reattaches.
          if (error instanceof DisconnectedError && !isRunning) {
            throw new DisconnectedError(`lost the API server while the debug container started: ${error.message}`, {
              hint: 'the debug container was added and may be running (the command may not have run): run cg-debug again once the API server answers, it reattaches',
              cause: error,
            });
          }
          throw error;
        }
        await Promise.race([delay(interval * (unreachable ? 10 : 1)), failed]);
        throwIfFailed();
      }
    }
  };
}
