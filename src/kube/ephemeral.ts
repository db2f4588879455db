import type { V1Pod } from '@kubernetes/client-node';
import type { EphemeralContainerPatch } from '../core/debug-container.js';
import { toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { withRetryAfter } from './retry.js';
import { REST_TIMEOUT_MS } from './rest.js';

/** client-node's PatchStrategy.StrategicMergePatch. */
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

export interface EphemeralPatchTarget {
  namespace: string;
  pod: string;
  /** The container the patch adds: its Pod Security violations are told from older containers'. */
  container: string;
  /** Sent as it is: the body the plan holds and --dry-run shows. */
  patch: EphemeralContainerPatch;
}

/**
 * Sends the strategic merge patch on pods/ephemeralcontainers. Maps failures to
 * ForbiddenError (patch pods/ephemeralcontainers), PodSecurityError (violations + admitted profiles),
 * UnsupportedError (404 on the subresource), NotFoundError (pod gone).
 */
export async function addEphemeralContainer(kube: Kube, target: EphemeralPatchTarget, signal?: AbortSignal): Promise<V1Pod> {
  const { namespace, pod: name } = target;
  try {
    // A 429 or 503 is sent before the patch is applied, and a repeated patch of the same container by
    // name changes nothing more: retrying it is safe.
    return await withRetryAfter(
      () =>
        kube.rest.json<V1Pod>({
          method: 'PATCH',
          path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/ephemeralcontainers`,
          body: target.patch,
          contentType: STRATEGIC_MERGE_PATCH,
          signal,
        }),
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
      container: target.container,
      signal,
      timeoutMs: REST_TIMEOUT_MS,
    });
  }
}
