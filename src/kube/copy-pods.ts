// The API calls of `--copy`: the server-side dry run and the create, the pod's copies, the access modes
// of its claims, and deleting a copy (`stop`).
import type { V1Pod } from '@kubernetes/client-node';
import { ContainerFailedError, type CgDebugError } from '../core/errors.js';
import { COPY_LABEL, COPY_OF, copiesOf, type ClaimFacts } from '../core/copy-pod.js';
import { httpStatusOf, parseStatus, parsePodSecurityMessage, podSecurityError, toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import { withRetryAfter } from './retry.js';
import { REQUEST_TIMEOUT_MS, requestOptions } from './request-options.js';

/**
 * Creates the copy, or with dryRun asks the API server whether it would: Pod Security, admission
 * webhooks, quotas and validation answer as for the real create, and nothing is stored.
 */
export async function createCopy(kube: Kube, pod: V1Pod, options: { dryRun: boolean; signal?: AbortSignal }): Promise<V1Pod> {
  const namespace = pod.metadata?.namespace ?? kube.namespace;
  try {
    // A 429 or 503 comes before the create is applied; a repeated create of the same name fails with 409.
    return await withRetryAfter(
      () => kube.core.createNamespacedPod({ namespace, body: pod, ...(options.dryRun ? { dryRun: 'All' } : {}) }, requestOptions(options.signal)),
      { signal: options.signal },
    );
  } catch (error) {
    throw copyRefusal(error, kube, namespace, pod.metadata?.annotations?.[COPY_OF] ?? '', options.signal);
  }
}

/** What the API server's refusal of the copy means: RBAC, Pod Security, or another admission answer. */
export function copyRefusal(error: unknown, kube: Pick<Kube, 'server' | 'context'>, namespace: string, original: string, signal?: AbortSignal): CgDebugError {
  const action = { verb: 'create', resource: 'pods', namespace, server: kube.server, context: kube.context, signal, timeoutMs: REQUEST_TIMEOUT_MS };
  const status = httpStatusOf(error);
  const message = parseStatus((error as { body?: unknown } | undefined)?.body)?.message;
  if (status === 403 && message) {
    const rejection = parsePodSecurityMessage(message);
    if (rejection) return podSecurityError(rejection, action, error, `the copy of pod ${original}`);
    // RBAC says "cannot create resource"; anything else is an admission answer (quota, a webhook...).
    if (/cannot create resource/.test(message)) return toKubeError(error, action);
  }
  if ((status === 400 || status === 403 || status === 409 || status === 422) && message) {
    return new ContainerFailedError(`the API server refused the copy of pod ${namespace}/${original}: ${message}`, {
      hint: 'nothing was created; see what the cluster admits (kubectl describe quota / validatingwebhookconfigurations), or debug with other flags',
      cause: error,
    });
  }
  return toKubeError(error, action);
}

/** The pod's copies in its namespace (all of them when original is absent), newest first. */
export async function listCopies(kube: Kube, namespace: string, original?: string, signal?: AbortSignal): Promise<V1Pod[]> {
  try {
    const list = await withRetryAfter(() => kube.core.listNamespacedPod({ namespace, labelSelector: `${COPY_LABEL}=true` }, requestOptions(signal)), { signal });
    const created = (p: V1Pod) => new Date(p.metadata?.creationTimestamp ?? 0).getTime();
    return copiesOf(list.items, original).sort((a, b) => created(b) - created(a));
  } catch (error) {
    throw toKubeError(error, { verb: 'list', resource: 'pods', namespace, server: kube.server, context: kube.context, signal });
  }
}

/** The access modes of the claims the pod mounts; a claim that cannot be read is left out (the caller warns). */
export async function claimFacts(
  kube: Kube,
  namespace: string,
  claims: readonly { volume: string; claim: string }[],
  signal?: AbortSignal,
): Promise<{ facts: ClaimFacts[]; unread: string[] }> {
  const facts: ClaimFacts[] = [];
  const unread: string[] = [];
  await Promise.all(
    claims.map(async ({ volume, claim }) => {
      try {
        const pvc = await kube.core.readNamespacedPersistentVolumeClaim({ name: claim, namespace }, requestOptions(signal));
        facts.push({ volume, claim, accessModes: pvc.spec?.accessModes ?? [] });
      } catch {
        unread.push(claim);
      }
    }),
  );
  return { facts, unread };
}

/** Deletes a copy; one already gone is success. */
export async function deleteCopy(kube: Kube, namespace: string, name: string, signal?: AbortSignal): Promise<void> {
  try {
    await withRetryAfter(() => kube.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 1 }, requestOptions(signal)), { signal });
  } catch (error) {
    if (httpStatusOf(error) === 404) return;
    throw toKubeError(error, { verb: 'delete', resource: 'pods', namespace, name, server: kube.server, context: kube.context, signal });
  }
}


/** Resolves once the pod is gone (its holder ends at once on SIGTERM); false when it is still there at the deadline. */
export async function waitUntilGone(kube: Kube, namespace: string, name: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await kube.core.readNamespacedPod({ name, namespace }, requestOptions(signal));
    } catch (error) {
      if (httpStatusOf(error) === 404) return true;
      throw toKubeError(error, { verb: 'get', resource: 'pods', namespace, name, server: kube.server, context: kube.context, signal });
    }
    if (Date.now() >= deadline) return false;
    await new Promise<void>((resolve, reject) => {
      // One listener per wait, removed when the wait ends: the loop must not pile them up on the signal.
      const onAbort = () => (clearTimeout(timer), reject(signal.reason as Error));
      const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), 250);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
