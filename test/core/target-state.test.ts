import { describe, expect, it } from 'vitest';
import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { NotRunningError } from '../../src/core/errors.js';
import { assertTargetRunning, targetBlocker, type TargetBlocker } from '../../src/core/target-state.js';

function pod(state: V1ContainerState | undefined, restartCount = 0): V1Pod {
  return {
    metadata: { name: 'web-1', namespace: 'shop' },
    spec: { containers: [{ name: 'app' }] },
    status: {
      phase: 'Running',
      containerStatuses: state === undefined ? [] : [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount, state }],
    },
  };
}

describe('targetBlocker', () => {
  it.each<{ name: string; input: V1Pod; want: TargetBlocker | undefined }>([
    { name: 'running', input: pod({ running: { startedAt: new Date(0) } }), want: undefined },
    {
      name: 'crash loop',
      input: pod({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }, 7),
      want: { kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container', restarts: 7 },
    },
    { name: 'creating', input: pod({ waiting: { reason: 'ContainerCreating' } }), want: { kind: 'waiting', reason: 'ContainerCreating', restarts: 0 } },
    { name: 'waiting without a reason', input: pod({ waiting: {} }), want: { kind: 'waiting', reason: 'Waiting', restarts: 0 } },
    { name: 'completed', input: pod({ terminated: { exitCode: 0, reason: 'Completed' } }), want: { kind: 'terminated', reason: 'Completed', exitCode: 0, restarts: 0 } },
    { name: 'terminated without a reason', input: pod({ terminated: { exitCode: 137 } }, 2), want: { kind: 'terminated', reason: 'Terminated', exitCode: 137, restarts: 2 } },
    { name: 'no status for the container', input: pod(undefined), want: { kind: 'unreported' } },
    { name: 'a status without a state', input: pod({}), want: { kind: 'waiting', reason: 'Waiting', restarts: 0 } },
  ])('$name', ({ input, want }) => {
    expect(targetBlocker(input, 'app')).toEqual(want);
  });
});

describe('assertTargetRunning', () => {
  it('passes a running target', () => {
    expect(() => assertTargetRunning(pod({ running: {} }), 'app')).not.toThrow();
  });

  it.each<{ name: string; input: V1Pod; message: RegExp; hint: RegExp }>([
    {
      name: 'crash loop: the reason and the logs of the last run',
      input: pod({ waiting: { reason: 'CrashLoopBackOff' } }, 7),
      message: /^target container app of pod web-1 is not running \(CrashLoopBackOff, 7 restarts\): a debug container can only target a running container$/,
      hint: /^debug a copy of the pod: cg-debug -n shop web-1 --copy \(why it stopped: kubectl logs -n shop web-1 -c app --previous\)$/,
    },
    {
      name: 'still creating: wait',
      input: pod({ waiting: { reason: 'ContainerCreating' } }),
      message: /is not running \(ContainerCreating\)/,
      hint: /^wait until it runs \(kubectl get pod -n shop web-1 -w\)/,
    },
    {
      name: 'exited',
      input: pod({ terminated: { exitCode: 1, reason: 'Error' } }),
      message: /has exited \(Error, exit code 1\)/,
      hint: /--previous/,
    },
    { name: 'no status yet', input: pod(undefined), message: /has no status yet/, hint: /wait until it runs/ },
  ])('refuses $name', ({ input, message, hint }) => {
    let thrown: unknown;
    try {
      assertTargetRunning(input, 'app');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NotRunningError);
    expect((thrown as NotRunningError).message).toMatch(message);
    expect((thrown as NotRunningError).hint).toMatch(hint);
    expect((thrown as NotRunningError).exitCode).toBe(68);
  });
});
