// cp's and packages' debug exec against the local API stand-in and a real audit log: a run is audited
// once it touched the pod (a container added, or a command exec'd into one), however it ended, and
// not when it stopped before.
import { Writable } from 'node:stream';
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../src/core/errors.js';
import { withDebugExec, type DebugExecSession } from '../../src/session/debug-exec.js';
import { planDebug, type SessionDeps } from '../../src/session/debug-session.js';
import type { FakeSocket } from './support/fake-api.js';
import { tempAudit } from './support/temp-audit.js';
import { APP, exitStatus, fakeApis, REQUEST, withDebugContainer } from './support/web-pod.js';

const api = fakeApis();

const SHARED_PIDS: V1Pod = { ...APP, spec: { ...APP.spec, containers: APP.spec?.containers ?? [], shareProcessNamespace: true } };

const sink = () => new Writable({ write: (_chunk, _encoding, callback) => callback() });

/** Runs one command in the debug container; exits `code`. */
const execOnce = (code: number) => async (session: DebugExecSession) => (await session.exec(['true'], sink())).exitCode === 0 ? 0 : code;

const exitAtOnce = (socket: FakeSocket): void => {
  socket.send(exitStatus(0));
  socket.close(1000);
};

/** Names from cg-debug-aaaaa on: a plan draws a free name even when it then reuses a running container. */
function deps(kube: SessionDeps['kube']): SessionDeps {
  let n = 0;
  return { kube, onStep: () => undefined, signal: new AbortController().signal, random: () => (Math.floor(n++ / 5) % 26) / 36, now: () => 0 };
}

const COPY = { copy: { direction: 'from-pod' as const, podPath: '/etc/os-release', localPath: '/home/jane/os-release' } };

describe('withDebugExec', () => {
  it.each([
    {
      name: 'a copy that ran: audited with its paths',
      pod: APP,
      use: execOnce(0),
      want: { result: 0, lines: [{ action: 'cp', added: true, exitCode: 0, ...COPY }] },
    },
    {
      name: 'a failure after an exec: audited with its exit code',
      pod: APP,
      use: async (session: DebugExecSession) => {
        await session.exec(['false'], sink());
        throw new NotFoundError('/etc/os-release does not exist in the target container');
      },
      want: { result: NotFoundError, lines: [{ action: 'cp', added: true, exitCode: 67, ...COPY }] },
    },
    {
      name: 'refused after the plan (one PID namespace for the pod): nothing changed, no line',
      pod: SHARED_PIDS,
      use: execOnce(0),
      want: { result: UsageError, lines: [] },
    },
  ])('$name', async ({ pod, use, want }) => {
    const fake = await api({ pod, states: [{ running: {} }], onExec: exitAtOnce });
    const { trail, lines } = tempAudit();
    const open = { request: REQUEST, where: { pod: { kind: 'pod' as const, name: 'web' } }, needs: 'target-files' as const };
    const result = await withDebugExec(deps(fake.kube), open, { trail, action: 'cp', facts: COPY }, use).catch((e: unknown) => e);
    if (typeof want.result === 'number') expect(result).toBe(want.result);
    else expect(result).toBeInstanceOf(want.result);
    expect(lines()).toEqual(want.lines.map((line) => expect.objectContaining({ ...line, namespace: 'shop', pod: 'web', target: 'app', container: 'cg-debug-aaaaa' }) as unknown));
  });

  it.each([
    { name: 'a local failure before any exec: nothing touched, no line', use: () => Promise.reject(new UsageError('local failure')), want: [] },
    { name: 'an exec into it: audited, added false', use: execOnce(0), want: [['packages', false, 0]] },
  ])('a running container reused, $name', async ({ use, want }) => {
    const fresh = await api({ pod: APP });
    const running = withDebugContainer(await planDebug(deps(fresh.kube), REQUEST, { pod: { kind: 'pod' as const, name: 'web' } }), { running: {} });
    const fake = await api({ pod: running, onExec: exitAtOnce });
    const { trail, lines } = tempAudit();
    const result = await withDebugExec(deps(fake.kube), { request: REQUEST, where: { pod: { kind: 'pod' as const, name: 'web' } }, needs: 'target-files' }, { trail, action: 'packages' }, use).catch((e: unknown) => e);
    expect(result).toEqual(want.length > 0 ? 0 : new UsageError('local failure'));
    expect(fake.patches).toEqual([]);
    expect(lines().map((l) => [l.action, l.added, l.exitCode])).toEqual(want);
  });
});
