// Whether the target container can take an ephemeral container that shares its namespaces. Checked
// before the patch: the runtime refuses to start a container targeting one that is not running
// ("invalid target container ... CONTAINER_EXITED"), and an ephemeral container can never be removed.
import type { V1Pod } from '@kubernetes/client-node';
import { NotRunningError } from './errors.js';

/** Why the target cannot be targeted now; undefined when it runs. */
export type TargetBlocker =
  | { kind: 'waiting'; reason: string; message?: string; restarts: number }
  | { kind: 'terminated'; reason: string; exitCode: number; restarts: number }
  | { kind: 'unreported' };

/** Pure: what the pod's status says about the target container. */
export function targetBlocker(pod: V1Pod, container: string): TargetBlocker | undefined {
  const status = pod.status?.containerStatuses?.find((s) => s.name === container);
  const state = status?.state;
  if (!status || !state) return { kind: 'unreported' };
  if (state.running) return undefined;
  const restarts = status.restartCount ?? 0;
  if (state.terminated) {
    const { reason, exitCode } = state.terminated;
    return { kind: 'terminated', reason: reason || 'Terminated', exitCode, restarts };
  }
  const reason = state.waiting?.reason || 'Waiting';
  const message = state.waiting?.message;
  return { kind: 'waiting', reason, ...(message ? { message } : {}), restarts };
}

function describeBlocker(blocker: TargetBlocker): string {
  switch (blocker.kind) {
    case 'unreported':
      return 'has no status yet';
    case 'terminated':
      return `has exited (${blocker.reason}, exit code ${blocker.exitCode})`;
    case 'waiting':
      return `is not running (${blocker.reason}${blocker.restarts > 0 ? `, ${blocker.restarts} restarts` : ''})`;
  }
}

// Reasons that pass by themselves: the container is being made. Anything else needs a look inside.
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

function hintFor(blocker: TargetBlocker, pod: V1Pod, container: string): string {
  const namespace = pod.metadata?.namespace ?? 'default';
  const name = pod.metadata?.name ?? '?';
  // A copy of the pod with the app's command held is how to look inside a container that cannot run.
  const several = (pod.spec?.containers.length ?? 0) > 1;
  const copy = `cg-debug -n ${namespace} ${name} --copy${several ? ` --target ${container}` : ''}`;
  if (blocker.kind === 'unreported' || (blocker.kind === 'waiting' && STARTING.has(blocker.reason))) {
    return `wait until it runs (kubectl get pod -n ${namespace} ${name} -w), then run cg-debug again; or debug a copy: ${copy}`;
  }
  const logs = blocker.kind === 'terminated' || blocker.restarts > 0 ? ` (why it stopped: kubectl logs -n ${namespace} ${name} -c ${container} --previous)` : '';
  return `debug a copy of the pod: ${copy}${logs}`;
}

/**
 * Throws NotRunningError, naming the reason and what to do, unless the target container runs now.
 * Nothing has been changed when it throws.
 */
export function assertTargetRunning(pod: V1Pod, container: string): void {
  const blocker = targetBlocker(pod, container);
  if (!blocker) return;
  const name = pod.metadata?.name ?? '?';
  throw new NotRunningError(
    `target container ${container} of pod ${name} ${describeBlocker(blocker)}: a debug container can only target a running container`,
    { hint: hintFor(blocker, pod, container) },
  );
}
