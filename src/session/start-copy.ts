// Starting a copy (src/session/plan-copy.ts): create the pod the plan holds, or reuse the running copy,
// and wait until the container shells go into runs.
import { ContainerFailedError } from '../core/errors.js';
import { createCopy } from '../kube/copy-pods.js';
import { waitForContainer } from '../kube/wait-container.js';
import type { CopyPlan } from './plan-copy.js';
import type { DebugPlan, SessionDeps, StartedDebug } from './debug-types.js';
import { stepper } from './session-steps.js';

export async function startCopy(deps: SessionDeps, plan: DebugPlan & { copy: CopyPlan }): Promise<StartedDebug> {
  const step = stepper(deps);
  const { copy } = plan;
  if (copy.reuse) {
    step('reuse', 'done', `reusing copy ${copy.reuse} of ${copy.original} (--new makes another)`);
  } else {
    step('patch', 'start', `creating ${copy.name}, a copy of ${plan.namespace}/${copy.original}`);
    await createCopy(deps.kube, copy.pod, { dryRun: false, signal: deps.signal });
    // The pod exists now, whatever follows: the audit trail is told (startDebug does the same for its patch).
    deps.onAdded?.(copy.container);
    step('patch', 'done', `created copy ${copy.name}`);
  }
  step('wait', 'start', `waiting for ${copy.container} in ${copy.name} to run`);
  const outcome = await waitForContainer(deps.kube, {
    namespace: plan.namespace,
    pod: copy.name,
    container: copy.container,
    timeoutMs: plan.timeoutMs,
    signal: deps.signal,
    onStep: deps.onStep,
    now: deps.now,
  });
  if (outcome.state === 'terminated') {
    throw new ContainerFailedError(`${copy.container} in copy ${copy.name} exited at once with code ${outcome.exitCode}${outcome.reason ? ` (${outcome.reason})` : ''}`, {
      hint: `see kubectl describe pod ${copy.name} -n ${plan.namespace}; the -dev image needs a POSIX sh with read -t`,
    });
  }
  step('wait', 'done', `${copy.container} in ${copy.name} is running`);
  return { container: copy.container, reused: copy.reuse !== undefined, connectBy: 'exec' };
}
