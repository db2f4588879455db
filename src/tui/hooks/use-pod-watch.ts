import { useEffect, type Dispatch } from 'react';
import type { V1Pod } from '@kubernetes/client-node';
import type { PodListEvent } from '../../kube/watch-running-pods.js';
import type { PodRow } from '../model/pod-rows.js';
import type { TuiAction } from '../model/state.js';

export type WatchPodsFn = (namespace: string | undefined, signal: AbortSignal, onEvent: (event: PodListEvent) => void) => Promise<void>;

// Watch events arrive in bursts (a rollout, a relist); one dispatch per burst keeps rendering cheap.
const BATCH_MS = 16;

function uidOf(pod: V1Pod): string {
  return pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`;
}

/** Runs the pod list+watch for the current scope and feeds it to the reducer as rows. */
export function usePodWatch(
  watchPods: WatchPodsFn,
  scope: string,
  namespace: string | undefined,
  derive: (pod: V1Pod) => PodRow,
  dispatch: Dispatch<TuiAction>,
): void {
  useEffect(() => {
    const controller = new AbortController();
    // uid -> row to upsert, or null to delete; later events for a uid replace earlier ones.
    const pending = new Map<string, PodRow | null>();
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      if (controller.signal.aborted || pending.size === 0) return;
      const upserts: PodRow[] = [];
      const deletes: string[] = [];
      for (const [uid, row] of pending) {
        if (row === null) deletes.push(uid);
        else upserts.push(row);
      }
      pending.clear();
      dispatch({ type: 'podsChanged', scope, upserts, deletes });
    };
    const onEvent = (event: PodListEvent): void => {
      switch (event.type) {
        case 'reset':
          pending.clear();
          dispatch({ type: 'podsReset', scope, rows: event.pods.map(derive), more: event.more === true });
          return;
        case 'page':
          dispatch({ type: 'podsChanged', scope, upserts: event.pods.map(derive), deletes: [], more: event.more === true });
          return;
        case 'upsert':
          pending.set(uidOf(event.pod), derive(event.pod));
          break;
        case 'delete':
          pending.set(uidOf(event.pod), null);
          break;
        case 'error':
          dispatch({ type: 'watchError', scope, message: event.error.message });
          return;
      }
      timer ??= setTimeout(flush, BATCH_MS);
    };
    void watchPods(namespace, controller.signal, onEvent);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [watchPods, scope, namespace, derive, dispatch]);
}
