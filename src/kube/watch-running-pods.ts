// The TUI's live pod list: one list, then a watch from its resourceVersion, re-established when the
// server closes it and relisted on 410 Gone. No polling; every change arrives as an incremental event.
import type { V1Pod } from '@kubernetes/client-node';
import { httpStatusOf, parseStatus, toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { openWatch, type WatchDeadlines } from './watch-stream.js';
import { sleep } from '../timing/sleep.js';

export type PodListEvent =
  /** A (re)list's first page: replaces whatever the consumer had. `more`: further pages follow. */
  | { type: 'reset'; pods: V1Pod[]; more?: boolean }
  /** The same list's further pages: more pods of that set. */
  | { type: 'page'; pods: V1Pod[]; more?: boolean }
  | { type: 'upsert'; pod: V1Pod }
  | { type: 'delete'; pod: V1Pod }
  /** The list or watch failed; the next attempt follows after `retryInMs`. */
  | { type: 'error'; error: Error; retryInMs: number };

export interface PodList {
  items: V1Pod[];
  resourceVersion: string;
  /** Set when more pages follow. */
  continue?: string;
}

/** Where pods come from: the API server in production, a script in tests. */
export interface PodListSource {
  /** One page of at most `limit` pods (the server's default without one), from `continueToken` on. */
  list(namespace: string | undefined, signal: AbortSignal, continueToken?: string, limit?: number): Promise<PodList>;
  /** Streams raw watch events from resourceVersion; settles when the stream ends (or fails). */
  watch(
    namespace: string | undefined,
    resourceVersion: string,
    onEvent: (type: string, object: unknown) => void,
    signal: AbortSignal,
  ): Promise<void>;
}

export interface WatchPodsOptions {
  /** undefined: all namespaces. */
  namespace: string | undefined;
  signal: AbortSignal;
  onEvent: (event: PodListEvent) => void;
  /** Waits between failed attempts; tests pass an immediate one. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

const RUNNING = 'status.phase=Running';
// A small first page shows the first rows soon; larger pages after it cut the round trips, each of which
// costs the API server about as much as 700 more pods would (at 20,000 pods: 41 pages of 500 took 4.8 s,
// one unpaged reply 1.3 s). Later pages of 2,000 rather than 5,000 keep less of the list in memory at
// once (a page's reply, its parse and its pods) for 6 more round trips: docs/picker-performance.md.
const FIRST_PAGE = 500;
const LATER_PAGE = 2000;
const MAX_BACKOFF_MS = 30_000;

function podsPath(namespace: string | undefined): string {
  return namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
}

/**
 * GET and JSON.parse, without the typed client: its deserializer walks every field of every pod and
 * takes seconds for thousands of pods, several times the reply itself. Watch events arrive untyped
 * too, so rows are derived from plain objects either way. Through the REST client, so a page has the
 * deadline and the size cap of every API request (a server that accepts the list and never answers
 * must not hold the picker on "Loading pods" until Ctrl-C).
 */
async function listPods(kube: Kube, namespace: string | undefined, signal: AbortSignal, continueToken?: string, limit?: number): Promise<PodList> {
  const list = await kube.rest.json<{ items?: V1Pod[] | null; metadata?: { resourceVersion?: string; continue?: string } }>({
    method: 'GET',
    path: podsPath(namespace),
    query: { fieldSelector: RUNNING, limit, continue: continueToken },
    signal,
  });
  const next = list.metadata?.continue;
  return { items: list.items ?? [], resourceVersion: list.metadata?.resourceVersion ?? '', ...(next ? { continue: next } : {}) };
}

/** The API server's pods; its watches have the session's deadlines (deadlines: a test's shorter idle one). */
export function kubePodListSource(kube: Kube, deadlines: WatchDeadlines = {}): PodListSource {
  return {
    list: (namespace, signal, continueToken, limit) => listPods(kube, namespace, signal, continueToken, limit),
    watch(namespace, resourceVersion, onEvent, signal) {
      return new Promise<void>((resolve, reject) => {
        const done = (error: unknown): void => {
          signal.removeEventListener('abort', onAbort);
          if (error === null || error === undefined || signal.aborted) resolve();
          else reject(error instanceof Error ? error : new Error(String(error)));
        };
        const stop = openWatch(kube, podsPath(namespace), { fieldSelector: RUNNING, resourceVersion, allowWatchBookmarks: true }, onEvent, done, deadlines);
        function onAbort(): void {
          stop();
          done(null);
        }
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}

class Gone extends Error {}

/** Lists and watch events are untyped JSON: only an object can be a pod (a null would throw where rows are derived). */
function isPodObject(value: unknown): value is V1Pod {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lists and watches running pods until `signal` aborts; never rejects (failures become events). */
export async function watchPods(source: PodListSource, options: WatchPodsOptions): Promise<void> {
  const { signal, onEvent, namespace } = options;
  const wait = options.sleep ?? sleep;
  let resourceVersion: string | undefined;
  let failures = 0;
  const action = { verb: 'list', resource: 'pods', ...(namespace === undefined ? {} : { namespace }) };

  while (!signal.aborted) {
    try {
      if (resourceVersion === undefined) {
        let pending = source.list(namespace, signal, undefined, FIRST_PAGE);
        let first = true;
        for (;;) {
          const page = await pending;
          if (signal.aborted) return;
          // The next page is requested before this one is handed on, so the server works while rows
          // are derived and drawn.
          const next = page.continue;
          if (next !== undefined) {
            pending = source.list(namespace, signal, next, LATER_PAGE);
            // Awaited on the next turn; a failure meanwhile must not count as unhandled.
            pending.catch(() => undefined);
          }
          onEvent({ type: first ? 'reset' : 'page', pods: page.items.filter(isPodObject), more: next !== undefined });
          first = false;
          if (signal.aborted) return;
          // Pages share the first page's snapshot; the watch resumes from the last one's version, and
          // only once every page is in: a failed page leaves it unset, so the next attempt relists.
          if (next === undefined) {
            resourceVersion = page.resourceVersion;
            break;
          }
        }
      }
      // A watch of its own so an ERROR event can end it.
      const watch = new AbortController();
      const stop = (): void => watch.abort();
      signal.addEventListener('abort', stop, { once: true });
      let gone = false;
      let failed: Error | undefined;
      try {
        await source.watch(namespace, resourceVersion, (type, object) => {
          if (watch.signal.aborted) return;
          const rv = (object as V1Pod | undefined)?.metadata?.resourceVersion;
          if (type === 'ERROR') {
            const status = parseStatus(object);
            if (status?.code === 410) gone = true;
            else failed = Object.assign(new Error(status?.message ?? 'watch error'), { code: status?.code });
            watch.abort();
            return;
          }
          if (rv !== undefined) resourceVersion = rv;
          if (!isPodObject(object)) return;
          if (type === 'ADDED' || type === 'MODIFIED') onEvent({ type: 'upsert', pod: object });
          else if (type === 'DELETED') onEvent({ type: 'delete', pod: object });
        }, watch.signal);
      } finally {
        signal.removeEventListener('abort', stop);
      }
      if (gone) throw new Gone('resourceVersion too old');
      if (failed !== undefined) throw failed;
      failures = 0;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof Gone || httpStatusOf(error) === 410) {
        // The watch fell too far behind: relist, which replaces the whole set.
        resourceVersion = undefined;
        continue;
      }
      failures++;
      const retryInMs = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (failures - 1));
      onEvent({ type: 'error', error: toKubeError(error, action), retryInMs });
      // A list failure leaves resourceVersion unset, so the next attempt relists.
      await wait(retryInMs, signal);
    }
  }
}
