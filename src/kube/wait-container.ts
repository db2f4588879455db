import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { ContainerFailedError, ImagePullError, NotFoundError, NotRunningError, TimeoutError } from '../core/errors.js';
import type { OnStep } from '../core/steps.js';
import type { Kube } from './client.js';
import { apiPodSource, observePod, type Decision, type PodEvent, type PodSource } from './observe-pod.js';

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

/** Where one container of a pod stands, as far as one pod object tells. */
export type ContainerProgress =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running' }
  | { kind: 'terminated'; exitCode: number; reason?: string; message?: string }
  | { kind: 'pod-deleted' }
  | { kind: 'pod-finished'; phase: string };

/** Before the kubelet reports anything about the new container. */
export const NOT_YET_REPORTED = 'Pending';

const IMAGE_PULL_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull']);
const CONTAINER_FAILED_REASONS = new Set(['CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

function statusOf(pod: V1Pod, name: string): V1ContainerStatus | undefined {
  const all = [...(pod.status?.ephemeralContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  return all.find((status) => status.name === name);
}

/** Pure: the container's progress in this pod object (eventType DELETED: the pod is gone). */
export function containerProgress(pod: V1Pod, name: string, eventType?: string): ContainerProgress {
  if (eventType === 'DELETED') return { kind: 'pod-deleted' };
  const state = statusOf(pod, name)?.state;
  if (state?.running) return { kind: 'running' };
  if (state?.terminated) {
    const { exitCode, reason, message } = state.terminated;
    return { kind: 'terminated', exitCode, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
  }
  const phase = pod.status?.phase;
  // A finished pod never starts new containers; its ephemeral ones stay "waiting" forever.
  if (phase === 'Succeeded' || phase === 'Failed') return { kind: 'pod-finished', phase };
  if (state?.waiting) {
    const { reason, message } = state.waiting;
    return { kind: 'waiting', reason: reason || NOT_YET_REPORTED, ...(message ? { message } : {}) };
  }
  // A new pod (a copy) that the scheduler cannot place says why in its PodScheduled condition.
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled) return { kind: 'waiting', reason: unscheduled.reason || 'Unschedulable', ...(unscheduled.message ? { message: unscheduled.message } : {}) };
  return { kind: 'waiting', reason: NOT_YET_REPORTED };
}

function imageOf(pod: V1Pod, name: string): string | undefined {
  // An app container of a copy (src/session/start-copy.ts) is waited for like an ephemeral one.
  return (pod.spec?.ephemeralContainers?.find((c) => c.name === name) ?? pod.spec?.containers.find((c) => c.name === name))?.image;
}

function describe(progress: ContainerProgress | undefined): string {
  if (!progress) return 'no answer from the API server yet';
  switch (progress.kind) {
    case 'waiting':
      return `waiting: ${progress.reason}${progress.message ? ` (${progress.message})` : ''}`;
    case 'running':
      return 'running';
    case 'terminated':
      return `terminated with exit code ${progress.exitCode}`;
    case 'pod-deleted':
      return 'pod deleted';
    case 'pod-finished':
      return `pod ${progress.phase}`;
  }
}

/**
 * Watches the pod (field selector on its name) until the container runs or ends. May start before the
 * container is added, so no event between adding and running is missed. Streams kubelet
 * waiting reasons as steps; rejects fast with ImagePullError, ContainerFailedError, NotFoundError (pod
 * deleted), TimeoutError, InterruptedError (signal). Never hangs.
 */
export function waitForContainer(kube: Kube, options: WaitOptions): Promise<ContainerOutcome> {
  return waitForContainerWith(apiPodSource(kube, options.namespace, options.pod), options, kube.server);
}

/** waitForContainer over any pod source (tests drive it with scripted events). */
export function waitForContainerWith(source: PodSource, options: WaitOptions, server?: string): Promise<ContainerOutcome> {
  const { namespace, pod: podName, container } = options;
  let last: ContainerProgress | undefined;
  let image: string | undefined;

  const decide = (event: PodEvent): Decision<ContainerOutcome> => {
    const specImage = imageOf(event.pod, container);
    image = specImage ?? image;
    const progress = containerProgress(event.pod, container, event.type);
    // The session starts waiting before its patch lands: a pod without the container yet is still
    // waiting, and says nothing until the container is there.
    if (specImage === undefined && progress.kind === 'waiting') return undefined;
    const previous = last;
    last = progress;
    switch (progress.kind) {
      case 'running':
        return { done: { state: 'running' } };
      case 'terminated':
        return { done: { state: 'terminated', exitCode: progress.exitCode, ...(progress.reason ? { reason: progress.reason } : {}) } };
      case 'pod-deleted':
        return { fail: new NotFoundError(`pod "${podName}" was deleted while the debug container started`, { hint: `pick another pod: kubectl get pods -n ${namespace}` }) };
      case 'pod-finished':
        return {
          fail: new NotRunningError(`pod "${podName}" finished (${progress.phase}) before the debug container started`, {
            hint: 'debug a running pod',
          }),
        };
      case 'waiting':
        break;
    }
    const message = progress.message ?? '';
    if (previous?.kind !== 'waiting' || previous.reason !== progress.reason) {
      options.onStep({
        id: 'wait',
        status: 'info',
        reason: progress.reason,
        message: progress.message ? `${progress.reason}: ${progress.message}` : progress.reason,
        at: options.now(),
      });
    }
    if (IMAGE_PULL_REASONS.has(progress.reason)) {
      const what = image ?? 'the debug image';
      return {
        fail: new ImagePullError(`cannot pull ${what}: ${progress.reason}${progress.message ? `: ${progress.message}` : ''}`, {
          hint: `check the tag exists: cg-debug dev-image ${what}; or pass --image`,
        }),
      };
    }
    if (CONTAINER_FAILED_REASONS.has(progress.reason)) {
      return {
        fail: new ContainerFailedError(`debug container "${container}" failed to start: ${progress.reason}${progress.message ? `: ${progress.message}` : ''}`, {
          hint: /non-?root/i.test(message)
            ? 'the image runs as root but the pod requires non-root: pass --profile restricted or a uid that is not 0'
            : `see kubectl describe pod ${podName} -n ${namespace}; try another --profile or --image`,
        }),
      };
    }
    return undefined;
  };

  return observePod(source, {
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    decide,
    action: { verb: 'get', resource: 'pods', namespace, name: podName, server },
    onTimeout: () =>
      new TimeoutError(
        `debug container "${container}" did not start within ${Math.round(options.timeoutMs / 1000)}s (last state: ${describe(last)})`,
        { hint: `see kubectl describe pod ${podName} -n ${namespace}; a slow image pull may need a longer --timeout` },
      ),
  });
}

/** After a session ends: the container's exit code once it has terminated, waiting up to timeoutMs. */
export async function waitForExitCode(kube: Kube, options: Omit<WaitOptions, 'onStep' | 'now'>): Promise<number | undefined> {
  return waitForExitCodeWith(apiPodSource(kube, options.namespace, options.pod), options);
}

export async function waitForExitCodeWith(source: PodSource, options: Omit<WaitOptions, 'onStep' | 'now'>): Promise<number | undefined> {
  try {
    return await observePod<number | undefined>(source, {
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      action: { verb: 'get', resource: 'pods', namespace: options.namespace, name: options.pod },
      maxRestarts: 1,
      decide: (event) => {
        const progress = containerProgress(event.pod, options.container, event.type);
        if (progress.kind === 'terminated') return { done: progress.exitCode };
        if (progress.kind === 'pod-deleted' || progress.kind === 'pod-finished') return { done: undefined };
        return undefined;
      },
      onTimeout: () => new TimeoutError('no exit code yet'),
    });
  } catch {
    // The exit code is a nicety after the session: unknown is an honest answer.
    return undefined;
  }
}
