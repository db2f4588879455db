import type { PodSecurityLevel } from '../core/profiles.js';
import { ForbiddenError, NotFoundError } from '../core/errors.js';
import { toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { withRetryAfter } from './retry.js';
import type { V1Namespace } from '@kubernetes/client-node';
import { namespacePath } from './first-reads.js';
import { REST_TIMEOUT_MS } from './rest.js';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * The level a namespace's labels enforce. No label means `privileged` only under the built-in default:
 * a cluster's AdmissionConfiguration (PodSecurity plugin `defaults.enforce`) can set a stricter one that
 * the namespace does not show, so a rejection can still happen and is mapped from the API's answer.
 */
export function enforceLevelOf(labels: Record<string, string> | undefined): PodSecurityLevel | undefined {
  const value = labels?.[ENFORCE_LABEL];
  if (value === undefined) return 'privileged';
  return value === 'privileged' || value === 'baseline' || value === 'restricted' ? value : undefined;
}

/** The namespace's `pod-security.kubernetes.io/enforce` level; undefined when it cannot be read. */
export async function readEnforceLevel(kube: Kube, namespace: string, signal?: AbortSignal): Promise<PodSecurityLevel | undefined> {
  try {
    const ns = await withRetryAfter(() => kube.rest.json<V1Namespace>({ method: 'GET', path: namespacePath(namespace), signal }), { signal });
    return enforceLevelOf(ns.metadata?.labels);
  } catch (error) {
    const typed = toKubeError(error, {
      verb: 'get',
      resource: 'namespaces',
      name: namespace,
      server: kube.server,
      context: kube.context,
      signal,
      timeoutMs: REST_TIMEOUT_MS,
    });
    // Namespaces are cluster-scoped: many users may not read them; the level is then unknown, not an error.
    if (typed instanceof ForbiddenError || typed instanceof NotFoundError) return undefined;
    throw typed;
  }
}
