// stop's audit line against the local API stand-in and a real log: written when the stop script ran in
// a container, whatever came after, and not when nothing was exec'd (already ended, no such container).
import { PassThrough } from 'node:stream';
import type { V1ContainerState } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { NotFoundError, TimeoutError } from '../../src/core/errors.js';
import type { TerminalIO } from '../../src/terminal/terminal-io.js';
import { planDebug } from '../../src/session/debug-session.js';
import { stopDebug } from '../../src/session/stop-debug.js';
import { frame, type FakeSocket } from './support/fake-api.js';
import { tempAudit } from './support/temp-audit.js';
import { APP, exitStatus, fakeApis, firstPlan, quietDeps, REQUEST, withDebugContainer } from './support/web-pod.js';

const api = fakeApis();

function terminal(): TerminalIO {
  const stream = () => Object.assign(new PassThrough(), { isTTY: false });
  const [stdin, stdout, stderr] = [stream(), stream(), stream()];
  stdout.resume();
  stderr.resume();
  return { stdin, stdout, stderr } as unknown as TerminalIO;
}

describe('stopDebug audit', () => {
  it.each([
    {
      name: 'the script ran and the container did not end in time: audited with exit 73',
      state: { running: {} } as V1ContainerState,
      container: undefined,
      want: { error: TimeoutError, lines: [{ action: 'stop', namespace: 'shop', pod: 'web', target: null, container: null, added: false, stopped: ['cg-debug-aaaaa'], exitCode: 73 }] },
    },
    {
      name: 'already ended: nothing exec’d, no line',
      state: { terminated: { exitCode: 0 } } as V1ContainerState,
      container: 'cg-debug-aaaaa',
      want: { error: undefined, lines: [] },
    },
    {
      name: 'no such debug container: no line',
      state: { running: {} } as V1ContainerState,
      container: 'cg-debug-zzzzz',
      want: { error: NotFoundError, lines: [] },
    },
  ])('$name', async ({ state, container, want }) => {
    const plan = await firstPlan(api);
    const execs: string[] = [];
    const onExec = (socket: FakeSocket, url: URL): void => {
      execs.push(url.searchParams.get('container') ?? '');
      socket.send(exitStatus(0));
      socket.close(1000);
    };
    const fake = await api({ pod: withDebugContainer(plan, state), onExec });
    const { trail: audit, lines } = tempAudit();
    const deps = { kube: fake.kube, onStep: () => undefined, signal: new AbortController().signal, now: () => 0, audit };
    const request = { namespace: 'shop', podArg: { kind: 'pod' as const, name: 'web' }, all: false, timeoutMs: 300, ...(container === undefined ? {} : { container }) };
    const error = await stopDebug(deps, request, terminal()).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (want.error) expect(error).toBeInstanceOf(want.error);
    else expect(error).toBeUndefined();
    expect(lines()).toEqual(want.lines.map((line) => expect.objectContaining(line) as unknown));
    expect(execs).toEqual(want.lines.length > 0 ? ['cg-debug-aaaaa'] : []);
  });
});

describe('stopDebug and copies', () => {
  it('deletes the pod’s copy, waits until it is gone, and audits it as deleted; a pod that only claims to be a copy stays', async () => {
    const fake = await api({ pod: APP });
    const copyPlan = await planDebug(
      quietDeps(fake.kube),
      { ...REQUEST, offline: true, copy: { keepLabels: false, sameNode: false } },
      { pod: { kind: 'pod', name: 'web' } },
    );
    const { createCopy } = await import('../../src/kube/copy-pods.js');
    await createCopy(fake.kube, copyPlan.copy?.pod ?? {}, { dryRun: false });
    // Someone else's pod, labelled and annotated as a copy of web, whose container is no holder.
    const planted = { ...copyPlan.copy?.pod, metadata: { ...copyPlan.copy?.pod.metadata, name: 'web-cg-plant' } };
    await createCopy(fake.kube, { ...planted, spec: { containers: [{ name: 'app', image: 'x', command: ['/app'] }] } }, { dryRun: false });
    const { trail: audit, lines } = tempAudit();
    const steps: string[] = [];
    const signal = new AbortController().signal;
    const deps = { kube: fake.kube, onStep: (s: { message: string }) => steps.push(s.message), signal, now: () => 0, audit };
    await stopDebug(deps, { namespace: 'shop', podArg: { kind: 'pod', name: 'web' }, all: false, timeoutMs: 2_000 }, terminal());
    expect(steps).toContain('deleted copy web-cg-aaaaa');
    expect(fake.log).toContain('DELETE /api/v1/namespaces/shop/pods/web-cg-aaaaa');
    expect(fake.log).not.toContain('DELETE /api/v1/namespaces/shop/pods/web-cg-plant');
    expect(lines()).toEqual([expect.objectContaining({ action: 'stop', pod: 'web', stopped: [], deleted: ['web-cg-aaaaa'], exitCode: 0 })]);
  });
});

// N7: any ephemeral container can be named, one planted by someone else too: what the stop exec prints
// never reaches the terminal.
describe('stopDebug output', () => {
  it('discards what the stop exec writes', async () => {
    const plan = await firstPlan(api);
    const onExec = (socket: FakeSocket): void => {
      socket.send(frame(1, 'out \u001b]0;pwned\u0007\u001b[2J'));
      socket.send(frame(2, 'err \u001b]0;pwned\u0007\u001b[2J'));
      socket.send(exitStatus(0));
      socket.close(1000);
    };
    const fake = await api({ pod: withDebugContainer(plan, { running: {} } as V1ContainerState), onExec });
    const { trail: audit } = tempAudit();
    const io = terminal();
    const written: string[] = [];
    io.stdout.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    io.stderr.on('data', (chunk: Buffer) => written.push(chunk.toString()));
    await stopDebug({ kube: fake.kube, onStep: () => undefined, signal: new AbortController().signal, now: () => 0, audit }, { namespace: 'shop', podArg: { kind: 'pod' as const, name: 'web' }, all: false, timeoutMs: 300 }, io).catch(() => undefined);
    expect(written.join('')).toBe('');
  });
});

