import { describe, expect, it } from 'vitest';
import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { ForbiddenError, NotRunningError, UsageError } from '../../src/core/errors.js';
import { planDebug, type DebugWhere } from '../../src/session/debug-session.js';
import { fakeApis, quietDeps, REQUEST } from './support/web-pod.js';

function appPod(state: V1ContainerState, restartCount = 0): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'shop', resourceVersion: '1' },
    spec: { containers: [{ name: 'app', image: 'cgr.dev/chainguard/nginx:1.27', securityContext: { runAsUser: 65532 } }] },
    status: {
      phase: 'Running',
      containerStatuses: [{ name: 'app', image: 'cgr.dev/chainguard/nginx:1.27', imageID: '', ready: false, restartCount, state }],
    },
  };
}

const WHERE: DebugWhere = { namespace: 'shop', pod: { kind: 'pod', name: 'web-1' } };

const api = fakeApis();

/** The fake API serving one pod; its log proves nothing was patched. */
async function sessionAgainst(pod: V1Pod) {
  const fake = await api({ pod });
  return { deps: quietDeps(fake.kube, () => 0.5), requests: fake.log };
}

describe('preflight: the target container must run before anything is changed', () => {
  it.each([
    { name: 'CrashLoopBackOff', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } }, restarts: 4, want: /not running \(CrashLoopBackOff, 4 restarts\)/ },
    { name: 'waiting', state: { waiting: { reason: 'ContainerCreating' } }, restarts: 0, want: /not running \(ContainerCreating\)/ },
    { name: 'terminated', state: { terminated: { exitCode: 2, reason: 'Error' } }, restarts: 1, want: /has exited \(Error, exit code 2\)/ },
  ])('$name: refused with exit 68 and no PATCH', async ({ state, restarts, want }) => {
    const { deps, requests } = await sessionAgainst(appPod(state, restarts));
    const error = await planDebug(deps, REQUEST, WHERE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotRunningError);
    expect((error as NotRunningError).message).toMatch(want);
    // Access reviews (may this user exec?) are questions, not changes.
    expect(requests.filter((r) => !r.startsWith('GET ') && !r.includes('/selfsubjectaccessreviews'))).toEqual([]);
  });

  it('a running target gets a plan with the container to add', async () => {
    const { deps } = await sessionAgainst(appPod({ running: { startedAt: new Date(0) } }));
    const plan = await planDebug(deps, REQUEST, WHERE);
    expect(plan.container?.targetContainerName).toBe('app');
  });
});

/** The fake API playing a role without the listed permissions (`verb resource[/subresource]`). */
async function sessionDenying(forbid: string[]) {
  const fake = await api({ pod: appPod({ running: { startedAt: new Date(0) } }), forbid });
  return { deps: quietDeps(fake.kube, () => 0.5), requests: fake.log };
}

describe('preflight: every missing permission is named before anything is changed', () => {
  it.each([
    {
      name: 'no patch',
      denied: ['patch pods/ephemeralcontainers'],
      command: ['true'],
      want: { message: 'cannot patch pods/ephemeralcontainers in namespace shop', permission: 'pods/ephemeralcontainers' },
    },
    {
      name: 'no patch and no exec, command mode',
      denied: ['patch pods/ephemeralcontainers', 'create pods/exec'],
      command: ['true'],
      want: { message: 'cannot patch pods/ephemeralcontainers, nor create pods/exec in namespace shop', permission: 'pods/ephemeralcontainers' },
    },
    {
      name: 'no exec and no attach, shell',
      denied: ['create pods/exec', 'create pods/attach'],
      command: undefined,
      want: { message: 'cannot create pods/exec (nor pods/attach) in namespace shop', permission: 'pods/exec' },
    },
    {
      name: 'no watch: the wait for the new container could not follow it',
      denied: ['watch pods'],
      command: ['true'],
      want: { message: 'cannot watch pods in namespace shop', permission: 'pods' },
    },
    {
      name: 'no list and no patch',
      denied: ['list pods', 'patch pods/ephemeralcontainers'],
      command: ['true'],
      want: { message: 'cannot patch pods/ephemeralcontainers, nor list pods in namespace shop', permission: 'pods/ephemeralcontainers' },
    },
  ])('$name', async ({ denied, command, want }) => {
    const { deps, requests } = await sessionDenying(denied);
    const error = await planDebug(deps, { ...REQUEST, ...(command ? { command } : {}) }, WHERE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect({ message: (error as ForbiddenError).message, permission: (error as ForbiddenError).permission.resource }).toEqual(want);
    const check = { 'pods/exec': 'create pods/exec', 'pods/ephemeralcontainers': 'patch pods/ephemeralcontainers', pods: 'watch pods' }[want.permission];
    expect((error as ForbiddenError).hint).toContain(`kubectl auth can-i ${check} -n shop`);
    expect(requests.filter((r) => r.startsWith('PATCH'))).toEqual([]);
  });

  it('exec denied but attach allowed: a shell plan that attaches, with the warning', async () => {
    const { deps } = await sessionDenying(['create pods/exec']);
    const plan = await planDebug(deps, REQUEST, WHERE);
    expect(plan.connectBy).toBe('attach');
    expect(plan.warnings.some((w) => w.includes('pods/exec is forbidden here'))).toBe(true);
  });
});

// N14: an elevated debug container never runs an image the app's repository chose; refused before any change.
describe('preflight: an elevated debug image from the app repository', () => {
  const evilPod = (image: string): V1Pod => {
    const pod = appPod({ running: { startedAt: new Date(0) } });
    return { ...pod, spec: { containers: [{ name: 'app', image, securityContext: { runAsUser: 65532 } }] } };
  };

  it.each([
    { name: '--as-root with the app own -dev image', image: 'evil.example/app:1-dev', request: { asRoot: true }, refused: true },
    { name: '--profile general with a chainguard-named repository elsewhere', image: 'evil.example/chainguard/app:1', request: { profile: 'general' as const }, refused: true },
    { name: "the app's user: the same image is fine", image: 'evil.example/app:1-dev', request: {}, refused: false },
    { name: '--as-root with --image', image: 'evil.example/app:1-dev', request: { asRoot: true, image: 'cgr.dev/chainguard/wolfi-base:latest' }, refused: false },
  ])('$name', async ({ image, request, refused }) => {
    const { deps, requests } = await sessionAgainst(evilPod(image));
    const result = await planDebug(deps, { ...REQUEST, ...request }, WHERE).then(
      () => undefined,
      (error: unknown) => error,
    );
    if (refused) {
      expect(result).toBeInstanceOf(UsageError);
      expect((result as UsageError).hint).toMatch(/--image/);
    } else {
      // Whatever else the stand-in makes the plan fail on, it is not the image's provenance.
      expect(String((result as Error | undefined)?.message)).not.toMatch(/app's own repository/);
    }
    expect(requests.filter((r) => r.startsWith('PATCH'))).toEqual([]);
  });
});
