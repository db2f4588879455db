// Direct mode's first step sends the reads the session starts with before the session's modules load; the
// plan then takes their answers: each read reaches the API once, and the plan is the one it would be
// without them (exec denied still means attach, a forbidden pod read the same typed error).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { connectAndPrefetch } from '../../src/cli/debug-start.js';
import { toOptions, type Environment } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { ForbiddenError } from '../../src/core/errors.js';
import { planDebug, type SessionDeps } from '../../src/session/debug-session.js';
import type { TerminalIO } from '../../src/terminal/terminal-io.js';
import type { Kube } from '../../src/kube/client.js';
import { kubeUser } from '../../src/kube/self-subject.js';
import type { FakeApiOptions } from '../session/support/fake-api.js';
import { APP, fakeApis, withDebugContainer } from '../session/support/web-pod.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const api = fakeApis();

const ENV: Environment = { stdoutIsTTY: true, stdinIsTTY: true, stateEnv: { HOME: '/home/u' }, defaultImage: 'reg.example/base:1' };
const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() } as unknown as TerminalIO;

const POD = 'GET /api/v1/namespaces/shop/pods/web';
const NAMESPACE = 'GET /api/v1/namespaces/shop';
const REVIEW = 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const WHOAMI = 'POST /apis/authentication.k8s.io/v1/selfsubjectreviews';

/** The reads in the order the server got them: the pod's lane in order, and how many reviews (their own lane). */
const lanes = (log: string[]) => ({ reads: log.filter((r) => r !== REVIEW), reviews: log.filter((r) => r === REVIEW).length });

/** A kubeconfig file for the fake API's server. */
function kubeconfigFor(kube: Kube): string {
  const file = path.join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
  writeFileSync(
    file,
    ['apiVersion: v1', 'kind: Config', `clusters: [{name: c, cluster: {server: "${kube.server}", insecure-skip-tls-verify: true}}]`, 'users: [{name: u, user: {}}]', 'contexts: [{name: x, context: {cluster: c, user: u}}]', 'current-context: x', ''].join('\n'),
  );
  return file;
}

/** Starts the fake API, parses `argv` as the command line would be, and plans with or without the reads sent ahead. */
async function run(argv: string, fake: Partial<FakeApiOptions>, ahead: boolean) {
  const started = await api({ pod: APP, ...fake });
  const options = toOptions(parseArgv(['--kubeconfig', kubeconfigFor(started.kube), '-n', 'shop', 'web', '--offline', ...argv.split(' ').filter(Boolean)]), ENV);
  if (options.kind !== 'debug') throw new Error(`not direct mode: ${options.kind}`);
  const signal = new AbortController().signal;
  const kube = ahead ? connectAndPrefetch(options, io, signal) : started.kube;
  const deps: SessionDeps = { kube, onStep: () => undefined, signal, random: Math.random, now: () => 0 };
  const plan = await planDebug(deps, options.request, options.where).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  // What the audit trail asks when its run starts, once the plan is done.
  if (ahead && options.trail.auditLog !== undefined) await kubeUser(kube);
  return { plan, log: started.log };
}

describe('direct mode sends its first reads ahead', () => {
  it('a command in a running holder: the pod, the namespace and who we are in that order, and the exec reviews, each once', async () => {
    const first = await run('-- true', {}, false);
    if (!('value' in first.plan)) throw new Error('no plan');
    const { plan, log } = await run('-- true', { pod: withDebugContainer(first.plan.value, { running: { startedAt: new Date(0) } }) }, true);
    expect('error' in plan ? plan.error : undefined).toBeUndefined();
    expect('value' in plan && plan.value.reuse?.name).toBe(first.plan.value.container?.name);
    expect(lanes(log)).toEqual({ reads: [POD, NAMESPACE, WHOAMI], reviews: 2 });
  });

  it('--new: the reviews for adding and following a container too, and the plan sends none of its own', async () => {
    const { plan, log } = await run('--new -- true', {}, true);
    expect('value' in plan && plan.value.patch).toBeDefined();
    expect(lanes(log)).toEqual({ reads: [POD, NAMESPACE, WHOAMI], reviews: 5 });
  });

  it('a shell where exec is denied: attached, as without the reads ahead', async () => {
    const [ahead, plain] = [await run('', { denied: ['create exec'] }, true), await run('', { denied: ['create exec'] }, false)];
    expect('value' in ahead.plan && ahead.plan.value.connectBy).toBe('attach');
    expect('value' in ahead.plan && ahead.plan.value.warnings).toEqual('value' in plain.plan && plain.plan.value.warnings);
  });

  it('a pod this user may not read: the same typed error as without the reads ahead', async () => {
    const [ahead, plain] = [await run('-- true', { forbid: ['get pods'] }, true), await run('-- true', { forbid: ['get pods'] }, false)];
    const error = 'error' in ahead.plan ? ahead.plan.error : undefined;
    expect(error).toBeInstanceOf(ForbiddenError);
    // What the user sees; the HTTP answers behind them differ in their Date header.
    const shown = (e: unknown) => (e instanceof ForbiddenError ? { message: e.message, hint: e.hint, exitCode: e.exitCode } : e);
    expect(shown(error)).toEqual(shown('error' in plain.plan ? plain.plan.error : undefined));
  });

  it('a workload: its pod is found by a list, so only the namespace and the reviews go ahead', async () => {
    const started = await api({ pod: APP });
    const options = toOptions(parseArgv(['--kubeconfig', kubeconfigFor(started.kube), '-n', 'shop', 'deploy/web', '--', 'true']), ENV);
    if (options.kind !== 'debug') throw new Error('not direct mode');
    connectAndPrefetch(options, io, new AbortController().signal);
    await expect.poll(() => started.log.length).toBe(4);
    expect(lanes(started.log)).toEqual({ reads: [NAMESPACE, WHOAMI], reviews: 2 });
  });
});
