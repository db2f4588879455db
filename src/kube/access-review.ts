import { AuthorizationV1Api } from '@kubernetes/client-node';
import type { Kube } from './client.js';
import { requestOptions } from './request-options.js';

export interface AccessQuestion {
  verb: string;
  /** e.g. `pods` */
  resource: string;
  /** e.g. `exec` */
  subresource?: string;
  namespace: string;
}

/**
 * Asks the API server whether the current user may do this (SelfSubjectAccessReview, what `kubectl auth
 * can-i` sends). Undefined when the question itself cannot be answered: callers then just try.
 */
export async function canI(kube: Kube, question: AccessQuestion, signal?: AbortSignal): Promise<boolean | undefined> {
  try {
    const review = await kube.kc.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview(
      {
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
      },
      requestOptions(signal),
    );
    return review.status?.allowed === true ? true : review.status?.denied === true || review.status?.allowed === false ? false : undefined;
  } catch {
    return undefined;
  }
}
