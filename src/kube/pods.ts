// CONTRACT STUB: the kube helper replaces the bodies; signatures are shared with other modules.
import type { V1Pod } from '@kubernetes/client-node';
import type { Kube } from './client.js';

/**
 * Resolves `POD`, `pod/NAME`, `deploy/NAME`, `sts/NAME`, `ds/NAME`, `job/NAME` (and long forms) to one
 * pod, as kubectl does: for workloads, a running pod chosen by its selector. Throws NotFoundError
 * (suggesting close names), ForbiddenError, UnreachableError.
 */
export function resolvePod(kube: Kube, namespace: string, arg: string, signal?: AbortSignal): Promise<V1Pod> {
  throw new Error(`unimplemented: ${kube.namespace} ${namespace} ${arg} ${signal}`);
}

export function getPod(kube: Kube, namespace: string, name: string, signal?: AbortSignal): Promise<V1Pod> {
  throw new Error(`unimplemented: ${kube.namespace} ${namespace} ${name} ${signal}`);
}
