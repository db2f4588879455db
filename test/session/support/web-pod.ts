// The pod most session tests debug (web in shop, its app container running as 65532), the request
// they debug it with (other tests spread it and change what differs), the quiet deps they plan with,
// and the fake API servers they start, closed after each test.
import type { V1ContainerState, V1Pod } from '@kubernetes/client-node';
import { afterEach } from 'vitest';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';
import type { Kube } from '../../../src/kube/client.js';
import { planDebug, type DebugPlan, type DebugRequest, type SessionDeps } from '../../../src/session/debug-session.js';
import { fakeApi, frame, type FakeApi, type FakeApiOptions } from './fake-api.js';

export const APP: V1Pod = {
  metadata: { name: 'web', namespace: 'shop', uid: 'u1' },
  spec: { containers: [{ name: 'app', image: 'cgr.dev/chainguard/nginx:1.25', securityContext: { runAsUser: 65532 } }] },
  status: {
    phase: 'Running',
    containerStatuses: [{ name: 'app', image: '', imageID: '', ready: true, restartCount: 0, state: { running: { startedAt: new Date(0) } } }],
  },
};

export const REQUEST: DebugRequest = {
  profile: 'auto',
  asRoot: false,
  forceNew: false,
  timeoutMs: 2000,
  offline: true,
  mapping: { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'reg.example/base:1' },
  ttlSeconds: 0,
};

/** A session against `kube` that reports no step, at time 0, with fixed randomness (names such as cg-debug-aaaaa). */
export function quietDeps(kube: Kube, random: () => number = () => 0): SessionDeps {
  return { kube, onStep: () => undefined, signal: new AbortController().signal, random, now: () => 0 };
}

/** The plan a first run makes against a fresh APP (it adds cg-debug-aaaaa); withDebugContainer gives what later runs find. */
export async function firstPlan(api: (options: FakeApiOptions) => Promise<FakeApi>): Promise<DebugPlan> {
  const fresh = await api({ pod: APP });
  return planDebug(quietDeps(fresh.kube), REQUEST, { pod: { kind: 'pod', name: 'web' } });
}

/** The pod with `plan`'s container added, in `state`: what the next run finds. */
export function withDebugContainer(plan: DebugPlan, state: V1ContainerState): V1Pod {
  const container = plan.container;
  if (!container) throw new Error('plan adds no container');
  return {
    ...APP,
    spec: { ...APP.spec, containers: APP.spec?.containers ?? [], ephemeralContainers: [container] },
    status: { ...APP.status, ephemeralContainerStatuses: [{ name: container.name, image: '', imageID: '', ready: false, restartCount: 0, state }] },
  };
}

/** The exec status frame of a process that exited with `code`. */
export const exitStatus = (code: number): Buffer =>
  frame(3, JSON.stringify(code === 0 ? { status: 'Success' } : { status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } }));

/** Starts fake API servers for the calling test file, each closed after its test. */
export function fakeApis(): (options: FakeApiOptions) => Promise<FakeApi> {
  const apis: FakeApi[] = [];
  afterEach(() => {
    for (const api of apis.splice(0)) api.close();
  });
  return async (options) => {
    const started = await fakeApi(options);
    apis.push(started);
    return started;
  };
}
