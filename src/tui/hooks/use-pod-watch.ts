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

/**
 * The row of each pod that has one: a pod is untyped JSON from the cluster, and one whose fields are
 * not what a pod's are (a name that is no string, a container that is no object) is left out rather
 * than throwing out of the watch, which would end the picker or fail every list.
 */
function rowsOf(pods: readonly V1Pod[], derive: (pod: V1Pod) => PodRow): PodRow[] {
  const rows: PodRow[] = [];
  for (const pod of pods) {
    try {
      rows.push(derive(pod));
    } catch {
      // Malformed: not listed.
    }
  }
  return rows;
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
          dispatch({ type: 'podsReset', scope, rows: rowsOf(event.pods, derive), more: event.more === true });
          return;
        case 'page':
          dispatch({ type: 'podsChanged', scope, upserts: rowsOf(event.pods, derive), deletes: [], more: event.more === true });
          return;
        case 'upsert': {
          const [row] = rowsOf([event.pod], derive);
          if (row === undefined) return;
          pending.set(uidOf(event.pod), row);
          break;
        }
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
