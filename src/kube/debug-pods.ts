import type { V1Pod } from '@kubernetes/client-node';
import { COPY_LABEL, copiesOf } from '../core/copy-pod.js';
import { debugContainersOf } from '../core/target.js';
import { toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { findPod } from './pods.js';
import type { PodArg } from '../core/pod-arg.js';
import { requestOptions } from './request-options.js';

export type DebugPodScope = { pod: PodArg; namespace: string } | { namespace: string } | { allNamespaces: true };

/** The copies (`--copy`) in the scope: of the pod asked for, or all of the namespace (or cluster). */
export async function copyPods(kube: Kube, scope: DebugPodScope, signal?: AbortSignal): Promise<V1Pod[]> {
  // Copies name the pod they were made of: a workload argument (deploy/NAME) names none of them.
  if ('pod' in scope && scope.pod.kind !== 'pod') return [];
  const namespace = 'namespace' in scope ? scope.namespace : undefined;
  try {
    const labelSelector = `${COPY_LABEL}=true`;
    const list = namespace === undefined
      ? await kube.core.listPodForAllNamespaces({ labelSelector }, requestOptions(signal))
      : await kube.core.listNamespacedPod({ namespace, labelSelector }, requestOptions(signal));
    return copiesOf(list.items, 'pod' in scope ? scope.pod.name : undefined);
  } catch (error) {
    throw toKubeError(error, { verb: 'list', resource: 'pods', ...(namespace ? { namespace } : {}), server: kube.server, context: kube.context });
  }
}

/** The pod asked for, or every pod of the namespace (or cluster) that has a cg-debug container. */
export async function debugPods(kube: Kube, scope: DebugPodScope, signal?: AbortSignal): Promise<V1Pod[]> {
  if ('pod' in scope) {
    // A finished pod still has its debug containers to show.
    return [await findPod(kube, scope.namespace, scope.pod, { mustRun: false, ...(signal ? { signal } : {}) })];
  }
  const namespace = 'namespace' in scope ? scope.namespace : undefined;
  try {
    const list = namespace === undefined
      ? await kube.core.listPodForAllNamespaces({}, requestOptions(signal))
      : await kube.core.listNamespacedPod({ namespace }, requestOptions(signal));
    return list.items.filter((pod) => debugContainersOf(pod).length > 0);
  } catch (error) {
    throw toKubeError(error, { verb: 'list', resource: 'pods', ...(namespace ? { namespace } : {}), server: kube.server, context: kube.context });
  }
}
