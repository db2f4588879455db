// Fixtures for bench/tui-list.ts: thousands of pods spread over dedicated namespaces (cg-bench-000, ...) on
// the real API server.
// They are bound to a node no kubelet serves and marked Running through the status subresource, so
// the API server holds them like real running pods without a container ever starting.
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from '../src/kube/client.js';

const BENCH_PREFIX = 'cg-bench-';
/** Where the pods created while the picker runs go. */
export const LIVE_NAMESPACE = `${BENCH_PREFIX}live`;

/** The namespace of pod i when the pods are spread over `namespaces`. */
export function benchNamespace(i: number, namespaces: number): string {
  return `${BENCH_PREFIX}${String(i % namespaces).padStart(3, '0')}`;
}
const NOWHERE_NODE = 'cg-bench-no-kubelet';

// A realistic mix: mostly Chainguard (distroless and -dev), some Docker Hub and gcr.io/distroless.
const IMAGES = [
  'cgr.dev/chainguard/nginx:1.27',
  'cgr.dev/chainguard/python:3.12',
  'cgr.dev/chainguard/go:1.23-dev',
  'cgr.dev/chainguard/node@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  'nginx:1.27',
  'docker.io/library/redis:7',
  'gcr.io/distroless/static-debian12:nonroot',
  'registry.k8s.io/pause:3.10',
];

export function benchPodName(i: number): string {
  return `svc-${['checkout', 'payments', 'search', 'cart', 'auth'][i % 5]}-${String(i).padStart(5, '0')}`;
}

export function benchPod(name: string, namespace: string, i: number): V1Pod {
  return {
    metadata: { name, namespace, labels: { app: name.slice(0, name.lastIndexOf('-')) } },
    spec: {
      nodeName: NOWHERE_NODE,
      automountServiceAccountToken: false,
      containers: [{ name: 'app', image: IMAGES[i % IMAGES.length] ?? 'nginx' }],
    },
  };
}

export function running(pod: V1Pod): V1Pod {
  const container = pod.spec?.containers[0];
  return {
    ...pod,
    status: {
      phase: 'Running',
      startTime: new Date(),
      containerStatuses: [
        {
          name: container?.name ?? 'app',
          image: container?.image ?? '',
          imageID: '',
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: new Date() } },
        },
      ],
    },
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: readonly T[], limit: number, task: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/** Creates one Running pod (create, then PUT status). */
export async function createRunningPod(kube: Kube, namespace: string, name: string, i: number): Promise<void> {
  const created = await kube.core.createNamespacedPod({ namespace, body: benchPod(name, namespace, i) });
  await kube.core.replaceNamespacedPodStatus({ name, namespace, body: running(created) });
}

async function createNamespace(kube: Kube, name: string): Promise<void> {
  await kube.core.createNamespace({ body: { metadata: { name } } });
  // No controller-manager creates it: the ServiceAccount admission wants it to exist.
  await kube.core.createNamespacedServiceAccount({ namespace: name, body: { metadata: { name: 'default' } } });
}

/** The bench namespaces that exist (from an earlier, interrupted run too). */
async function benchNamespaces(kube: Kube): Promise<string[]> {
  const list = await kube.core.listNamespace({});
  return list.items.flatMap((ns) => (ns.metadata?.name?.startsWith(BENCH_PREFIX) ? [ns.metadata.name] : []));
}

/** `pods` Running pods, pod i in benchNamespace(i, namespaces), plus the empty LIVE_NAMESPACE. */
export async function createBenchPods(kube: Kube, pods: number, namespaces: number, onProgress: (done: number) => void): Promise<void> {
  await deleteBenchNamespaces(kube);
  const names = [...new Set(Array.from({ length: Math.min(pods, namespaces) }, (_, i) => benchNamespace(i, namespaces))), LIVE_NAMESPACE];
  await pool(names, 16, (name) => createNamespace(kube, name));
  let done = 0;
  await pool(
    Array.from({ length: pods }, (_, i) => i),
    64,
    async (i) => {
      await createRunningPod(kube, benchNamespace(i, namespaces), benchPodName(i), i);
      if (++done % 1000 === 0) onProgress(done);
    },
  );
}

/** Deletes every bench namespace, this run's or an interrupted run's. */
export async function deleteBenchNamespaces(kube: Kube): Promise<void> {
  await pool(await benchNamespaces(kube), 16, (name) => deleteNamespace(kube, name));
}

/**
 * Deletes the pods (grace 0: no kubelet will confirm), the ServiceAccount and the namespace. No
 * controller-manager runs the namespace controller, so the namespace's finalizer is cleared here.
 */
async function deleteNamespace(kube: Kube, name: string): Promise<void> {
  await kube.core.deleteCollectionNamespacedPod({ namespace: name, gracePeriodSeconds: 0 });
  await kube.core.deleteNamespacedServiceAccount({ name: 'default', namespace: name }).catch(() => undefined);
  await kube.core.deleteNamespace({ name }).catch(() => undefined);
  for (let i = 0; i < 120; i++) {
    let ns;
    try {
      ns = await kube.core.readNamespace({ name });
    } catch {
      return;
    }
    if (ns.spec?.finalizers?.length) {
      await kube.core.replaceNamespaceFinalize({ name, body: { ...ns, spec: { finalizers: [] } } }).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`namespace ${name} was not deleted within a minute`);
}
