import type { V1SelfSubjectAccessReview } from '@kubernetes/client-node';
import { toKubeError } from './api-errors.js';
import type { Kube } from './client.js';
import type { AccessQuestion } from '../core/permissions.js';
import { accessReviewCall } from './first-reads.js';
import { REST_TIMEOUT_MS } from './rest.js';

/** The API server's answer, or why the question could not be asked. */
export type AccessAnswer = { allowed: boolean; reason?: string } | { error: string };

/** Asks the API server whether the current user may do this (SelfSubjectAccessReview, what `kubectl auth can-i` sends). */
export async function accessReview(kube: Kube, question: AccessQuestion, signal?: AbortSignal): Promise<AccessAnswer> {
  try {
    const review = await kube.rest.json<V1SelfSubjectAccessReview>(accessReviewCall(question, signal));
    return { allowed: review.status?.allowed === true, ...(review.status?.reason ? { reason: review.status.reason } : {}) };
  } catch (error) {
    const action = { verb: 'create', resource: 'selfsubjectaccessreviews', server: kube.server, context: kube.context, signal, timeoutMs: REST_TIMEOUT_MS };
    return { error: toKubeError(error, action).message };
  }
}

/** The answer as a yes or no; undefined when the question itself cannot be answered: callers then just try. */
export async function canI(kube: Kube, question: AccessQuestion, signal?: AbortSignal): Promise<boolean | undefined> {
  const answer = await accessReview(kube, question, signal);
  return 'error' in answer ? undefined : answer.allowed;
}
