// The calls a debug session starts with (the pod, its namespace, the exec access reviews), built in one
// place so that direct mode can send them before the session's modules are loaded: their round trips then
// overlap Node compiling the rest, and the session's own calls take the answers (rest.ts prefetch).
import type { AccessQuestion } from '../core/permissions.js';
import type { Kube } from './client.js';
import type { PrefetchCall } from './rest.js';

/** How long the audit's SelfSubjectReview may take; it runs while the session does, so rarely waited for. */
export const WHOAMI_TIMEOUT_MS = 5_000;

/** GET path of a pod. */
export function podPath(namespace: string, name: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
}

/** GET path of a namespace. */
export function namespacePath(namespace: string): string {
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}`;
}

/** The SelfSubjectAccessReview that asks `question` (what `kubectl auth can-i` sends). */
export function accessReviewCall(question: AccessQuestion, signal?: AbortSignal): PrefetchCall & { method: 'POST' } {
  return {
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    signal,
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: {
        resourceAttributes: {
          verb: question.verb,
          resource: question.resource,
          namespace: question.namespace,
          ...(question.subresource ? { subresource: question.subresource } : {}),
        },
      },
    },
  };
}

/** The SelfSubjectReview that asks who this client is (what `kubectl auth whoami` sends), for the audit log. */
export function selfSubjectReviewCall(timeoutMs: number = WHOAMI_TIMEOUT_MS): PrefetchCall & { method: 'POST' } {
  return { method: 'POST', path: '/apis/authentication.k8s.io/v1/selfsubjectreviews', body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, timeoutMs };
}

/**
 * Sends now, one after another on one connection, the pod's read (when named; the plan waits for it first),
 * the namespace's and who this client is (for the audit log); and the given access reviews on another.
 */
export function prefetchFirstReads(
  kube: Kube,
  reads: { namespace: string; pod?: string; reviews: readonly AccessQuestion[]; whoAmI: boolean },
  signal: AbortSignal,
): void {
  kube.rest.prefetch([
    ...(reads.pod === undefined ? [] : [{ method: 'GET' as const, path: podPath(reads.namespace, reads.pod), signal }]),
    { method: 'GET', path: namespacePath(reads.namespace), signal },
    // Not on the session's signal (self-subject.ts): an interrupted run is audited too.
    ...(reads.whoAmI ? [selfSubjectReviewCall()] : []),
  ]);
  // A second connection for the reviews: the plan waits for them after the pod, and behind the pod's
  // reads they came last (Node 24 sends nothing until the session's modules are loaded).
  kube.rest.prefetch(reads.reviews.map((question) => accessReviewCall(question, signal)));
}
