// The session steps' shared small parts: the progress reporter and what a shell start shows.
import { runningImage, type TargetFacts } from '../core/target.js';
import { sanitizeText } from '../core/sanitize.js';
import type { ShellStartInput } from '../core/shell-start.js';
import type { Step } from '../core/steps.js';
import type { RetryTarget } from '../kube/exec-ready.js';
import type { DebugPlan, SessionDeps } from './debug-types.js';

export function stepper(deps: Pick<SessionDeps, 'onStep' | 'now'>): (id: Step['id'], status: Step['status'], message: string) => void {
  return (id, status, message) => deps.onStep({ id, status, message, at: deps.now() });
}

/** What the shell start shows and does: the target's view, and --env. */
export function shellStartInput(target: TargetFacts, importEnv: boolean): ShellStartInput {
  return {
    target: target.container,
    shareProcessNamespace: target.shareProcessNamespace,
    image: sanitizeText(runningImage(target)),
    importEnv,
  };
}

/** The exec being retried, named in the error at the deadline. */
export function retryTarget(plan: Pick<DebugPlan, 'namespace' | 'podName' | 'pod'>, container: string): RetryTarget {
  return { namespace: plan.namespace, pod: plan.podName, container, node: plan.pod.spec?.nodeName };
}
