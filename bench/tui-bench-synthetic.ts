// For bench/tui-list.ts --offline: the same pods as the cluster fixtures (tui-bench-cluster.ts), served
// without a cluster. Each list page goes through JSON text and JSON.parse as a reply off the wire would,
// with the fields the API server adds (uid, resourceVersion, creationTimestamp, managedFields), so the
// picker's memory and work per pod are a real list's; the network and the API server are left out.
import type { V1Pod } from '@kubernetes/client-node';
import type { PodList, PodListSource } from '../src/kube/watch-running-pods.js';
import { benchNamespace, benchPod, benchPodName, running } from './tui-bench-cluster.js';

// The pages an older build asks for without a limit of its own.
const FIRST_PAGE = 500;
const LATER_PAGE = 5000;

function asServed(pod: V1Pod, i: number): V1Pod {
  const at = new Date(Date.UTC(2026, 11, 5, 6, 0, i % 3600));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    ...pod,
    metadata: {
      ...pod.metadata,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(1000 + i),
      creationTimestamp: at,
      managedFields: [
        { manager: 'bench', operation: 'Update', apiVersion: 'v1', time: at, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } } },
        { manager: 'bench', operation: 'Update', apiVersion: 'v1', time: at, fieldsType: 'FieldsV1', subresource: 'status', fieldsV1: { 'f:status': { 'f:phase': {}, 'f:containerStatuses': {} } } },
      ],
    },
  };
}

export interface SyntheticSource extends PodListSource {
  /** A new Running pod, announced on the open watch. */
  create(namespace: string, name: string, i: number): void;
  /** The whole list as one reply's JSON text (the JSON.parse baseline). */
  body(): string;
}

export function syntheticPodSource(pods: number, namespaces: number): SyntheticSource {
  const pod = (i: number) => asServed(running(benchPod(benchPodName(i), benchNamespace(i, namespaces), i)), i);
  const listeners = new Set<(type: string, object: unknown) => void>();
  let version = 1000 + pods;
  return {
    async list(_namespace, _signal, continueToken, limit?: number) {
      const from = continueToken === undefined ? 0 : Number(continueToken);
      const to = Math.min(pods, from + (limit ?? (continueToken === undefined ? FIRST_PAGE : LATER_PAGE)));
      const items = Array.from({ length: to - from }, (_, k) => pod(from + k));
      const text = JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(version), ...(to < pods ? { continue: String(to) } : {}) }, items });
      // The reply arrives as text, as from a socket, after the event loop has turned.
      await new Promise((resolve) => setImmediate(resolve));
      const list = JSON.parse(text) as { items: V1Pod[]; metadata: { resourceVersion: string; continue?: string } };
      return { items: list.items, resourceVersion: list.metadata.resourceVersion, ...(list.metadata.continue ? { continue: list.metadata.continue } : {}) } satisfies PodList;
    },
    watch(_namespace, _resourceVersion, onEvent, signal) {
      listeners.add(onEvent);
      return new Promise<void>((resolve) => {
        signal.addEventListener(
          'abort',
          () => {
            listeners.delete(onEvent);
            resolve();
          },
          { once: true },
        );
      });
    },
    create(namespace, name, i) {
      const created = asServed(running(benchPod(name, namespace, i)), pods + i + 1);
      const object = JSON.parse(JSON.stringify({ ...created, metadata: { ...created.metadata, resourceVersion: String(++version) } })) as unknown;
      for (const listener of listeners) listener('ADDED', object);
    },
    body: () => JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: String(version) }, items: Array.from({ length: pods }, (_, i) => pod(i)) }),
  };
}
