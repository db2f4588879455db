// planCopy against a loopback API: the copy is asked of the API server in a server-side dry run before
// anything exists, and every refusal (RBAC, Pod Security, another admission answer) stops it there.
import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { ContainerFailedError, ForbiddenError, PodSecurityError } from '../../src/core/errors.js';
import { planDebug, type DebugRequest } from '../../src/session/debug-session.js';
import { sessionTrail } from '../../src/session/session-trail.js';
import { auditLines, auditTo } from './support/temp-audit.js';
import { fakeApis, quietDeps, REQUEST as WEB_REQUEST } from './support/web-pod.js';
import { devImageKey, type AnswerCache } from '../../src/registry/answer-cache.js';
import { devSiblingAnswer } from '../support/dev-image-answer.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CRASHING: V1Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'u1' }] },
  spec: {
    nodeName: 'node-a',
    containers: [{ name: 'app', image: 'cgr.dev/chainguard/app:1.2.3', command: ['/usr/bin/app', '--config', '/etc/app.conf'], securityContext: { runAsUser: 65532 } }],
  },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'app', image: '', imageID: '', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
  },
};

/** The session tests' request, with --copy. */
const REQUEST: DebugRequest = { ...WEB_REQUEST, copy: { keepLabels: false, sameNode: false } };

const apis = fakeApis();

describe('planCopy', () => {
  it('plans a copy of a crashing pod: the dry run sends exactly the pod the plan holds, and nothing is created', async () => {
    const api = await apis({ pod: CRASHING, enforce: 'baseline' });
    const plan = await planDebug(quietDeps(api.kube), REQUEST, { pod: { kind: 'pod', name: 'web-1' } });
    expect(plan.podName).toBe('web-1-cg-aaaaa');
    expect(plan.copy?.original).toBe('web-1');
    expect(plan.copy?.app).toEqual({ argv: ['/usr/bin/app', '--config', '/etc/app.conf'], workingDir: '/', source: 'spec' });
    expect(api.creates).toEqual([{ dryRun: true, body: plan.copy?.pod }]);
    const sent = api.creates[0]?.body;
    expect(sent?.spec?.containers[0]?.image).toBe('cgr.dev/chainguard/app:1.2.3-dev');
    expect(sent?.metadata?.ownerReferences).toBeUndefined();
    expect(sent?.metadata?.labels).toEqual({ 'cg-debug.dev/copy': 'true' });
    expect(sent?.spec?.nodeName).toBeUndefined();
    // Not one patch: the original pod is never changed.
    expect(api.patches).toEqual([]);
  });

  it.each<{ name: string; input: { code: number; message: string }; want: { type: new (...args: never[]) => Error; message: RegExp } }>([
    {
      name: 'Pod Security names the violation',
      input: { code: 403, message: 'pods "web-1-cg-aaaaa" is forbidden: violates PodSecurity "baseline:latest": privileged (container "app" must not set securityContext.privileged=true)' },
      want: { type: PodSecurityError, message: /^Pod Security "baseline" in namespace shop rejected the copy of pod web-1: privileged/ },
    },
    {
      name: 'a quota is said as the server says it',
      input: { code: 403, message: 'pods "web-1-cg-aaaaa" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=10, limited: pods=10' },
      want: { type: ContainerFailedError, message: /^the API server refused the copy of pod shop\/web-1: .*exceeded quota/ },
    },
    {
      name: 'a webhook denial',
      input: { code: 400, message: 'admission webhook "policy.example.com" denied the request: no debug images' },
      want: { type: ContainerFailedError, message: /denied the request: no debug images/ },
    },
  ])('a refused dry run stops the plan, and no pod is created: $name', async ({ input, want }) => {
    const api = await apis({ pod: CRASHING, enforce: 'baseline', createRefusal: input });
    const error = await planDebug(quietDeps(api.kube), REQUEST, { pod: { kind: 'pod', name: 'web-1' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(want.type);
    expect((error as Error).message).toMatch(want.message);
    expect(api.creates.map((c) => c.dryRun)).toEqual([true]);
  });

  it('--env KEY=VAL reaches the exec\'d process, never the copy\'s spec', async () => {
    const api = await apis({ pod: CRASHING, enforce: 'baseline' });
    const plan = await planDebug(quietDeps(api.kube), { ...REQUEST, env: ['LOG_LEVEL=debug'] }, { pod: { kind: 'pod', name: 'web-1' } });
    expect(plan.env).toEqual(['LOG_LEVEL=debug']);
    expect(JSON.stringify(api.creates[0]?.body)).not.toContain('LOG_LEVEL');
  });

  // The session's permission table and rule (sessionVerdict), for a copy: every refusal named at once, nothing sent.
  it.each([
    { name: 'no create pods: the delete is named with it', input: ['create pods', 'delete pods'], want: 'cannot create pods, nor delete pods in namespace shop: a copy of the pod needs them' },
    { name: 'no exec: a copy is reached by exec only', input: ['create pods/exec'], want: 'cannot create pods/exec in namespace shop: a copy of the pod needs them' },
    { name: 'no list nor watch: the copy could not be followed', input: ['list pods', 'watch pods'], want: 'cannot list and watch pods in namespace shop: a copy of the pod needs them' },
    { name: 'all of them at once', input: ['create pods', 'get pods/exec', 'watch pods'], want: 'cannot create pods, nor get pods/exec, nor watch pods in namespace shop: a copy of the pod needs them' },
  ])('RBAC: $name', async ({ input, want }) => {
    const api = await apis({ pod: CRASHING, forbid: input });
    const error = await planDebug(quietDeps(api.kube), REQUEST, { pod: { kind: 'pod', name: 'web-1' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toBe(want);
    for (const permission of input) expect((error as ForbiddenError).hint).toContain(`kubectl auth can-i ${permission} -n shop`);
    expect(api.creates).toEqual([]);
  });

  it('without delete pods the copy is planned, with the warning that stop cannot remove it', async () => {
    const api = await apis({ pod: CRASHING, forbid: ['delete pods'] });
    const plan = await planDebug(quietDeps(api.kube), REQUEST, { pod: { kind: 'pod', name: 'web-1' } });
    expect(plan.warnings).toContain('you may not delete pods in shop: cg-debug stop cannot remove the copy (it ends by itself after its TTL)');
    expect(api.creates.map((c) => c.dryRun)).toEqual([true]);
  });

  it("the -dev image comes from the registry answers an earlier run cached, as the debug plan's does", async () => {
    // A registry nobody listens on: only the cache can answer.
    const image = '127.0.0.1:1/chainguard/app:1.2.3';
    const digest = `sha256:${'a'.repeat(64)}`;
    const stored = devSiblingAnswer('127.0.0.1:1', 'chainguard/app', '1.2.3', `sha256:${'b'.repeat(64)}`);
    const answers = new Map([[devImageKey(image, digest, REQUEST.mapping) ?? '', stored]]);
    const cache: AnswerCache = { get: (key) => answers.get(key), set: () => undefined };
    const app = CRASHING.spec?.containers[0];
    const status = CRASHING.status?.containerStatuses?.[0];
    const pod: V1Pod = {
      ...CRASHING,
      spec: { ...CRASHING.spec, containers: [{ ...app, name: 'app', image }] },
      status: { ...CRASHING.status, containerStatuses: [{ ...status, name: 'app', image, imageID: `127.0.0.1:1/chainguard/app@${digest}`, ready: false, restartCount: 4 }] },
    };
    const api = await apis({ pod });
    const steps: string[] = [];
    const deps = { ...quietDeps(api.kube), registryCache: cache, onStep: (step: { message: string }) => void steps.push(step.message) };
    const plan = await planDebug(deps, { ...REQUEST, offline: false }, { pod: { kind: 'pod', name: 'web-1' } });
    expect(api.creates[0]?.body.spec?.containers[0]?.image).toBe(stored.pinned);
    expect(steps.some((m) => m.includes('(cached answer)'))).toBe(true);
    expect(plan.copy?.sibling).toBe(true);
  });

  it('a second plan reuses the running copy made the same way', async () => {
    const api = await apis({ pod: CRASHING });
    const first = await planDebug(quietDeps(api.kube), REQUEST, { pod: { kind: 'pod', name: 'web-1' } });
    // Create it for real, as startCopy would.
    const { createCopy } = await import('../../src/kube/copy-pods.js');
    await createCopy(api.kube, first.copy?.pod ?? {}, { dryRun: false });
    const second = await planDebug(quietDeps(api.kube, () => 0.99), REQUEST, { pod: { kind: 'pod', name: 'web-1' } });
    expect(second.copy?.reuse).toBe('web-1-cg-aaaaa');
    expect(second.podName).toBe('web-1-cg-aaaaa');
    // --new makes another.
    const third = await planDebug(quietDeps(api.kube, () => 0.99), { ...REQUEST, forceNew: true }, { pod: { kind: 'pod', name: 'web-1' } });
    expect(third.copy?.reuse).toBeUndefined();
    expect(third.podName).toBe('web-1-cg-99999');
  });

  it('a copy created whose container never runs is audited as a change, naming the pod it copies', async () => {
    const api = await apis({ pod: CRASHING });
    const log = join(mkdtempSync(join(tmpdir(), 'cg-copy-audit-')), 'audit.log');
    const plan = await planDebug(quietDeps(api.kube), { ...REQUEST, timeoutMs: 300 }, { pod: { kind: 'pod', name: 'web-1' } });
    const trail = sessionTrail(auditTo(log));
    const error = await trail.start(quietDeps(api.kube), plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(api.creates.map((c) => c.dryRun)).toEqual([true, false]);
    expect(auditLines(log)).toEqual([expect.objectContaining({ action: 'shell', pod: 'web-1-cg-aaaaa', added: true, copyOf: 'web-1' })]);
  });
});
