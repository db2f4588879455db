import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContainerFailedError, ImagePullError, InterruptedError, NotFoundError, TimeoutError } from '../../src/core/errors.js';
import type { PodSource } from '../../src/kube/observe-pod.js';
import { containerProgress, waitForContainerWith, waitForExitCodeWith } from '../../src/kube/wait-container.js';
import type { Step } from '../../src/core/steps.js';

const NAME = 'cg-debug-abc';

function podWith(state: V1ContainerState | undefined, phase = 'Running', rv = '1'): V1Pod {
  return {
    metadata: { name: 'app', namespace: 'ns', resourceVersion: rv },
    spec: { containers: [{ name: 'app' }], ephemeralContainers: [{ name: NAME, image: 'reg/app:1-dev' }] },
    status: {
      phase,
      ephemeralContainerStatuses: state ? [{ name: NAME, image: 'reg/app:1-dev', imageID: '', ready: false, restartCount: 0, state }] : [],
    },
  };
}

describe('containerProgress', () => {
  it.each([
    { name: 'no status yet', pod: podWith(undefined), want: { kind: 'waiting', reason: 'Pending' } },
    {
      name: 'creating',
      pod: podWith({ waiting: { reason: 'ContainerCreating' } }),
      want: { kind: 'waiting', reason: 'ContainerCreating' },
    },
    {
      name: 'pull failing',
      pod: podWith({ waiting: { reason: 'ErrImagePull', message: 'manifest unknown' } }),
      want: { kind: 'waiting', reason: 'ErrImagePull', message: 'manifest unknown' },
    },
    { name: 'running', pod: podWith({ running: { startedAt: new Date() } }), want: { kind: 'running' } },
    {
      name: 'terminated',
      pod: podWith({ terminated: { exitCode: 127, reason: 'Error' } }),
      want: { kind: 'terminated', exitCode: 127, reason: 'Error' },
    },
    { name: 'pod finished', pod: podWith({ waiting: { reason: 'ContainerCreating' } }, 'Succeeded'), want: { kind: 'pod-finished', phase: 'Succeeded' } },
    { name: 'pod deleted', pod: podWith(undefined), type: 'DELETED', want: { kind: 'pod-deleted' } },
    {
      name: 'regular container by name too',
      pod: { status: { containerStatuses: [{ name: NAME, image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } }] } },
      want: { kind: 'running' },
    },
  ])('$name', ({ pod, type, want }) => {
    expect(containerProgress(pod, NAME, type)).toEqual(want);
  });
});

/** The list's resourceVersion in scripted sources: newer than any pod's, as on a real server. */
const LIST_RV = '100';

/** A pod source that answers the list with `initial` and then plays `events` on the first watch. */
function scripted(initial: V1Pod | Error, events: [string, unknown][] = [], opts: { dropFirstWatch?: boolean } = {}) {
  const log = { gets: 0, watches: [] as (string | undefined)[], stopped: 0 };
  const source: PodSource = {
    async get() {
      log.gets++;
      if (initial instanceof Error) throw initial;
      return { pod: initial, resourceVersion: LIST_RV };
    },
    async watch(rv, onEvent, done) {
      log.watches.push(rv);
      const n = log.watches.length;
      setTimeout(() => {
        if (opts.dropFirstWatch && n === 1) return done(null);
        for (const [type, object] of events) onEvent(type, object);
      }, 1);
      return () => {
        log.stopped++;
      };
    },
  };
  return { source, log };
}

function options(steps: Step[], extra: Partial<{ timeoutMs: number; signal: AbortSignal }> = {}) {
  return { namespace: 'ns', pod: 'app', container: NAME, timeoutMs: 2000, onStep: (s: Step) => steps.push(s), now: () => 42, ...extra };
}

describe('waitForContainerWith', () => {
  afterEach(() => vi.useRealTimers());

  it('reports waiting reasons once each and resolves when running, closing the watch', async () => {
    const steps: Step[] = [];
    const { source, log } = scripted(podWith(undefined, 'Running', '7'), [
      ['MODIFIED', podWith({ waiting: { reason: 'ContainerCreating' } })],
      ['MODIFIED', podWith({ waiting: { reason: 'ContainerCreating' } })],
      ['MODIFIED', podWith({ running: {} })],
    ]);
    await expect(waitForContainerWith(source, options(steps))).resolves.toEqual({ state: 'running' });
    expect(log.watches).toEqual([LIST_RV]);
    expect(log.stopped).toBe(1);
    expect(steps).toEqual([
      { id: 'wait', status: 'info', reason: 'Pending', message: 'Pending', at: 42 },
      { id: 'wait', status: 'info', reason: 'ContainerCreating', message: 'ContainerCreating', at: 42 },
    ]);
  });

  it('starts before the container is added: waits silently until the pod has it, then reports', async () => {
    const steps: Step[] = [];
    const before: V1Pod = { ...podWith(undefined, 'Running', '3'), spec: { containers: [{ name: 'app' }] } };
    const { source, log } = scripted(before, [
      ['MODIFIED', podWith({ waiting: { reason: 'ContainerCreating' } })],
      ['MODIFIED', podWith({ running: {} })],
    ]);
    await expect(waitForContainerWith(source, options(steps))).resolves.toEqual({ state: 'running' });
    expect(log.watches).toEqual([LIST_RV]);
    expect(steps.map((s) => s.reason)).toEqual(['ContainerCreating']);
  });

  it('resolves from the list alone when the container already runs', async () => {
    const { source, log } = scripted(podWith({ running: {} }));
    await expect(waitForContainerWith(source, options([]))).resolves.toEqual({ state: 'running' });
    expect(log.watches).toEqual([]);
  });

  it('fails fast on an image pull error with the kubelet message', async () => {
    const steps: Step[] = [];
    const { source, log } = scripted(podWith(undefined), [
      ['MODIFIED', podWith({ waiting: { reason: 'ErrImagePull', message: 'rpc error: manifest unknown' } })],
    ]);
    const error = await waitForContainerWith(source, options(steps)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as ImagePullError).message).toBe('cannot pull reg/app:1-dev: ErrImagePull: rpc error: manifest unknown');
    expect((error as ImagePullError).hint).toBe('check the tag exists: cg-debug dev-image reg/app:1-dev; or pass --image');
    expect(steps.at(-1)?.reason).toBe('ErrImagePull');
    expect(log.stopped).toBe(1);
  });

  it('fails on a container config error', async () => {
    const { source } = scripted(podWith({
      waiting: { reason: 'CreateContainerConfigError', message: 'container has runAsNonRoot and image will run as root' },
    }));
    const error = await waitForContainerWith(source, options([])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerFailedError);
    expect((error as ContainerFailedError).message).toMatch(/runAsNonRoot and image will run as root/);
    expect((error as ContainerFailedError).hint).toMatch(/non-root/);
  });

  it.each([
    { name: 'CreateContainerError', reason: 'CreateContainerError', message: 'failed to create containerd container: invalid target container' },
    { name: 'RunContainerError', reason: 'RunContainerError', message: 'failed to start: exec: "/bin/sh": not found' },
  ])('fails fast on $name with the kubelet message, after the first event', async ({ reason, message }) => {
    const { source, log } = scripted(podWith(undefined), [['MODIFIED', podWith({ waiting: { reason, message } })]]);
    const error = await waitForContainerWith(source, options([])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerFailedError);
    expect((error as ContainerFailedError).message).toBe(`debug container "cg-debug-abc" failed to start: ${reason}: ${message}`);
    expect(log.stopped).toBe(1);
  });

  it('reports the pod deleted', async () => {
    const { source } = scripted(podWith(undefined), [['DELETED', podWith(undefined)]]);
    await expect(waitForContainerWith(source, options([]))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports the pod deleted when the list no longer has it', async () => {
    const source: PodSource = {
      get: async () => ({ pod: undefined, resourceVersion: LIST_RV }),
      watch: () => Promise.reject(new Error('not reached')),
    };
    const error = await waitForContainerWith(source, options([])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe('pod "app" was deleted while the debug container started');
  });

  // As a restarted API server answers: its watch cache starts at the current resourceVersion, so a watch
  // from an older one is 410 Gone until the pod changes. The pod's own resourceVersion is such an older
  // one when nothing touched the pod since the restart; the list's is always current.
  it('a pod unchanged since the API server restarted: the watch starts from the list, not from the pod', async () => {
    const cacheStart = 50;
    const watches: (string | undefined)[] = [];
    const source: PodSource = {
      get: async () => ({ pod: podWith({ waiting: { reason: 'ContainerCreating' } }, 'Running', '9'), resourceVersion: '60' }),
      async watch(rv, onEvent) {
        watches.push(rv);
        setTimeout(() => {
          if (Number(rv) < cacheStart) onEvent('ERROR', { kind: 'Status', code: 410, message: `too old resource version: ${rv} (${cacheStart})` });
          else onEvent('MODIFIED', podWith({ running: {} }, 'Running', '61'));
        }, 1);
        return () => undefined;
      },
    };
    await expect(waitForContainerWith(source, options([]))).resolves.toEqual({ state: 'running' });
    expect(watches).toEqual(['60']);
  });

  it('resolves terminated with the exit code', async () => {
    const { source } = scripted(podWith(undefined), [['MODIFIED', podWith({ terminated: { exitCode: 128, reason: 'StartError' } })]]);
    await expect(waitForContainerWith(source, options([]))).resolves.toEqual({ state: 'terminated', exitCode: 128, reason: 'StartError' });
  });

  it('re-establishes a dropped watch from a fresh list', async () => {
    const { source, log } = scripted(podWith(undefined, 'Running', '9'), [['MODIFIED', podWith({ running: {} })]], { dropFirstWatch: true });
    await expect(waitForContainerWith(source, options([]))).resolves.toEqual({ state: 'running' });
    expect(log.gets).toBe(2);
    expect(log.watches).toEqual([LIST_RV, LIST_RV]);
  });

  it('restarts after a 410 Gone watch error', async () => {
    let round = 0;
    const source: PodSource = {
      get: async () => ({ pod: podWith(undefined, 'Running', '1'), resourceVersion: String(++round) }),
      async watch(_rv, onEvent) {
        const r = round;
        setTimeout(() => (r === 1 ? onEvent('ERROR', { kind: 'Status', code: 410, message: 'too old resource version' }) : onEvent('MODIFIED', podWith({ running: {} }))), 1);
        return () => undefined;
      },
    };
    await expect(waitForContainerWith(source, options([]))).resolves.toEqual({ state: 'running' });
    expect(round).toBe(2);
  });

  it('times out naming the last state', async () => {
    const { source, log } = scripted(podWith({ waiting: { reason: 'ContainerCreating' } }));
    const error = await waitForContainerWith(source, options([], { timeoutMs: 30 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/did not start within 0s \(last state: waiting: ContainerCreating\)/);
    expect((error as TimeoutError).hint).toMatch(/kubectl describe pod app -n ns/);
    expect(log.stopped).toBe(1);
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const { source, log } = scripted(podWith(undefined));
    const waiting = waitForContainerWith(source, options([], { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toBeInstanceOf(InterruptedError);
    await new Promise((r) => setTimeout(r, 5));
    expect(log.stopped).toBe(1);
  });

  it('fails on a permanent watch error without retrying', async () => {
    const source: PodSource = {
      get: async () => ({ pod: podWith(undefined), resourceVersion: LIST_RV }),
      async watch(_rv, _onEvent, done) {
        done(Object.assign(new Error('Forbidden'), { statusCode: 403 }));
        return () => undefined;
      },
    };
    const error = await waitForContainerWith(source, options([])).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ForbiddenError');
    expect((error as Error).message).toMatch(/cannot watch pods in namespace ns/);
  });
});

describe('waitForExitCodeWith', () => {
  it('returns the exit code once terminated', async () => {
    const { source } = scripted(podWith({ running: {} }), [['MODIFIED', podWith({ terminated: { exitCode: 3 } })]]);
    await expect(waitForExitCodeWith(source, { namespace: 'ns', pod: 'app', container: NAME, timeoutMs: 1000 })).resolves.toBe(3);
  });

  it('is undefined when it does not end in time', async () => {
    const { source } = scripted(podWith({ running: {} }));
    await expect(waitForExitCodeWith(source, { namespace: 'ns', pod: 'app', container: NAME, timeoutMs: 20 })).resolves.toBeUndefined();
  });
});
