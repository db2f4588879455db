import type { V1Pod, V1PodList } from '@kubernetes/client-node';
import { InterruptedError, NotFoundError, UnreachableError } from '../core/errors.js';
import { httpStatusOf, parseStatus, toKubeError, type ApiAction } from './api-errors.js';
import type { Kube } from './client.js';
import { REST_TIMEOUT_MS } from './rest.js';
import { openWatch } from './watch-stream.js';


/** A watch that lasted this long ended normally; only quicker ends count as failures in a row. */
const WATCH_HEALTHY_MS = 5_000;
/** Retries of a list the server did not answer (restarting, unreachable) back off up to this. */
const MAX_RETRY_MS = 2_000;

/** A pod event: ADDED, MODIFIED, DELETED (or the initial list, reported as ADDED). */
export interface PodEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  pod: V1Pod;
}

/** The pod as the server has it now (undefined: there is no such pod), and where a watch starts. */
export interface PodSnapshot {
  pod: V1Pod | undefined;
  /** The list's resourceVersion: the server's current one, not the pod's (see apiPodSource). */
  resourceVersion: string | undefined;
}

/** Where pod states come from: the API in production, a script in tests. */
export interface PodSource {
  get(signal: AbortSignal): Promise<PodSnapshot>;
  /**
   * Streams events after resourceVersion until `done` is called once (with an error, or null when the
   * server closed the stream). Resolves to a function that closes the stream.
   */
  watch(
    resourceVersion: string | undefined,
    onEvent: (type: string, object: unknown) => void,
    done: (error: unknown) => void,
  ): Promise<() => void>;
}

export function apiPodSource(kube: Kube, namespace: string, name: string): PodSource {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
  const fieldSelector = `metadata.name=${name}`;
  return {
    // A list of the one pod, not a GET, as client-go's reflectors and kubectl wait do: the watch starts
    // from the list's resourceVersion. A pod unchanged since the API server (re)started has an older one
    // than the server's watch cache holds, and a watch from it is answered 410 Gone again and again,
    // however often it is re-established, until something changes the pod.
    get: async (signal) => {
      const list = await kube.rest.json<V1PodList>({ method: 'GET', path, query: { fieldSelector }, signal });
      return { pod: list.items.find((pod) => pod.metadata?.name === name), resourceVersion: list.metadata?.resourceVersion };
    },
    watch(resourceVersion, onEvent, done) {
      return Promise.resolve(openWatch(kube, path, { fieldSelector, resourceVersion, allowWatchBookmarks: false }, onEvent, done));
    },
  };
}

/** What a decision function says about one pod state. */
export type Decision<T> = { done: T } | { fail: Error } | undefined;

export interface ObserveOptions<T> {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Called for the fresh list and every event; returns a decision or undefined to keep watching. */
  decide: (event: PodEvent) => Decision<T>;
  onTimeout: () => Error;
  /** For mapping get/watch failures. */
  action: ApiAction;
  /**
   * How many quick failures of the watch in a row are re-established (fresh list, then watch from its
   * resourceVersion). A list the server did not answer is retried until timeoutMs.
   */
  maxRestarts?: number;
}

/**
 * Follows one pod until `decide` settles: a list for the current state and the resourceVersion, then a
 * watch from there so no change is missed. Every path closes the watch, clears the timer and removes the
 * abort listener, so the process can exit.
 */
// eslint-disable-next-line max-lines-per-function -- one state machine (list, watch, restart, settle) over shared settled/generation/timer state; every exit path must clean all of it up.
export function observePod<T>(source: PodSource, options: ObserveOptions<T>): Promise<T> {
  const maxRestarts = options.maxRestarts ?? 5;
  // eslint-disable-next-line max-lines-per-function -- the same state machine's body (see above).
  return new Promise<T>((resolve, reject) => {
    const internal = new AbortController();
    let settled = false;
    let stopWatch: (() => void) | undefined;
    let restarts = 0;
    let unanswered = 0;
    let generation = 0;
    let retryTimer: NodeJS.Timeout | undefined;

    const cleanup = () => {
      settled = true;
      clearTimeout(timer);
      clearTimeout(retryTimer);
      options.signal?.removeEventListener('abort', onAbort);
      internal.abort();
      stopWatch?.();
      stopWatch = undefined;
    };
    const succeed = (value: T) => {
      if (settled) return;
      cleanup();
      resolve(value);
    };
    const fail = (error: Error) => {
      if (settled) return;
      cleanup();
      reject(error);
    };
    const onAbort = () => fail(new InterruptedError('interrupted while waiting for the debug container'));
    const timer = setTimeout(() => fail(options.onTimeout()), options.timeoutMs);

    const apply = (event: PodEvent): boolean => {
      const decision = options.decide(event);
      if (!decision) return false;
      if ('done' in decision) succeed(decision.done);
      else fail(decision.fail);
      return true;
    };

    const start = async (): Promise<void> => {
      const mine = ++generation;
      let snapshot: PodSnapshot;
      try {
        snapshot = await source.get(internal.signal);
      } catch (error) {
        if (settled) return;
        const typed = toKubeError(error, { ...options.action, verb: 'list', signal: internal.signal, timeoutMs: REST_TIMEOUT_MS });
        // The API server restarting (or a network blip) ends when it is back: the overall deadline bounds it.
        if (typed instanceof UnreachableError) {
          retryTimer = setTimeout(run, Math.min(MAX_RETRY_MS, 200 * 2 ** unanswered++));
          return;
        }
        fail(typed);
        return;
      }
      unanswered = 0;
      if (settled) return;
      const { pod, resourceVersion } = snapshot;
      // The list no longer has the pod: it was deleted, and decide() says what that means.
      if (!pod) {
        if (!apply({ type: 'DELETED', pod: {} })) fail(new NotFoundError(`pod "${options.action.name ?? ''}" was deleted`));
        return;
      }
      if (apply({ type: 'ADDED', pod })) return;

      let ended = false;
      const watchStarted = Date.now();
      const restart = (why: unknown) => {
        if (settled || ended || mine !== generation) return;
        ended = true;
        stopWatch?.();
        stopWatch = undefined;
        const status = httpStatusOf(why);
        const permanent = status !== undefined && status >= 400 && status < 500 && status !== 410;
        if (Date.now() - watchStarted >= WATCH_HEALTHY_MS) restarts = 0;
        if (permanent || restarts++ >= maxRestarts) {
          fail(toKubeError(why ?? new Error('the watch kept closing'), { ...options.action, verb: 'watch' }));
          return;
        }
        retryTimer = setTimeout(run, 200 * restarts);
      };
      const stop = await source.watch(
        resourceVersion,
        (type, object) => {
          if (settled || mine !== generation) return;
          if (type === 'ERROR') {
            // 410 Gone: the resourceVersion is too old; start over from a fresh list.
            const status = parseStatus(object);
            restart(Object.assign(new Error(status?.message ?? 'watch error'), { code: status?.code }));
            return;
          }
          if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') apply({ type, pod: object as V1Pod });
        },
        (error) => restart(error),
      );
      if (settled || mine !== generation) stop();
      else stopWatch = stop;
    };

    const run = () => {
      start().catch((error: unknown) => fail(toKubeError(error, { ...options.action, verb: 'watch' })));
    };

    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
    run();
  });
}
