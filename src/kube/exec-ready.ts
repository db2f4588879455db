// Exec as soon as the node can run it. The kubelet serves exec from the runtime's list of running
// containers (kubelet findContainer: GetPods(all=false)), while the pod status follows up to a second
// later, after its next relist; and right after a kubelet restart the kubelet does not know the pod at all
// until its first sync. Until then an exec ends at once, refused with "container not found" or "pod does
// not exist" (core/exec-refusal.ts reads which), as a Status on the websocket's status channel or as the
// upgrade's HTTP status; those attempts are retried, and so is an API server that cannot be reached
// (restarting): the pod status wait rides that out too, and all end at the same deadline.
import type { V1Status } from '@kubernetes/client-node';
import { classifyExecRefusal, isKubeletRefusal, type ExecRefusal } from '../core/exec-refusal.js';
import {
  ConfigError,
  ContainerFailedError,
  DisconnectedError,
  ForbiddenError,
  InterruptedError,
  TimeoutError,
  UnreachableError,
  type CgDebugErrorOptions,
} from '../core/errors.js';
import { httpStatusOf } from './api-errors.js';

/** An exec the node refused in a passing state: the container not running yet, or the kubelet away. */
export class ExecNotReadyError extends ContainerFailedError {
  constructor(
    message: string,
    readonly refusal: Exclude<ExecRefusal, 'failure'>,
    options: CgDebugErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** What a Status an exec ended with means: a refusal of the node, or 'failure' for every other end. */
export function statusRefusal(status: V1Status): ExecRefusal {
  if (status.status !== 'Failure' || status.reason === 'NonZeroExitCode') return 'failure';
  return classifyExecRefusal({ code: status.code, message: status.message });
}

/** The error for an exec the node refused in a passing state. */
export function notReadyError(container: string, refusal: Exclude<ExecRefusal, 'failure'>, message: string | undefined): ExecNotReadyError {
  const why = refusal === 'container-starting' ? 'is not running' : refusal === 'pod-unknown' ? "is not known to its node's kubelet yet" : "cannot be reached on its node";
  return new ExecNotReadyError(`${container} ${why}: ${message ?? refusal}`, refusal, {
    hint: 'it may have just ended, or the node may be restarting its kubelet: cg-debug ls POD shows its state',
  });
}

/** Retries the attempt (a whole exec) while the node cannot run it yet. */
export type StartRetry = <T>(attempt: () => Promise<T>) => Promise<T>;

/** The exec being retried, for the message at the deadline. */
export interface RetryTarget {
  namespace: string;
  pod: string;
  container: string;
  /** The pod's node, when known. */
  node?: string | undefined;
}

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
   * The retrying's own deadline from the first attempt (--timeout): a node that keeps refusing (a kubelet
   * that does not come back) ends the run even where `failed` never rejects, as for a running container.
   */
  timeoutMs?: number;
  /** Names the pod and node in the error at the deadline. */
  target?: RetryTarget;
  /**
   * How long an exec error that is not "not running yet" waits for the pod status before it is the
   * answer (default 2 s: the kubelet's relist period and the watch's delay). A container that cannot
   * start is best told by the kubelet's reason (ErrImagePull), whichever of the two arrives first.
   */
  statusGraceMs?: number;
  /** Pause between attempts (default 50 ms: one failed attempt is one API and kubelet round trip). */
  intervalMs?: number;
  /**
   * Resolves when the pod status first names the new container (waiting: ContainerCreating): the
   * kubelet's sync that creates and starts it is under way, and the runtime runs it some 70 to 200 ms
   * later. Until then the kubelet has not picked the container up (it does on a relist, up to a second
   * or two away when it is busy with the pod), so attempts come every UNREPORTED_INTERVAL_MS; a pause
   * ends at once when this resolves, and for REPORTED_WINDOW_MS after it attempts come every
   * REPORTED_INTERVAL_MS, so the exec lands right after the start. Without it, every pause is intervalMs.
   */
  reported?: Promise<unknown>;
  /** Injected for tests; default setTimeout. */
  delay?: (ms: number) => Promise<void>;
  /** Injected for tests; default performance.now. */
  now?: () => number;
}

/** Pause between attempts while the kubelet has not reported the container yet. */
export const UNREPORTED_INTERVAL_MS = 100;
/** Pause between attempts right after the kubelet reported the container, for REPORTED_WINDOW_MS. */
export const REPORTED_INTERVAL_MS = 15;
/** How long after the report the short pauses last: the start, with room for a loaded node (an image pull takes longer; it is not hurried). */
export const REPORTED_WINDOW_MS = 500;

/** The pause before the next attempt (slow: the kubelet is away) and what ends it early. */
type Cadence = (slow: boolean) => { ms: number; wake: Promise<unknown>[] };

/** The attempts' cadence: intervalMs, or around the kubelet's report of the container when one is awaited. */
function attemptCadence(options: RetryOptions): Cadence {
  const interval = options.intervalMs ?? 50;
  if (!options.reported) return (slow) => ({ ms: interval * (slow ? 10 : 1), wake: [] });
  const now = options.now ?? (() => performance.now());
  let reportedAt: number | undefined;
  const reported = options.reported.then(
    () => {
      reportedAt ??= now();
    },
    () => undefined,
  );
  return (slow) => {
    if (slow) return { ms: interval * 10, wake: [] };
    if (reportedAt === undefined) return { ms: UNREPORTED_INTERVAL_MS, wake: [reported] };
    return { ms: now() - reportedAt < REPORTED_WINDOW_MS ? REPORTED_INTERVAL_MS : interval, wake: [] };
  };
}

/**
 * `wait` (a pause between attempts), or less when Ctrl-C comes first: a running container's `failed` never
 * rejects, so nothing else would end the pause. It then ends at once, and the next attempt, which checks
 * the signal first, says what the interruption means (as timing/sleep.ts). The listener goes either way.
 */
function interruptible(wait: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return resolve(undefined);
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    void wait.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function starting(error: unknown): boolean {
  return error instanceof ExecNotReadyError || httpStatusOf(error) === 500;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10}s`;
}

/**
 * The deadline passed while the node's kubelet did not serve the pod: it restarted (an upgrade, a config
 * change) or is down. The container was added and the runtime keeps it running, so a rerun reattaches.
 */
function kubeletAwayError(last: ExecNotReadyError, target: RetryTarget | undefined, cause: unknown): DisconnectedError {
  const node = target?.node ? `node ${target.node}` : "the pod's node";
  const pod = target ? `pod ${target.namespace}/${target.pod}` : 'the pod';
  const message =
    last.refusal === 'pod-unknown'
      ? `the kubelet of ${node} did not know ${pod} before the deadline: it restarted and has not synced the pod yet (${last.message})`
      : `the API server could not reach the kubelet of ${node} before the deadline (${last.message})`;
  const ready = target?.node ? `kubectl get node ${target.node}` : 'kubectl get nodes';
  return new DisconnectedError(message, {
    hint: `${target ? target.container : 'the debug container'} was added and keeps running: once the node is Ready again (${ready}), run cg-debug again, it reattaches`,
    cause,
  });
}

/** A StartRetry that repeats "not ready yet" attempts until one gets through, `failed` rejects or the deadline passes. */
export function retryWhileStarting(options: RetryOptions): StartRetry {
  const delay = options.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const grace = options.statusGraceMs ?? 2_000;
  return async <T>(attempt: () => Promise<T>): Promise<T> => {
    const cadence = attemptCadence(options);
    let failure: { error: unknown } | undefined;
    let isRunning = false;
    let unreachable: UnreachableError | undefined;
    let refused: ExecNotReadyError | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const { timeoutMs } = options;
    const deadline =
      timeoutMs === undefined
        ? new Promise<never>(() => undefined)
        : new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              const what = options.target ? `${options.target.container} in pod ${options.target.namespace}/${options.target.pod}` : 'the debug container';
              reject(new TimeoutError(`could not exec into ${what} within ${seconds(timeoutMs)}${refused ? `: ${refused.message}` : ''}`, {
                hint: 'cg-debug ls POD shows its state; raise --timeout if the node is slow',
              }));
            }, timeoutMs);
          });
    const failed = Promise.race([options.failed, deadline]).catch((error: unknown) => {
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
      if (failure.error instanceof TimeoutError && refused && isKubeletRefusal(refused.refusal)) {
        throw kubeletAwayError(refused, options.target, failure.error);
      }
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
    try {
      for (;;) {
        try {
          return await attempt();
        } catch (error) {
          if (options.signal.aborted) throw new InterruptedError('interrupted while the debug container started', { cause: error });
          // A refused permission or credential is the answer whatever the container does: no status changes it.
          if (error instanceof ForbiddenError || error instanceof ConfigError) throw error;
          throwIfFailed();
          if (error instanceof UnreachableError) {
            unreachable = error;
            refused = undefined;
          } else if (starting(error)) {
            unreachable = undefined;
            if (error instanceof ExecNotReadyError) refused = error;
          } else {
            // The status may be about to say why the container cannot start: that is the better answer.
            if (!isRunning) await interruptible(Promise.race([delay(grace), failed, running]), options.signal);
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
          // A kubelet that is away is asked less often than a container that is about to run.
          const slow = unreachable !== undefined || (refused !== undefined && isKubeletRefusal(refused.refusal));
          const pause = cadence(slow);
          // The status saying the container runs, or the kubelet's first report of it, ends a pause at once.
          await interruptible(Promise.race([delay(pause.ms), failed, ...pause.wake, ...(isRunning ? [] : [running])]), options.signal);
          throwIfFailed();
        }
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
