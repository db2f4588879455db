import { describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { NotFoundError, UsageError } from '../../src/core/errors.js';
import { chooseTargetContainer, debugContainersOf, parseImageUser, targetFacts } from '../../src/core/target.js';
import type { DebugContainerInfo, ImageUser, TargetFacts } from '../../src/core/target.js';
import { holderCommand } from '../../src/core/holder.js';

const IMG = 'cgr.dev/chainguard/python:3.12-dev';

function pod(over: { containers?: string[]; init?: string[]; ephemeral?: string[]; annotation?: string } = {}): V1Pod {
  return {
    metadata: { name: 'web-1', namespace: 'shop', ...(over.annotation ? { annotations: { 'kubectl.kubernetes.io/default-container': over.annotation } } : {}) },
    spec: {
      containers: (over.containers ?? ['app']).map((name) => ({ name, image: `cgr.dev/chainguard/${name}` })),
      initContainers: (over.init ?? []).map((name) => ({ name })),
      ephemeralContainers: (over.ephemeral ?? []).map((name) => ({ name })),
    },
  };
}

describe('chooseTargetContainer', () => {
  it.each<{ name: string; input: { pod: V1Pod; requested?: string }; want: string }>([
    { name: 'the only container', input: { pod: pod() }, want: 'app' },
    { name: 'requested container', input: { pod: pod({ containers: ['app', 'sidecar'] }), requested: 'sidecar' }, want: 'sidecar' },
    { name: 'requested wins over annotation', input: { pod: pod({ containers: ['app', 'sidecar'], annotation: 'app' }), requested: 'sidecar' }, want: 'sidecar' },
    { name: 'default-container annotation', input: { pod: pod({ containers: ['app', 'sidecar'], annotation: 'sidecar' }) }, want: 'sidecar' },
    { name: 'only container even with a stale annotation', input: { pod: pod({ annotation: 'gone' }) }, want: 'app' },
  ])('$name', ({ input, want }) => {
    expect(chooseTargetContainer(input.pod, input.requested)).toBe(want);
  });

  it.each<{ name: string; input: { pod: V1Pod; requested?: string }; want: { type: typeof NotFoundError | typeof UsageError; message: string; hint: string } }>([
    {
      name: 'requested container missing',
      input: { pod: pod({ containers: ['app', 'sidecar'] }), requested: 'db' },
      want: { type: NotFoundError, message: 'pod web-1 has no container "db"', hint: 'choose one with --target app|sidecar' },
    },
    {
      name: 'init containers are not targets',
      input: { pod: pod({ init: ['migrate'] }), requested: 'migrate' },
      want: { type: NotFoundError, message: 'pod web-1 has no container "migrate"', hint: 'choose one with --target app' },
    },
    {
      name: 'ephemeral containers are not targets',
      input: { pod: pod({ ephemeral: ['cg-debug-abcde'] }), requested: 'cg-debug-abcde' },
      want: { type: NotFoundError, message: 'pod web-1 has no container "cg-debug-abcde"', hint: 'choose one with --target app' },
    },
    {
      name: 'several containers, no annotation',
      input: { pod: pod({ containers: ['app', 'sidecar', 'proxy'] }) },
      want: { type: UsageError, message: 'pod web-1 has 3 containers', hint: 'choose one with --target app|sidecar|proxy' },
    },
    {
      name: 'annotation names no container',
      input: { pod: pod({ containers: ['app', 'sidecar'], annotation: 'gone' }) },
      want: { type: UsageError, message: 'pod web-1 has 2 containers', hint: 'choose one with --target app|sidecar' },
    },
    {
      name: 'no containers at all',
      input: { pod: pod({ containers: [] }) },
      want: { type: UsageError, message: 'pod web-1 has 0 containers', hint: 'the pod has no app containers' },
    },
  ])('rejects: $name', ({ input, want }) => {
    let thrown: unknown;
    try {
      chooseTargetContainer(input.pod, input.requested);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(want.type);
    expect({ message: (thrown as Error).message, hint: (thrown as UsageError).hint }).toEqual({ message: want.message, hint: want.hint });
  });
});

interface FactsInput {
  container?: { runAsUser?: number; runAsGroup?: number; readOnlyRootFilesystem?: boolean };
  pod?: { runAsUser?: number; runAsGroup?: number };
  shareProcessNamespace?: boolean;
  status?: 'running' | 'waiting' | 'none';
  imageUser?: ImageUser;
}

function factsPod(input: FactsInput): V1Pod {
  return {
    metadata: { name: 'web-1', namespace: 'shop' },
    spec: {
      ...(input.shareProcessNamespace === undefined ? {} : { shareProcessNamespace: input.shareProcessNamespace }),
      ...(input.pod ? { securityContext: input.pod } : {}),
      containers: [
        { name: 'sidecar', image: 'busybox', securityContext: { runAsUser: 7 } },
        { name: 'app', image: 'cgr.dev/chainguard/python:3.12', ...(input.container ? { securityContext: input.container } : {}) },
      ],
    },
    status:
      input.status === 'none'
        ? {}
        : {
            containerStatuses: [
              { name: 'sidecar', image: 'busybox', imageID: 'docker.io/library/busybox@sha256:1', ready: true, restartCount: 0, state: { running: {} } },
              {
                name: 'app',
                image: 'cgr.dev/chainguard/python:3.12',
                imageID: 'cgr.dev/chainguard/python@sha256:2',
                ready: false,
                restartCount: 0,
                state: input.status === 'waiting' ? { waiting: { reason: 'CrashLoopBackOff' } } : { running: { startedAt: new Date(0) } },
              },
            ],
          },
  };
}

const BASE: TargetFacts = {
  namespace: 'shop',
  pod: 'web-1',
  container: 'app',
  image: 'cgr.dev/chainguard/python:3.12',
  imageID: 'cgr.dev/chainguard/python@sha256:2',
  uidSource: 'unknown',
  readOnlyRootFilesystem: false,
  shareProcessNamespace: false,
  running: true,
};

describe('targetFacts', () => {
  it.each<{ name: string; input: FactsInput; want: TargetFacts }>([
    { name: 'nothing known', input: {}, want: BASE },
    { name: 'container runAsUser/Group', input: { container: { runAsUser: 1000, runAsGroup: 2000 }, pod: { runAsUser: 1, runAsGroup: 2 } }, want: { ...BASE, uid: 1000, gid: 2000, uidSource: 'container' } },
    { name: 'pod runAsUser/Group', input: { pod: { runAsUser: 1001, runAsGroup: 3000 } }, want: { ...BASE, uid: 1001, gid: 3000, uidSource: 'pod' } },
    { name: 'container uid, pod gid', input: { container: { runAsUser: 5 }, pod: { runAsGroup: 6 } }, want: { ...BASE, uid: 5, gid: 6, uidSource: 'container' } },
    { name: 'container uid 0 is root, not unknown', input: { container: { runAsUser: 0 } }, want: { ...BASE, uid: 0, uidSource: 'container' } },
    { name: 'image user numeric', input: { imageUser: { raw: '65532:65532', uid: 65532, gid: 65532 } }, want: { ...BASE, uid: 65532, gid: 65532, uidSource: 'image' } },
    { name: 'image sets no user: root', input: { imageUser: { raw: '', uid: 0, gid: 0 } }, want: { ...BASE, uid: 0, gid: 0, uidSource: 'image' } },
    { name: 'image user by name only', input: { imageUser: { raw: 'nonroot' } }, want: BASE },
    { name: 'runAsUser overrides the image user and its group', input: { container: { runAsUser: 1000 }, imageUser: { raw: '65532:65532', uid: 65532, gid: 65532 } }, want: { ...BASE, uid: 1000, uidSource: 'container' } },
    { name: 'runAsGroup overrides the image group', input: { pod: { runAsGroup: 10 }, imageUser: { raw: '65532:65532', uid: 65532, gid: 65532 } }, want: { ...BASE, uid: 65532, gid: 10, uidSource: 'image' } },
    { name: 'read-only root filesystem', input: { container: { readOnlyRootFilesystem: true } }, want: { ...BASE, readOnlyRootFilesystem: true } },
    { name: 'shared process namespace', input: { shareProcessNamespace: true }, want: { ...BASE, shareProcessNamespace: true } },
    { name: 'not running', input: { status: 'waiting' }, want: { ...BASE, running: false } },
    { name: 'no status yet', input: { status: 'none' }, want: { ...BASE, imageID: undefined, running: false } },
  ])('$name', ({ input, want }) => {
    expect(targetFacts(factsPod(input), 'app', input.imageUser)).toEqual(want);
  });

  it('throws NotFoundError for a container the pod does not have', () => {
    expect(() => targetFacts(factsPod({}), 'db')).toThrow(NotFoundError);
  });
});

describe('parseImageUser', () => {
  it.each<{ name: string; input: string | undefined; want: ImageUser }>([
    { name: 'undefined: root', input: undefined, want: { raw: '', uid: 0, gid: 0 } },
    { name: 'empty: root', input: '', want: { raw: '', uid: 0, gid: 0 } },
    { name: 'uid only', input: '65532', want: { raw: '65532', uid: 65532 } },
    { name: 'uid:gid', input: '65532:65532', want: { raw: '65532:65532', uid: 65532, gid: 65532 } },
    { name: 'uid:other gid', input: '1000:2000', want: { raw: '1000:2000', uid: 1000, gid: 2000 } },
    { name: 'zero', input: '0', want: { raw: '0', uid: 0 } },
    { name: 'root by name', input: 'root', want: { raw: 'root', uid: 0 } },
    { name: 'root:root', input: 'root:root', want: { raw: 'root:root', uid: 0, gid: 0 } },
    { name: 'name', input: 'nonroot', want: { raw: 'nonroot' } },
    { name: 'name:name', input: 'nonroot:nonroot', want: { raw: 'nonroot:nonroot' } },
    { name: 'name:gid', input: 'nonroot:65532', want: { raw: 'nonroot:65532', gid: 65532 } },
    { name: 'uid:name', input: '65532:nonroot', want: { raw: '65532:nonroot', uid: 65532 } },
    { name: 'uid with empty group', input: '1000:', want: { raw: '1000:', uid: 1000 } },
    { name: 'negative is a name, not a number', input: '-1', want: { raw: '-1' } },
  ])('$name', ({ input, want }) => {
    expect(parseImageUser(input)).toEqual(want);
  });
});

type Eph = {
  name: string;
  image?: string;
  target?: string;
  tty?: boolean;
  stdin?: boolean;
  runAsUser?: number;
  /** The container's command is a holder with this TTL. */
  holderTtl?: number;
  state?: 'running' | 'waiting' | 'terminated' | 'none';
};

function debugPod(list: Eph[]): V1Pod {
  return {
    metadata: { name: 'web-1' },
    spec: {
      containers: [{ name: 'app' }],
      ephemeralContainers: list.map((e) => ({
        name: e.name,
        image: e.image ?? IMG,
        ...(e.target === undefined ? {} : { targetContainerName: e.target }),
        ...(e.tty === undefined ? {} : { tty: e.tty }),
        ...(e.stdin === undefined ? {} : { stdin: e.stdin }),
        ...(e.runAsUser === undefined ? {} : { securityContext: { runAsUser: e.runAsUser } }),
        ...(e.holderTtl === undefined ? {} : { command: holderCommand(e.holderTtl) }),
      })),
    },
    status: {
      ephemeralContainerStatuses: list
        .filter((e) => e.state !== 'none')
        .map((e) => ({
          name: e.name,
          image: e.image ?? IMG,
          imageID: '',
          ready: false,
          restartCount: 0,
          state: e.state === 'running' ? { running: {} } : e.state === 'terminated' ? { terminated: { exitCode: 0 } } : { waiting: { reason: 'ContainerCreating' } },
        })),
    },
  };
}

describe('debugContainersOf', () => {
  it.each<{ name: string; input: Eph[]; want: DebugContainerInfo[] }>([
    { name: 'none', input: [], want: [] },
    { name: 'other ephemeral containers are ignored', input: [{ name: 'debugger-x1', state: 'running' }], want: [] },
    {
      name: 'running interactive',
      input: [{ name: 'cg-debug-abcde', target: 'app', tty: true, stdin: true, runAsUser: 65532, state: 'running' }],
      want: [{ name: 'cg-debug-abcde', image: IMG, target: 'app', state: 'running', tty: true, stdin: true, runAsUser: 65532 }],
    },
    {
      name: 'states in spec order, missing status is waiting',
      input: [
        { name: 'cg-debug-aaaaa', state: 'terminated' },
        { name: 'cg-debug-bbbbb', state: 'waiting' },
        { name: 'cg-debug-ccccc', state: 'none' },
      ],
      want: [
        { name: 'cg-debug-aaaaa', image: IMG, state: 'terminated', tty: false, stdin: false, exitCode: 0 },
        { name: 'cg-debug-bbbbb', image: IMG, state: 'waiting', tty: false, stdin: false, reason: 'ContainerCreating' },
        { name: 'cg-debug-ccccc', image: IMG, state: 'waiting', tty: false, stdin: false },
      ],
    },
    {
      name: 'a holder, by its command, whatever its name',
      input: [{ name: 'probe', holderTtl: 1800, stdin: true, state: 'running' }],
      want: [{ name: 'probe', image: IMG, state: 'running', tty: false, stdin: true, holder: { ttlSeconds: 1800 } }],
    },
  ])('$name', ({ input, want }) => {
    expect(debugContainersOf(debugPod(input))).toEqual(want);
  });
});
