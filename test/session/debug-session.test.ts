// plan, start and connect against a local stand-in for the API server: what is decided before the
// pod is changed, what is sent and in which order, and how a session ends.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DisconnectedError, ForbiddenError, ImagePullError, InterruptedError, NotFoundError, UsageError } from '../../src/core/errors.js';
import type { Step } from '../../src/core/steps.js';
import type { TerminalIO } from '../../src/terminal/terminal-io.js';
import { connectDebug, planDebug, startDebug, type DebugWhere, type SessionDeps } from '../../src/session/debug-session.js';
import type { FakeApi, FakeApiOptions } from './support/fake-api.js';
import { APP, exitStatus, fakeApis, firstPlan, REQUEST, withDebugContainer } from './support/web-pod.js';

/** The pod argument alone: the namespace is the kube client's (shop). */
const WHERE: DebugWhere = { pod: { kind: 'pod' as const, name: 'web' } };

const api = fakeApis();

/** Deterministic names: cg-debug-aaaaa, cg-debug-bbbbb, ... */
function deps(kube: FakeApi['kube'], steps: Step[] = []): SessionDeps {
  let n = 0;
  return {
    kube,
    onStep: (step) => steps.push(step),
    signal: new AbortController().signal,
    random: () => (Math.floor(n++ / 5) % 26) / 36,
    now: () => 0,
  };
}

describe('planDebug', () => {
  it.each([
    { name: 'a new container, shells over exec', existing: undefined, request: {}, denied: [], want: { container: 'cg-debug-aaaaa', reuse: undefined, connectBy: 'exec' } },
    { name: 'the same container running is reused', existing: 'running', request: {}, denied: [], want: { container: undefined, reuse: 'cg-debug-aaaaa', connectBy: 'exec' } },
    { name: '--new adds another beside it', existing: 'running', request: { forceNew: true }, denied: [], want: { container: 'cg-debug-bbbbb', reuse: undefined, connectBy: 'exec' } },
    { name: 'an exited one is not reused', existing: 'terminated', request: {}, denied: [], want: { container: 'cg-debug-bbbbb', reuse: undefined, connectBy: 'exec' } },
    { name: 'as root is another user: not reused', existing: 'running', request: { asRoot: true }, denied: [], want: { container: 'cg-debug-bbbbb', reuse: undefined, connectBy: 'exec' } },
    { name: 'exec forbidden, attach allowed: attached', existing: undefined, request: {}, denied: ['create exec'], want: { container: 'cg-debug-aaaaa', reuse: undefined, connectBy: 'attach' } },
  ] as const)('$name', async ({ existing, request, denied, want }) => {
    const pod = existing === undefined ? APP : withDebugContainer(await firstPlan(api), existing === 'running' ? { running: {} } : { terminated: { exitCode: 0 } });
    const fake = await api({ pod, denied: [...denied] });
    const plan = await planDebug(deps(fake.kube), { ...REQUEST, ...request }, WHERE);
    expect({ container: plan.container?.name, reuse: plan.reuse?.name, connectBy: plan.connectBy }).toEqual(want);
    // Planning changes nothing, and the patch it holds carries exactly its container.
    expect(fake.patches).toEqual([]);
    expect(plan.patch).toEqual(plan.container ? { spec: { ephemeralContainers: [plan.container] } } : undefined);
  });

  // -c NAME: that container or a new one under that name; never another container.
  it.each([
    { name: 'the named container, running and the same: reattached', existing: 'running', request: { name: 'cg-debug-aaaaa' }, want: { reuse: 'cg-debug-aaaaa', container: undefined } },
    { name: 'another name: a new container under it, the identical one passed over', existing: 'running', request: { name: 'oncall' }, want: { reuse: undefined, container: 'oncall' } },
    { name: 'no name: the identical one reused', existing: 'running', request: {}, want: { reuse: 'cg-debug-aaaaa', container: undefined } },
    // A run that exec'd early can end before the kubelet reports the holder running.
    { name: 'the named holder still starting: reattached', existing: 'starting', request: { name: 'cg-debug-aaaaa' }, want: { reuse: 'cg-debug-aaaaa', container: undefined } },
  ])('-c: $name', async ({ existing, request, want }) => {
    const state = existing === 'running' ? { running: {} } : { waiting: { reason: 'ContainerCreating' } };
    const pod = withDebugContainer(await firstPlan(api), state);
    const fake = await api({ pod });
    const plan = await planDebug(deps(fake.kube), { ...REQUEST, ...request }, WHERE);
    expect({ reuse: plan.reuse?.name, container: plan.container?.name }).toEqual(want);
  });

  it('-c NAME of a container that differs: refused before any change, saying why', async () => {
    const pod = withDebugContainer(await firstPlan(api), { running: {} });
    const fake = await api({ pod });
    const error = await planDebug(deps(fake.kube), { ...REQUEST, asRoot: true, name: 'cg-debug-aaaaa' }, WHERE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/^pod web already has a container named cg-debug-aaaaa \(not reattaching cg-debug-aaaaa: its .* from this run's\)$/);
    expect(fake.patches).toEqual([]);
  });

  it('--env is refused before any change where the shell would be attached', async () => {
    const fake = await api({ pod: APP, denied: ['create exec'] });
    const error = await planDebug(deps(fake.kube), { ...REQUEST, env: ['A=1'] }, WHERE).catch((e: unknown) => e);
    expect((error as UsageError).message).toBe('--env needs pods/exec, which is forbidden here (the shell would be attached)');
    expect(fake.patches).toEqual([]);
  });

  it.each([
    { name: 'a reuse asks only whether it may exec', existing: 'running', request: {}, want: 2 },
    { name: 'a new container also asks for patch, list and watch', existing: undefined, request: {}, want: 5 },
    { name: 'a candidate that does not fit: asked late, still before any change', existing: 'running', request: { asRoot: true }, want: 5 },
  ] as const)('$name', async ({ existing, request, want }) => {
    const pod = existing === undefined ? APP : withDebugContainer(await firstPlan(api), { running: {} });
    const fake = await api({ pod });
    await planDebug(deps(fake.kube), { ...REQUEST, ...request }, WHERE);
    expect(fake.log.filter((line) => line === 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).toHaveLength(want);
    expect(fake.patches).toEqual([]);
  });

  it.each([
    { name: 'the picked container, even with --new', existing: 'running', request: { forceNew: true }, want: { reuse: 'cg-debug-aaaaa', warnings: [] } },
    {
      name: 'a picked container that exited',
      existing: 'terminated',
      request: {},
      want: { reuse: undefined, warnings: ['cg-debug-aaaaa is no longer running; a new debug container will be added instead'] },
    },
    {
      name: 'a picked container that is not what this run would add',
      existing: 'running',
      request: { asRoot: true },
      want: { reuse: undefined, warnings: [expect.stringMatching(/^not reattaching cg-debug-aaaaa: its .* from this run's; a new debug container will be added instead$/)] },
    },
  ])('reattach: $name', async ({ existing, request, want }) => {
    const pod = withDebugContainer(await firstPlan(api), existing === 'running' ? { running: {} } : { terminated: { exitCode: 0 } });
    const fake = await api({ pod });
    const plan = await planDebug(deps(fake.kube), { ...REQUEST, ...request }, { ...WHERE, reattach: 'cg-debug-aaaaa' });
    expect({ reuse: plan.reuse?.name, warnings: plan.warnings.filter((w) => w.includes('cg-debug-aaaaa')) }).toEqual(want);
  });

  it.each([
    { name: '--name of an app container', request: { name: 'app' }, denied: [], want: new UsageError('pod web already has a container named app') },
    { name: 'neither exec nor attach allowed', request: {}, denied: ['create exec', 'create attach'], want: new ForbiddenError('cannot create pods/exec (nor pods/attach) in namespace shop', { verb: '', resource: '' }) },
    { name: 'a command where exec is forbidden', request: { command: ['ps'] }, denied: ['create exec'], want: new ForbiddenError('cannot create pods/exec in namespace shop', { verb: '', resource: '' }) },
  ])('refuses $name before any patch', async ({ request, denied, want }) => {
    const fake = await api({ pod: APP, denied });
    const error = await planDebug(deps(fake.kube), { ...REQUEST, ...request }, WHERE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(want.constructor);
    expect((error as Error).message).toBe(want.message);
    expect(fake.patches).toEqual([]);
  });

  it.each([
    { name: 'no namespace: the kube client\'s', where: { pod: { kind: 'pod' as const, name: 'web' } }, want: 'shop/web' },
    { name: 'the picked namespace wins', where: { namespace: 'elsewhere', pod: { kind: 'pod' as const, name: 'web' } }, want: NotFoundError },
  ])('where: $name', async ({ where, want }) => {
    const fake = await api({ pod: APP });
    const result = await planDebug(deps(fake.kube), REQUEST, where).then((plan) => `${plan.namespace}/${plan.podName}`, (e: unknown) => e);
    if (typeof want === 'string') expect(result).toBe(want);
    else expect(result).toBeInstanceOf(want);
  });
});

describe('startDebug', () => {
  it('watches before it patches, sends the plan\'s patch, and holds the kubelet\'s steps until the patch is reported', async () => {
    const fake = await api({ pod: APP, states: [{ waiting: { reason: 'ContainerCreating' } }, { running: {} }] });
    const steps: Step[] = [];
    const plan = await planDebug(deps(fake.kube), REQUEST, WHERE);
    fake.log.length = 0;
    const added: string[] = [];
    const started = await startDebug({ ...deps(fake.kube, steps), onAdded: (name) => added.push(name) }, plan);
    expect(started).toEqual({ container: 'cg-debug-aaaaa', reused: false, connectBy: 'exec' });
    expect(added).toEqual(['cg-debug-aaaaa']);
    expect(fake.patches).toEqual([{ contentType: 'application/strategic-merge-patch+json', body: plan.patch }]);
    const patchAt = fake.log.indexOf('PATCH /api/v1/namespaces/shop/pods/web/ephemeralcontainers');
    expect(fake.log.indexOf('GET /api/v1/namespaces/shop/pods/web')).toBeLessThan(patchAt);
    expect(steps.map((s) => `${s.id} ${s.status}${s.reason ? ` ${s.reason}` : ''}`)).toEqual([
      'patch start',
      'patch done',
      'wait start',
      'wait info ContainerCreating',
      'wait done',
    ]);
  });

  it('reuses without patching', async () => {
    const fake = await api({ pod: withDebugContainer(await firstPlan(api), { running: {} }) });
    const steps: Step[] = [];
    const plan = await planDebug(deps(fake.kube), REQUEST, WHERE);
    const added: string[] = [];
    const started = await startDebug({ ...deps(fake.kube, steps), onAdded: (name) => added.push(name) }, plan);
    expect(started).toEqual({ container: 'cg-debug-aaaaa', reused: true, connectBy: 'exec' });
    expect(added).toEqual([]);
    expect(fake.patches).toEqual([]);
    expect(steps.map((s) => `${s.id} ${s.status}`)).toEqual(['reuse done']);
  });

  it('fails fast when the kubelet cannot pull the image', async () => {
    const fake = await api({ pod: APP, states: [{ waiting: { reason: 'ContainerCreating' } }, { waiting: { reason: 'ErrImagePull', message: 'not found' } }] });
    const plan = await planDebug(deps(fake.kube), REQUEST, WHERE);
    const added: string[] = [];
    const error = await startDebug({ ...deps(fake.kube), onAdded: (name) => added.push(name) }, plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePullError);
    // Said before the failure: the pod changed, and the audit trail must know it.
    expect(added).toEqual(['cg-debug-aaaaa']);
    expect((error as ImagePullError).message).toBe('cannot pull cgr.dev/chainguard/nginx:1.25-dev: ErrImagePull: not found');
  });
});

function pipes(): { io: TerminalIO; err: () => string } {
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  const err: string[] = [];
  stdout.resume();
  stderr.on('data', (d: Buffer) => err.push(d.toString()));
  return { io: { stdin, stdout, stderr } as unknown as TerminalIO, err: () => err.join('') };
}

describe('connectDebug', () => {
  it.each([
    { name: 'a command exits with its own code', command: ['false'], serve: 'exit 3', want: 3 },
    { name: 'a command exits 0', command: ['true'], serve: 'exit 0', want: 0 },
    { name: 'a shell exits with its code', command: undefined, serve: 'exit 7', want: 7 },
    { name: 'a command whose connection drops', command: ['sleep', '9'], serve: 'drop', want: DisconnectedError },
    { name: 'a shell whose connection drops', command: undefined, serve: 'drop', want: DisconnectedError },
  ])('$name', async ({ command, serve, want }) => {
    const onExec = (socket: Parameters<NonNullable<FakeApiOptions['onExec']>>[0]): void => {
      if (serve === 'drop') {
        setTimeout(() => socket.terminate(), 20);
        return;
      }
      socket.send(exitStatus(Number(serve.split(' ')[1])));
      socket.close(1000);
    };
    const fake = await api({ pod: withDebugContainer(await firstPlan(api), { running: {} }), onExec });
    const request = { ...REQUEST, ...(command ? { command } : {}) };
    const plan = await planDebug(deps(fake.kube), request, WHERE);
    const started = await startDebug(deps(fake.kube), plan);
    const { io } = pipes();
    const result = await connectDebug(deps(fake.kube), plan, started, io).catch((e: unknown) => e);
    if (typeof want === 'number') expect(result).toBe(want);
    else expect(result).toBeInstanceOf(want);
    expect(fake.log).toContain('EXEC /api/v1/namespaces/shop/pods/web/exec');
  });
});

describe('connectDebug into a running holder on a node whose kubelet restarted', () => {
  const POD_UNKNOWN = JSON.stringify({ status: 'Failure', code: 500, reason: 'InternalError', message: 'Internal error occurred: unable to upgrade connection: pod does not exist' });
  const NOT_FOUND = JSON.stringify({
    status: 'Failure',
    code: 500,
    reason: 'InternalError',
    message: 'Internal error occurred: error executing command in container: exec: "nosuch": executable file not found in $PATH',
  });
  const frame3 = (text: string) => Buffer.concat([Buffer.from([3]), Buffer.from(text)]);

  it.each([
    { name: 'a shell gets in once the kubelet knows the pod', command: undefined, answers: [POD_UNKNOWN, POD_UNKNOWN], want: 7, execs: 3 },
    { name: 'a command gets in once the kubelet knows the pod', command: ['false'], answers: [POD_UNKNOWN], want: 7, execs: 2 },
    { name: 'command not found is the answer at once', command: ['nosuch'], answers: [POD_UNKNOWN, NOT_FOUND], want: /could not run: .*executable file not found/, execs: 2 },
  ])('$name', async ({ command, answers, want, execs }) => {
    let calls = 0;
    const onExec = (socket: Parameters<NonNullable<FakeApiOptions['onExec']>>[0]): void => {
      const answer = answers[calls++];
      socket.send(answer === undefined ? exitStatus(7) : frame3(answer));
      socket.close(1000);
    };
    const fake = await api({ pod: withDebugContainer(await firstPlan(api), { running: {} }), onExec });
    const request = { ...REQUEST, ...(command ? { command } : {}) };
    const plan = await planDebug(deps(fake.kube), request, WHERE);
    const started = await startDebug(deps(fake.kube), plan);
    expect(started.reused).toBe(true);
    const result = await connectDebug(deps(fake.kube), plan, started, pipes().io).catch((e: unknown) => e);
    if (typeof want === 'number') expect(result).toBe(want);
    else expect((result as Error).message).toMatch(want);
    expect(calls).toBe(execs);
  });

  it('a kubelet that never learns the pod: exit 75 at --timeout, saying a rerun reattaches', async () => {
    const onExec = (socket: Parameters<NonNullable<FakeApiOptions['onExec']>>[0]): void => {
      socket.send(frame3(POD_UNKNOWN));
      socket.close(1000);
    };
    const fake = await api({ pod: withDebugContainer(await firstPlan(api), { running: {} }), onExec });
    const plan = await planDebug(deps(fake.kube), { ...REQUEST, timeoutMs: 300 }, WHERE);
    const started = await startDebug(deps(fake.kube), plan);
    const error = await connectDebug(deps(fake.kube), plan, started, pipes().io).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).exitCode).toBe(75);
    expect((error as DisconnectedError).message).toMatch(/^the kubelet of .* did not know pod shop\/web before the deadline/);
    expect((error as DisconnectedError).hint).toMatch(/^cg-debug-aaaaa was added and keeps running: .*it reattaches$/);
  });
});

describe('a signal in each phase ends the session as an interruption (exit 130), at once', () => {
  it.each([
    { name: 'plan: the pod lookup hangs', hold: ['get pod' as const], phase: 'plan' },
    { name: 'start: the patch hangs', hold: ['patch' as const], phase: 'start' },
    { name: 'start: the container never runs', hold: [], states: [{ waiting: { reason: 'ContainerCreating' } }], phase: 'start' },
  ])('$name', async ({ hold, states, phase }) => {
    const fake = await api({ pod: APP, hold: [], ...(states ? { states } : {}) });
    const plan = phase === 'start' ? await planDebug(deps(fake.kube), REQUEST, WHERE) : undefined;
    const held = await api({ pod: APP, hold, ...(states ? { states } : {}) });
    const controller = new AbortController();
    const session = { ...deps(held.kube), signal: controller.signal };
    const run = plan ? startDebug(session, plan) : planDebug(session, REQUEST, WHERE);
    setTimeout(() => controller.abort(), 100);
    // The held request never answers: only the abort can end the run. The race makes a run that goes on
    // fail by assertion rather than by the test's timeout.
    const error = await Promise.race([run.catch((e: unknown) => e), new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000))]);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
  });
});
