// CONTRACT STUB: the kube helper replaces the bodies; signatures are shared with other modules.
import type { PodSecurityLevel } from '../core/profiles.js';
import type { Kube } from './client.js';

/** The namespace's `pod-security.kubernetes.io/enforce` level; undefined when it cannot be read. */
export function readEnforceLevel(kube: Kube, namespace: string, signal?: AbortSignal): Promise<PodSecurityLevel | undefined> {
  throw new Error(`unimplemented: ${kube.namespace} ${namespace} ${signal}`);
}
