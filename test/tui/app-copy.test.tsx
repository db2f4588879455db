// A pod whose target does not run (CrashLoopBackOff) in the picker: the list says why, and Enter offers
// a copy of the pod in the plan screen, with what changes in it.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { V1Pod } from '@kubernetes/client-node';
import { makePod } from './support/pods.js';
import { makePlan } from './support/plan.js';
import { KEYS, renderApp } from './support/harness.js';

afterEach(() => cleanup());

function crashing(name: string): V1Pod {
  const pod = makePod({ name, namespace: 'shop', image: 'cgr.dev/chainguard/go:1.22' });
  const status = pod.status?.containerStatuses?.[0];
  if (status) status.state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } };
  return pod;
}

describe('a pod that does not run', () => {
  it('shows why beside its name, and Enter plans a copy', async () => {
    const app = renderApp();
    await app.settle();
    app.list([crashing('crash'), makePod({ name: 'web', namespace: 'shop' })]);
    await app.settle();
    expect(app.frame()).toMatch(/^> crash CrashLoopBackOff/m);
    expect(app.frame()).not.toMatch(/web CrashLoopBackOff|web Waiting/);
    await app.press(KEYS.enter);
    expect(app.plans[0]?.choice).toEqual({ namespace: 'shop', pod: 'crash', target: 'app', copy: true });

    app.plans[0]?.result.resolve(
      makePlan({
        podName: 'crash-cg-abcde',
        container: undefined,
        copy: {
          original: 'crash',
          pod: {},
          name: 'crash-cg-abcde',
          container: 'app',
          sibling: true,
          changes: ['image cgr.dev/chainguard/go:1.22 -> cgr.dev/chainguard/go:1.22-dev', 'command held (run it with `app`)', 'probes off', 'labels off (no Service, controller or NetworkPolicy selects the copy)'],
          app: { argv: ['/usr/bin/server', '--port', '8080'], workingDir: '/srv', source: 'spec' },
          shellCommand: [],
          commandPrefix: [],
        },
      }),
    );
    await app.settle();
    const frame = app.frame();
    expect(frame).toContain('Debug a copy of shop/crash');
    expect(frame).toContain('app does not run: a debug container cannot target it, a copy of the pod can');
    expect(frame).toMatch(/copy\s+new pod crash-cg-abcde/);
    expect(frame).toContain('· command held (run it with `app`)');
    expect(frame).toContain('· probes off');
    expect(frame).toContain('· labels off');
    expect(frame).toContain('· app (in the shell): /usr/bin/server --port 8080');
  });

  it('a running pod is planned as before, without a copy', async () => {
    const app = renderApp();
    await app.settle();
    app.list([makePod({ name: 'web', namespace: 'shop' })]);
    await app.settle();
    await app.press(KEYS.enter);
    expect(app.plans[0]?.choice).toEqual({ namespace: 'shop', pod: 'web', target: 'app' });
  });
});
