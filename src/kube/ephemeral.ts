import { PatchStrategy, type V1EphemeralContainer, type V1Pod } from '@kubernetes/client-node';
import { toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { withRetryAfter } from './retry.js';
import { REQUEST_TIMEOUT_MS, requestOptions } from './request-options.js';

/** The patch kubectl debug sends: only the new container; strategic merge appends it by name. */
export function ephemeralPatch(container: V1EphemeralContainer): { spec: { ephemeralContainers: V1EphemeralContainer[] } } {
  return { spec: { ephemeralContainers: [container] } };
}

/**
 * Adds the container with a strategic merge patch on pods/ephemeralcontainers. Maps failures to
 * ForbiddenError (patch pods/ephemeralcontainers), PodSecurityError (violations + admitted profiles),
 * UnsupportedError (404 on the subresource), NotFoundError (pod gone).
 */
export async function addEphemeralContainer(
  kube: Kube,
  pod: V1Pod,
  container: V1EphemeralContainer,
  signal?: AbortSignal,
): Promise<V1Pod> {
  const name = pod.metadata?.name ?? '';
  const namespace = pod.metadata?.namespace ?? kube.namespace;
  try {
    // A 429 or 503 is sent before the patch is applied, and a repeated patch of the same container by
    // name changes nothing more: retrying it is safe.
    return await withRetryAfter(
      () =>
        kube.core.patchNamespacedPodEphemeralcontainers(
          { name, namespace, body: ephemeralPatch(container) },
          requestOptions(signal, { 'Content-Type': PatchStrategy.StrategicMergePatch }),
        ),
      { signal },
    );
  } catch (error) {
    throw toKubeError(error, {
      verb: 'patch',
      resource: 'pods/ephemeralcontainers',
      namespace,
      name,
      server: kube.server,
      context: kube.context,
      container: container.name,
      signal,
      timeoutMs: REQUEST_TIMEOUT_MS,
    });
  }
}
