// src/kube against the real local cluster: pods, Pod Security, RBAC, the ephemeral patch, the wait,
// exec and attach. Every ephemeral container added stays in its pod for good, so this file adds two
// per run, both to cg-privileged/app, named kube-e2e-* so cg-debug's reuse logic never picks them.
import { PassThrough } from 'node:stream';
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  ConfigError,
  ForbiddenError,
  ImagePullError,
  NotFoundError,
  PodSecurityError,
  UnreachableError,
  UsageError,
} from '../../../src/core/errors.js';
import { attachInteractive, execCommand } from '../../../src/kube/attach.js';
import type { TerminalIO } from '../../../src/terminal/terminal-io.js';
import { connect, kubeFromOptions, type Kube } from '../../../src/kube/client.js';
import { ephemeralContainerPatch } from '../../../src/core/debug-container.js';
import { addEphemeralContainer } from '../../../src/kube/ephemeral.js';
import { readEnforceLevel } from '../../../src/kube/pod-security.js';
import { findPod, getPod } from '../../../src/kube/pods.js';
import { parsePodArg } from '../../../src/core/pod-arg.js';
import { waitForContainer, waitForExitCode } from '../../../src/kube/wait-container.js';
import type { Step } from '../../../src/core/steps.js';
import { IMAGES } from '../support/cluster.js';

/** A pod argument as typed, parsed and looked up as the debug command does. */
async function resolvePod(kube: Parameters<typeof findPod>[0], namespace: string, arg: string) {
  return findPod(kube, namespace, parsePodArg(arg), { mustRun: true });
}

const cluster = inject('cluster');
const suffix = Date.now().toString(36);
const NO_ENV = { inCluster: false };

let admin: Kube;
beforeAll(() => {
  admin = connect({ kubeconfig: cluster.kubeconfig }, NO_ENV);
});

function withServer(kube: Kube, server: string, user?: { name: string; token: string }): Kube {
  const current = kube.kc.getCurrentCluster();
  const other = kubeFromOptions({
    clusters: [{ ...current, name: 'c', server, skipTLSVerify: current?.skipTLSVerify ?? false }],
    users: [user ?? { ...kube.kc.getCurrentUser(), name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: user?.name ?? 'u' }],
    currentContext: 'x',
  });
  return { ...other, namespace: kube.namespace, server };
}

function fakeTerminal() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, isRaw: false, setRawMode: (mode: boolean) => Object.assign(stdin, { isRaw: mode }) });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 100, rows: 30 });
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  let out = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  return { io: { stdin, stdout, stderr } as unknown as TerminalIO, stdin, output: () => out };
}

function pipedIO() {
  const stdin = Object.assign(new PassThrough(), { isTTY: true });
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdin, stdout, stderr } as unknown as TerminalIO, out: () => out, err: () => err };
}

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('connect and resolve', () => {
  it('uses the kubeconfig context and -n', () => {
    const kube = connect({ kubeconfig: cluster.kubeconfig, namespace: 'cg-baseline' }, NO_ENV);
    expect(kube.namespace).toBe('cg-baseline');
    expect(kube.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('resolves a pod and a deployment to running pods', async () => {
    const pod = await resolvePod(admin, 'cg-baseline', 'app');
    expect(pod.metadata?.name).toBe('app');
    expect(pod.status?.phase).toBe('Running');
    const web = await resolvePod(admin, 'cg-baseline', 'deploy/web');
    expect(web.metadata?.name).toBe('web-1');
  });

  it('suggests close names for a missing pod', async () => {
    const error = await resolvePod(admin, 'cg-baseline', 'apq').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe('pod "apq" not found in namespace cg-baseline');
    expect((error as NotFoundError).hint).toMatch(/^did you mean app\b/);
  });

  it('rejects kinds without pods before calling the API', async () => {
    await expect(resolvePod(admin, 'cg-baseline', 'svc/web')).rejects.toBeInstanceOf(UsageError);
  });

  it('names a missing workload', async () => {
    const error = await resolvePod(admin, 'cg-baseline', 'sts/nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toMatch(/statefulset "nope" not found in namespace cg-baseline/);
  });

  it('reports an API server that does not listen as unreachable', async () => {
    const error = await resolvePod(withServer(admin, 'https://127.0.0.1:1'), 'cg-baseline', 'app').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toBe('cannot reach https://127.0.0.1:1 (ECONNREFUSED)');
  });

  it('reports rejected credentials as a config problem', async () => {
    const bad = withServer(admin, admin.server, { name: 'bad', token: 'not-a-token' });
    const error = await getPod(bad, 'cg-baseline', 'app').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/rejected the credentials/);
  });
});

describe('Pod Security level', () => {
  it.each([
    ['cg-privileged', 'privileged'],
    ['cg-baseline', 'baseline'],
    ['cg-restricted', 'restricted'],
    ['default', 'privileged'],
  ])('%s enforces %s', async (namespace, level) => {
    await expect(readEnforceLevel(admin, namespace)).resolves.toBe(level);
  });

  it('is undefined for a user who cannot read the namespace', async () => {
    // A Role in cg-baseline grants reading the cg-baseline Namespace object itself, nothing else.
    const nsAdmin = connect({ kubeconfig: cluster.nsAdminKubeconfig }, NO_ENV);
    await expect(readEnforceLevel(nsAdmin, 'cg-baseline')).resolves.toBe('baseline');
    await expect(readEnforceLevel(nsAdmin, 'cg-restricted')).resolves.toBeUndefined();
  });
});

/** Adds `container` to `pod` with the patch the session sends. */
function add(kube: Kube, pod: V1Pod, container: V1EphemeralContainer): Promise<V1Pod> {
  const target = { namespace: pod.metadata?.namespace ?? '', pod: pod.metadata?.name ?? '', container: container.name };
  return addEphemeralContainer(kube, { ...target, patch: ephemeralContainerPatch(container) });
}

describe('rejected patches add nothing', () => {
  it('the viewer may not patch pods/ephemeralcontainers', async () => {
    const viewer = connect({ kubeconfig: cluster.viewerKubeconfig }, NO_ENV);
    const pod = await getPod(viewer, 'cg-baseline', 'app');
    const error = await add(viewer, pod, { name: `kube-e2e-denied-${suffix}`, image: IMAGES.appDev }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).message).toBe('cannot patch pods/ephemeralcontainers in namespace cg-baseline (as cg-viewer)');
    expect((error as ForbiddenError).permission).toEqual({ verb: 'patch', resource: 'pods/ephemeralcontainers', namespace: 'cg-baseline' });
    expect((error as ForbiddenError).hint).toBe('ask for RBAC: kubectl auth can-i patch pods/ephemeralcontainers -n cg-baseline');
  });

  it('a privileged container in cg-restricted is a Pod Security rejection with violations', async () => {
    const pod = await getPod(admin, 'cg-restricted', 'app');
    const name = `kube-e2e-psa-${suffix}`;
    const error = await add(admin, pod, {
      name,
      image: IMAGES.appDev,
      targetContainerName: 'app',
      securityContext: { privileged: true },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PodSecurityError);
    const violations = (error as PodSecurityError).violations;
    expect(violations).toContainEqual(`privileged (container "${name}" must not set securityContext.privileged=true)`);
    expect(violations.some((v) => v.startsWith('allowPrivilegeEscalation != false'))).toBe(true);
    expect((error as PodSecurityError).message).toMatch(/^Pod Security "restricted" in namespace cg-restricted rejected the debug container: /);
    expect((error as PodSecurityError).hint).toBe('use --profile auto or --profile restricted');
    const after = await getPod(admin, 'cg-restricted', 'app');
    expect(after.spec?.ephemeralContainers?.map((c) => c.name) ?? []).not.toContain(name);
  });
});

describe('ephemeral containers in cg-privileged/app', () => {
  it('fails fast with the kubelet message when the image tag does not exist', async () => {
    const pod = await getPod(admin, 'cg-privileged', 'app');
    const name = `kube-e2e-pull-${suffix}`;
    const image = '127.0.0.1:5000/chainguard/app:no-such-tag-dev';
    await add(admin, pod, { name, image, targetContainerName: 'app', command: ['sh'] });
    const steps: Step[] = [];
    const started = Date.now();
    const error = await waitForContainer(admin, {
      namespace: 'cg-privileged',
      pod: 'app',
      container: name,
      timeoutMs: 30_000,
      onStep: (s) => steps.push(s),
      now: () => Date.now() - started,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImagePullError);
    expect((error as ImagePullError).message).toMatch(new RegExp(`^cannot pull ${image.replaceAll('.', '\\.')}: (ErrImagePull|ImagePullBackOff): .+`));
    expect((error as ImagePullError).hint).toBe(`check the tag exists: cg-debug dev-image ${image}; or pass --image`);
    expect(Date.now() - started).toBeLessThan(30_000);
    // Progress was reported while it waited; which pull reason the kubelet showed first (ErrImagePull or
    // ImagePullBackOff) depends on the status update it happened to send, and the error above names it.
    expect(steps.filter((s) => s.reason !== undefined).length).toBeGreaterThan(0);
  });

  it('runs a debug container: running, exec with separate streams and exit code, attach, exit code', async () => {
    const pod = await getPod(admin, 'cg-privileged', 'app');
    const name = `kube-e2e-shell-${suffix}`;
    const container: V1EphemeralContainer = { name, image: IMAGES.appDev, targetContainerName: 'app', command: ['sh'], stdin: true, tty: true };
    const patched: V1Pod = await add(admin, pod, container);
    expect(patched.spec?.ephemeralContainers?.map((c) => c.name)).toContain(name);

    const steps: Step[] = [];
    await expect(
      waitForContainer(admin, { namespace: 'cg-privileged', pod: 'app', container: name, timeoutMs: 60_000, onStep: (s) => steps.push(s), now: () => 0 }),
    ).resolves.toEqual({ state: 'running' });

    const piped = pipedIO();
    const code = await execCommand(admin, {
      namespace: 'cg-privileged',
      pod: 'app',
      container: name,
      io: piped.io,
      command: ['sh', '-c', 'echo out; echo err >&2; exit 7'],
    });
    expect(code).toBe(7);
    expect(piped.out()).toBe('out\n');
    expect(piped.err()).toBe('err\n');

    // The shared PID namespace: the app is visible from the debug container.
    const ps = pipedIO();
    await execCommand(admin, { namespace: 'cg-privileged', pod: 'app', container: name, io: ps.io, command: ['ps', '-o', 'args'] });
    expect(ps.out()).toContain('/usr/bin/cg-fixture-app');

    const terminal = fakeTerminal();
    const ending = attachInteractive(admin, { namespace: 'cg-privileged', pod: 'app', container: name, io: terminal.io });
    terminal.stdin.write('echo attached-$((40+2))\r');
    await until(() => terminal.output().includes('attached-42'));
    terminal.stdin.write('exit 3\r');
    await expect(ending).resolves.toEqual({ kind: 'closed' });
    await expect(waitForExitCode(admin, { namespace: 'cg-privileged', pod: 'app', container: name, timeoutMs: 15_000 })).resolves.toBe(3);
  });
});
