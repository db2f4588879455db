// CONTRACT STUB: the kube helper replaces the bodies; signatures are shared with other modules.
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import type { Kube } from './client.js';

/**
 * Adds the container with a strategic merge patch on pods/ephemeralcontainers. Maps failures to
 * ForbiddenError (patch pods/ephemeralcontainers), PodSecurityError (violations + admitted profiles),
 * UnsupportedError (404 on the subresource), NotFoundError (pod gone).
 */
export function addEphemeralContainer(
  kube: Kube,
  pod: V1Pod,
  container: V1EphemeralContainer,
  signal?: AbortSignal,
): Promise<V1Pod> {
  throw new Error(`unimplemented: ${kube.namespace} ${pod.metadata?.name} ${container.name} ${signal}`);
}
