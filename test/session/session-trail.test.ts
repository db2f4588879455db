// The session's trail against a local stand-in for the API server and real files: one audit line
// however the session ends (a shell or command's own exit, a thrown error, a failure before connect
// after or before its container was added), the recording beside it, and a warning, never a failure,
// when the log cannot be written.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { auditDeps } from '../../src/cli/trail-deps.js';
import { NO_AUDIT_LOG_PLACE } from '../../src/config/effective-config.js';
import { DisconnectedError, ForbiddenError, ImagePullError } from '../../src/core/errors.js';
import type { Step } from '../../src/core/steps.js';
import type { TerminalIO } from '../../src/terminal/terminal-io.js';
import { appendAuditLine } from '../../src/record/audit-log.js';
import { openCastFile } from '../../src/record/cast-file.js';
import { planDebug, type DebugPlan, type SessionDeps } from '../../src/session/debug-session.js';
import { sessionTrail, type TrailDeps } from '../../src/session/session-trail.js';
import { frame, type FakeApi, type FakeSocket } from './support/fake-api.js';
import { auditLines, auditTo } from './support/temp-audit.js';
import { APP, exitStatus, fakeApis, REQUEST } from './support/web-pod.js';

const api = fakeApis();

function sessionDeps(kube: FakeApi['kube'], steps: Step[]): SessionDeps {
  return { kube, onStep: (step) => steps.push(step), signal: new AbortController().signal, random: () => 0, now: () => 0 };
}

/** A clock that starts at 1000 ms and moves 250 ms each time it is read. */
function steppingClock(): () => number {
  let t = 750;
  return () => (t += 250);
}

function trailDeps(log: string, extra: Partial<TrailDeps> = {}): TrailDeps {
  return { ...auditTo(log, steppingClock()), ...extra };
}

function terminal(): TerminalIO {
  const stream = () => Object.assign(new PassThrough(), { isTTY: false, columns: 80, rows: 24 });
  const stdout = stream();
  const stderr = stream();
  stdout.resume();
  stderr.resume();
  return { stdin: stream(), stdout, stderr } as unknown as TerminalIO;
}


/** What every line of a session in web's new debug container says. */
const IN_WEB = {
  time: '1970-01-01T00:00:01.000Z',
  user: 'jane',
  userSource: 'SelfSubjectReview',
  context: 'prod',
  namespace: 'shop',
  pod: 'web',
  target: 'app',
  container: 'cg-debug-aaaaa',
  image: 'cgr.dev/chainguard/nginx:1.25-dev',
  imageDigest: null,
  profile: 'restricted',
  uid: 65532,
  recorded: false,
  recordFile: null,
};

const temp = () => mkdtempSync(join(tmpdir(), 'cg-trail-'));

describe('sessionTrail', () => {
  it.each([
    { name: 'a command that exits 0', command: ['true'], serve: 'exit 0', want: { result: 0, line: { action: 'command', command: ['true'], exitCode: 0 } } },
    { name: 'a command that exits 3', command: ['false'], serve: 'exit 3', want: { result: 3, line: { action: 'command', command: ['false'], exitCode: 3 } } },
    { name: 'a shell that exits 7', command: undefined, serve: 'exit 7', want: { result: 7, line: { action: 'shell', exitCode: 7 } } },
    { name: 'a dropped shell: thrown, and audited as exit 75', command: undefined, serve: 'drop', want: { result: DisconnectedError, line: { action: 'shell', exitCode: 75 } } },
    // N15: --env and --mount-volumes change what the session could reach: the line says so.
    {
      name: 'a shell with --env and --mount-volumes',
      command: undefined,
      extra: { importEnv: true, mountVolumes: 'rw' as const },
      serve: 'exit 0',
      want: { result: 0, line: { action: 'shell', importEnv: true, mountVolumes: 'ro', exitCode: 0 } },
    },
  ])('connect: $name is audited once', async ({ command, serve, want, ...rest }) => {
    const extra = 'extra' in rest ? rest.extra : {};
    const onExec = (socket: FakeSocket): void => {
      if (serve === 'drop') {
        setTimeout(() => socket.terminate(), 20);
        return;
      }
      socket.send(exitStatus(Number(serve.split(' ')[1])));
      socket.close(1000);
    };
    const fake = await api({ pod: APP, states: [{ running: {} }], onExec });
    const log = join(temp(), 'state', 'audit.jsonl');
    const steps: Step[] = [];
    const trail = sessionTrail(trailDeps(log));
    const deps = sessionDeps(fake.kube, steps);
    const plan = await planDebug(deps, { ...REQUEST, ...extra, ...(command ? { command } : {}) }, { pod: { kind: 'pod', name: 'web' } });
    const started = await trail.start(deps, plan);
    const result = await trail.connect(deps, plan, started, terminal()).catch((e: unknown) => e);
    if (typeof want.result === 'number') expect(result).toBe(want.result);
    else expect(result).toBeInstanceOf(want.result);
    expect(auditLines(log)).toEqual([{ ...IN_WEB, added: true, durationMs: 250, ...want.line }]);
    expect(steps.filter((s) => s.id === 'audit')).toEqual([]);
  });

  it.each([
    {
      name: 'the kubelet cannot pull the image after the patch: audited as exit 72',
      states: [{ waiting: { reason: 'ErrImagePull', message: 'not found' } }],
      forbid: [],
      want: { error: ImagePullError, lines: [{ ...IN_WEB, action: 'shell', added: true, durationMs: 250, exitCode: 72 }] },
    },
    { name: 'the patch refused: nothing changed, no line', states: undefined, forbid: ['patch pods/ephemeralcontainers'], want: { error: ForbiddenError, lines: [] } },
  ])('start fails: $name', async ({ states, forbid, want }) => {
    const planned = await api({ pod: APP });
    const plan = await planDebug(sessionDeps(planned.kube, []), REQUEST, { pod: { kind: 'pod', name: 'web' } });
    // The cluster as start finds it: the kubelet's answer, or a role that lost the patch since the plan.
    const fake = await api({ pod: APP, forbid, ...(states ? { states } : {}) });
    const log = join(temp(), 'audit.jsonl');
    const trail = sessionTrail(trailDeps(log));
    const error = await trail.start(sessionDeps(fake.kube, []), plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(want.error);
    expect(auditLines(log)).toEqual(want.lines);
  });

  it('records the session beside its audit line', async () => {
    const onExec = (socket: FakeSocket): void => {
      socket.send(frame(1, 'recorded-output\r\n'));
      socket.send(exitStatus(0));
      socket.close(1000);
    };
    const fake = await api({ pod: APP, states: [{ running: {} }], onExec });
    const dir = temp();
    const log = join(dir, 'audit.jsonl');
    const cast = openCastFile(join(dir, 's.cast'), steppingClock());
    const trail = sessionTrail(trailDeps(log, { record: { cast, input: false, term: 'xterm' } }));
    const deps = sessionDeps(fake.kube, []);
    const plan = await planDebug(deps, { ...REQUEST, command: ['cat', '/etc/os-release'] }, { pod: { kind: 'pod', name: 'web' } });
    expect(await trail.connect(deps, plan, await trail.start(deps, plan), terminal())).toBe(0);
    const [header, ...events] = readFileSync(cast.path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24, command: 'cat /etc/os-release', env: { TERM: 'xterm' }, title: 'cg-debug shop/web cg-debug-aaaaa' });
    expect(events).toEqual([[expect.any(Number), 'o', 'recorded-output\r\n']]);
    expect(auditLines(log)).toEqual([
      { ...IN_WEB, action: 'command', command: ['cat', '/etc/os-release'], added: true, durationMs: 250, exitCode: 0, recorded: true, recordFile: cast.path },
    ]);
  });

  it.each([
    {
      name: 'a log whose directory is a file',
      deps: (dir: string): Partial<TrailDeps> => {
        writeFileSync(join(dir, 'state'), '');
        return { appendAudit: (line) => appendAuditLine(join(dir, 'state', 'cg-debug', 'audit.jsonl'), line) };
      },
      want: /^could not append to the audit log \(ENOTDIR\); the run itself is unaffected$/,
    },
    {
      name: 'a log with no place to go',
      deps: (_dir: string, kube: FakeApi['kube']): Partial<TrailDeps> => ({ appendAudit: auditDeps({ auditUnavailable: NO_AUDIT_LOG_PLACE }, kube).appendAudit }),
      want: /^could not append to the audit log \(neither XDG_STATE_HOME nor HOME is an absolute path\); the run itself is unaffected$/,
    },
  ])('$name: one warning, and the session ends with its own exit code', async ({ deps: extra, want }) => {
    const onExec = (socket: FakeSocket): void => {
      socket.send(exitStatus(4));
      socket.close(1000);
    };
    const fake = await api({ pod: APP, states: [{ running: {} }], onExec });
    const steps: Step[] = [];
    const trail = sessionTrail(trailDeps('', extra(temp(), fake.kube)));
    const deps = sessionDeps(fake.kube, steps);
    const plan: DebugPlan = await planDebug(deps, { ...REQUEST, command: ['false'] }, { pod: { kind: 'pod', name: 'web' } });
    expect(await trail.connect(deps, plan, await trail.start(deps, plan), terminal())).toBe(4);
    const warnings = steps.filter((s) => s.id === 'audit');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ status: 'warn', message: expect.stringMatching(want) as unknown });
  });
});
