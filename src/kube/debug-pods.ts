import type { V1Pod } from '@kubernetes/client-node';
import { COPY_LABEL, copiesOf } from '../core/copy-pod.js';
import { debugContainersOf } from '../core/target.js';
import { toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { getPod, resolvePod } from './pods.js';
import { requestOptions } from './request-options.js';

export type DebugPodScope = { pod: string; namespace: string } | { namespace: string } | { allNamespaces: true };

/** The copies (`--copy`) in the scope: of the pod asked for, or all of the namespace (or cluster). */
export async function copyPods(kube: Kube, scope: DebugPodScope, signal?: AbortSignal): Promise<V1Pod[]> {
  const namespace = 'namespace' in scope ? scope.namespace : undefined;
  try {
    const labelSelector = `${COPY_LABEL}=true`;
    const list = namespace === undefined
      ? await kube.core.listPodForAllNamespaces({ labelSelector }, requestOptions(signal))
      : await kube.core.listNamespacedPod({ namespace, labelSelector }, requestOptions(signal));
    // A pod argument may be pod/NAME: the copies name the pod itself.
    const original = 'pod' in scope ? scope.pod.replace(/^(pods?|po)\//, '') : undefined;
    return copiesOf(list.items, original);
  } catch (error) {
    throw toKubeError(error, { verb: 'list', resource: 'pods', ...(namespace ? { namespace } : {}), server: kube.server, context: kube.context });
  }
}

/** The pod asked for, or every pod of the namespace (or cluster) that has a cg-debug container. */
export async function debugPods(kube: Kube, scope: DebugPodScope, signal?: AbortSignal): Promise<V1Pod[]> {
  if ('pod' in scope) {
    // A finished pod still has its debug containers to show: only TYPE/NAME needs a running pod.
    return [scope.pod.includes('/') ? await resolvePod(kube, scope.namespace, scope.pod, signal) : await getPod(kube, scope.namespace, scope.pod, signal)];
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
