// Step two of a debug session: add the holder container (unless reusing one) and wait until it runs.
import { ContainerFailedError } from '../core/errors.js';
import type { ConnectBy } from '../core/target.js';
import type { Step } from '../core/steps.js';
import { retryWhileStarting } from '../kube/exec-ready.js';
import { addEphemeralContainer } from '../kube/ephemeral.js';
import { NOT_YET_REPORTED, waitForContainer, type ContainerOutcome } from '../kube/wait-container.js';
import type { DebugPlan, EarlyExec, SessionDeps, StartedDebug, StartOptions } from './debug-types.js';
import { retryTarget, stepper } from './session-steps.js';
import { startCopy } from './start-copy.js';

/** Adds the debug container (unless reusing) and waits until it runs, or with execEarly only until it is added. */
export async function startDebug(deps: SessionDeps, plan: DebugPlan, options: StartOptions = {}): Promise<StartedDebug> {
  if (plan.copy) return startCopy(deps, { ...plan, copy: plan.copy });
  const step = stepper(deps);
  if (plan.reuse?.state === 'running') {
    const connectBy: ConnectBy = plan.reuse.holder ? 'exec' : 'attach';
    step('reuse', 'done', `reusing running debug container ${plan.reuse.name} (--new adds another)`);
    return { container: plan.reuse.name, reused: true, connectBy };
  }
  const container = plan.reuse ? undefined : plan.container;
  const patch = plan.reuse ? undefined : plan.patch;
  const name = plan.reuse?.name ?? container?.name;
  if (name === undefined || (container !== undefined && patch === undefined)) throw new Error('a plan without a container or a reusable one');
  // The wait (a GET, then a watch) starts before the patch so its setup overlaps the patch and no status
  // change is missed; a failed patch stops it. Its steps are held back until the patch is reported.
  const stopWaiting = new AbortController();
  let patched = false;
  // Once a shell prints, the status watch must not write progress lines over it.
  const progress = { muted: false };
  const early: Step[] = [];
  // The first status that names the container: the kubelet's sync that starts it is under way.
  let onReported: () => void = () => undefined;
  const reported = new Promise<void>((resolve) => (onReported = resolve));
  const waiting = waitForContainer(deps.kube, {
    namespace: plan.namespace,
    pod: plan.podName,
    container: name,
    timeoutMs: plan.timeoutMs,
    signal: AbortSignal.any([deps.signal, stopWaiting.signal]),
    onStep: (s) => {
      if (s.reason !== undefined && s.reason !== NOT_YET_REPORTED) onReported();
      if (progress.muted) return;
      if (patched) deps.onStep(s);
      else early.push(s);
    },
    now: deps.now,
  });
  waiting.catch(() => undefined);
  if (container && patch) {
    step('patch', 'start', `adding ephemeral container ${name} to ${plan.namespace}/${plan.podName}`);
    try {
      await addEphemeralContainer(deps.kube, { namespace: plan.namespace, pod: plan.podName, container: name, patch }, deps.signal);
    } catch (error) {
      stopWaiting.abort();
      throw error;
    }
    deps.onAdded?.(name);
    step('patch', 'done', `added ${name}`);
  } else {
    // A holder that an earlier run added, still starting: the same wait as for a new one, no patch.
    step('reuse', 'done', `reusing debug container ${name}, which is starting (--new adds another)`);
  }
  patched = true;
  step('wait', 'start', `waiting for ${name} to run`);
  for (const s of early) deps.onStep(s);
  const reused = container === undefined;
  if (options.execEarly && plan.connectBy === 'exec') {
    return { container: name, reused, connectBy: 'exec', early: execWhenRunning(deps, plan, name, { waiting, reported }, stopWaiting, progress) };
  }
  const outcome = await waiting;
  if (outcome.state === 'terminated') {
    step('wait', 'warn', `${name} exited at once with code ${outcome.exitCode}${outcome.reason ? ` (${outcome.reason})` : ''}`);
  } else {
    step('wait', 'done', `${name} is running`);
  }
  return { container: name, reused, connectBy: plan.connectBy };
}

/** Retries the first exec until the runtime runs the container; the status watch still fails fast. */
function execWhenRunning(
  deps: SessionDeps,
  plan: DebugPlan,
  name: string,
  { waiting, reported }: { waiting: Promise<ContainerOutcome>; reported: Promise<void> },
  stopWaiting: AbortController,
  progress: { muted: boolean },
): EarlyExec {
  const step = stepper(deps);
  const failed = waiting.then((outcome): Promise<never> => {
    if (outcome.state === 'terminated') {
      throw new ContainerFailedError(`${name} exited at once with code ${outcome.exitCode}${outcome.reason ? ` (${outcome.reason})` : ''}`, {
        hint: 'the debug image needs a POSIX sh with read -t (busybox or bash); try another --image',
      });
    }
    // Running: the exec is about to succeed; only it ends the retrying now.
    return new Promise<never>(() => undefined);
  });
  return {
    retry: retryWhileStarting({ failed, running: waiting, reported, signal: deps.signal, timeoutMs: plan.timeoutMs, target: retryTarget(plan, name) }),
    running: waiting,
    onOutput: () => {
      if (progress.muted) return;
      step('wait', 'done', `${name} is running`);
      progress.muted = true;
    },
    done: () => stopWaiting.abort(),
  };
}
