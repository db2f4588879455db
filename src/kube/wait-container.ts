// CONTRACT STUB: the kube helper replaces the bodies; signatures are shared with other modules.
import type { OnStep } from '../session/steps.js';
import type { Kube } from './client.js';

export interface WaitOptions {
  namespace: string;
  pod: string;
  container: string;
  timeoutMs: number;
  signal?: AbortSignal;
  onStep: OnStep;
  /** Milliseconds since the session started, for Step.at. */
  now: () => number;
}

export type ContainerOutcome = { state: 'running' } | { state: 'terminated'; exitCode: number; reason?: string };

/**
 * Watches the pod (field selector on its name) until the container runs or ends. Streams kubelet
 * waiting reasons as steps; rejects fast with ImagePullError, ContainerFailedError, NotFoundError (pod
 * deleted), TimeoutError, InterruptedError (signal). Never hangs.
 */
export function waitForContainer(kube: Kube, options: WaitOptions): Promise<ContainerOutcome> {
  throw new Error(`unimplemented: ${kube.namespace} ${options.container}`);
}

/** After a session ends: the container's exit code once it has terminated, waiting up to timeoutMs. */
export function waitForExitCode(kube: Kube, options: Omit<WaitOptions, 'onStep' | 'now'>): Promise<number | undefined> {
  throw new Error(`unimplemented: ${kube.namespace} ${options.container}`);
}
