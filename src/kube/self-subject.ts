import type { V1SelfSubjectReview } from '@kubernetes/client-node';
import type { Kube } from './client.js';
import { selfSubjectReviewCall, WHOAMI_TIMEOUT_MS } from './first-reads.js';

/** Who the API server says this client is, and where that name came from. */
export interface KubeUser {
  name: string | null;
  source: 'SelfSubjectReview' | 'kubeconfig' | null;
}

/**
 * The user name the API server authenticated (SelfSubjectReview, what `kubectl auth whoami` sends; GA
 * in 1.28, allowed to every authenticated user by default). Where the review is not served or not
 * allowed, the kubeconfig's user entry name: a label the cluster never checked, said as such. Not
 * tied to the session's signal: an interrupted session is audited too, with the name found by then.
 */
export async function kubeUser(kube: Kube, timeoutMs: number = WHOAMI_TIMEOUT_MS): Promise<KubeUser> {
  try {
    const review = await kube.rest.json<V1SelfSubjectReview>(selfSubjectReviewCall(timeoutMs));
    const name = review.status?.userInfo?.username;
    if (typeof name === 'string' && name !== '') return { name, source: 'SelfSubjectReview' };
  } catch {
    // Not served (before 1.28), forbidden, or no answer in time: the kubeconfig's name below.
  }
  const name = kube.kc.getCurrentUser()?.name;
  return name ? { name, source: 'kubeconfig' } : { name: null, source: null };
}
