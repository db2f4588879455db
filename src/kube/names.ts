// Names of what is in the cluster, for completion, suggestions and the namespace picker.
import type { Kube } from './client.js';

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
