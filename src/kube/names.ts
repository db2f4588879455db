// Names of what is in the cluster, for completion, suggestions and the namespace picker.
import { debugContainersOf } from '../core/target.js';
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from './client.js';
import { podPath } from './first-reads.js';

type NamedList = { items: { metadata?: { name?: string } }[] };

function namesOf(list: { items: { metadata?: { name?: string } }[] }): string[] {
  return list.items.flatMap((item) => (item.metadata?.name ? [item.metadata.name] : []));
}

/** The names of the pods in a namespace. Throws the client's error: callers decide what a failure means. */
export async function listPodNames(kube: Kube, namespace: string, signal?: AbortSignal): Promise<string[]> {
  return namesOf(await kube.rest.json<NamedList>({ method: 'GET', path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, signal }));
}

/** The names of the namespaces. Throws the client's error: callers decide what a failure means. */
export async function listNamespaceNames(kube: Kube, signal?: AbortSignal): Promise<string[]> {
  return namesOf(await kube.rest.json<NamedList>({ method: 'GET', path: '/api/v1/namespaces', signal }));
}

function readPod(kube: Kube, namespace: string, pod: string, signal?: AbortSignal): Promise<V1Pod> {
  return kube.rest.json<V1Pod>({ method: 'GET', path: podPath(namespace, pod), signal });
}

/** The app containers of a pod (what --target takes). Throws the client's error. */
export async function listContainerNames(kube: Kube, namespace: string, pod: string, signal?: AbortSignal): Promise<string[]> {
  const read = await readPod(kube, namespace, pod, signal);
  return (read.spec?.containers ?? []).map((c) => c.name);
}

/** The running cg-debug containers of a pod (what stop's CONTAINER takes). Throws the client's error. */
export async function listDebugContainerNames(kube: Kube, namespace: string, pod: string, signal?: AbortSignal): Promise<string[]> {
  const read = await readPod(kube, namespace, pod, signal);
  return debugContainersOf(read).filter((d) => d.state === 'running').map((d) => d.name);
}
