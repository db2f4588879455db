import { describe, expect, it } from 'vitest';
import type { V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import {
  appCommand,
  buildCopyPod,
  chooseReusableCopy,
  claimProblem,
  claimsOf,
  copiesOf,
  copyFingerprint,
  copyPodName,
  selectedBy,
  type AppCommand,
  type ClaimFacts,
  type CopyInput,
  type ImageProcess,
} from '../../src/core/copy-pod.js';
import { holderCommand } from '../../src/core/holder.js';

const at = (i: number) => (i + 0.5) / 36;
const A = () => at(0);

const HOLDER = holderCommand(3600);
const RESTRICTED_SC = {
  runAsUser: 65532,
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
const APP: AppCommand = { argv: ['/usr/bin/app', '--config', '/etc/app.conf'], workingDir: '/app', source: 'spec' };

function original(): V1Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-1',
      namespace: 'shop',
      uid: '1234',
      resourceVersion: '99',
      creationTimestamp: '2026-12-01T00:00:00Z' as unknown as Date,
      labels: { app: 'web', 'pod-template-hash': 'abc' },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'payments', 'cg-debug.dev/copy-of': 'planted' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'rs-1', controller: true }],
      finalizers: ['example.com/keep'],
    },
    spec: {
      nodeName: 'node-a',
      priority: 1000,
      priorityClassName: 'high',
      activeDeadlineSeconds: 60,
      serviceAccountName: 'web',
      securityContext: { fsGroup: 2000 },
      initContainers: [{ name: 'migrate', image: 'cgr.dev/chainguard/app:1.2.3', command: ['/migrate'] }],
      containers: [
        {
          name: 'app',
          image: 'cgr.dev/chainguard/app:1.2.3',
          command: ['/usr/bin/app'],
          args: ['--config', '/etc/app.conf'],
          env: [{ name: 'MODE', value: 'prod' }],
          livenessProbe: { httpGet: { path: '/', port: 8080 } },
          readinessProbe: { httpGet: { path: '/', port: 8080 } },
          startupProbe: { httpGet: { path: '/', port: 8080 } },
          securityContext: { readOnlyRootFilesystem: true },
          volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
          tty: true,
        },
        { name: 'proxy', image: 'envoy:1', livenessProbe: { tcpSocket: { port: 9901 } } },
      ],
      volumes: [{ name: 'config', configMap: { name: 'web' } }],
      ephemeralContainers: [{ name: 'cg-debug-old', image: 'x' }],
    },
    status: { phase: 'Running' },
  };
}

function input(over: Partial<CopyInput> = {}): CopyInput {
  return {
    original: original(),
    name: 'web-1-cg-aaaaa',
    target: 'app',
    devImage: 'cgr.dev/chainguard/app:1.2.3-dev@sha256:' + 'a'.repeat(64),
    holder: HOLDER,
    securityContext: RESTRICTED_SC,
    ttlSeconds: 3600,
    keepLabels: false,
    sameNode: false,
    app: APP,
    madeBy: 'jane@example.com',
    ...over,
  };
}

describe('copyPodName', () => {
  it.each<{ name: string; input: string; want: string }>([
    { name: 'short name', input: 'web-1', want: 'web-1-cg-aaaaa' },
    { name: 'exactly room for the suffix', input: 'a'.repeat(54), want: `${'a'.repeat(54)}-cg-aaaaa` },
    { name: 'cut to 63 characters', input: 'b'.repeat(253), want: `${'b'.repeat(54)}-cg-aaaaa` },
    { name: 'a cut that ends in - or . is trimmed', input: `${'c'.repeat(52)}.-xyz`, want: `${'c'.repeat(52)}-cg-aaaaa` },
  ])('$name', ({ input: name, want }) => {
    const got = copyPodName(name, A);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(63);
  });
});

describe('appCommand', () => {
  it.each<{ name: string; input: { container: { command?: string[]; args?: string[]; workingDir?: string }; image?: ImageProcess }; want: AppCommand }>([
    {
      name: 'command and args from the spec',
      input: { container: { command: ['/app'], args: ['-v'] }, image: { entrypoint: ['/ep'], cmd: ['--x'], workingDir: '/srv' } },
      want: { argv: ['/app', '-v'], workingDir: '/srv', source: 'spec' },
    },
    {
      name: 'args replace the image Cmd after its Entrypoint',
      input: { container: { args: ['--port', '80'] }, image: { entrypoint: ['/ep'], cmd: ['--x'] } },
      want: { argv: ['/ep', '--port', '80'], workingDir: '/', source: 'image' },
    },
    { name: 'the image alone', input: { container: {}, image: { entrypoint: ['/ep'], cmd: ['--x'] } }, want: { argv: ['/ep', '--x'], workingDir: '/', source: 'image' } },
    { name: 'the spec workingDir wins', input: { container: { workingDir: '/w' }, image: { workingDir: '/srv', cmd: ['run'] } }, want: { argv: ['run'], workingDir: '/w', source: 'image' } },
    { name: 'no image config: unknown', input: { container: { args: ['a'] } }, want: { argv: ['a'], workingDir: '/', source: 'unknown' } },
  ])('$name', ({ input: i, want }) => {
    expect(appCommand(i.container, i.image)).toEqual(want);
  });
});

describe('buildCopyPod', () => {
  it('runs the -dev sibling with the command held, and drops what would tie the copy to the original', () => {
    const { pod, container, changes } = buildCopyPod(input());
    const fingerprint = pod.metadata?.annotations?.['cg-debug.dev/copy-fingerprint'];
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(container).toBe('app');
    expect(pod).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-1-cg-aaaaa',
        namespace: 'shop',
        labels: { 'cg-debug.dev/copy': 'true' },
        annotations: {
          team: 'payments',
          'cg-debug.dev/copy-of': 'web-1',
          'cg-debug.dev/copied-by': 'jane@example.com',
          'cg-debug.dev/copy-target': 'app',
          'cg-debug.dev/copy-container': 'app',
          'cg-debug.dev/app-command': JSON.stringify({ argv: APP.argv, workingDir: '/app' }),
          'cg-debug.dev/copy-fingerprint': fingerprint,
        },
      },
      spec: {
        priorityClassName: 'high',
        serviceAccountName: 'web',
        securityContext: { fsGroup: 2000 },
        initContainers: [{ name: 'migrate', image: 'cgr.dev/chainguard/app:1.2.3', command: ['/migrate'] }],
        containers: [
          {
            name: 'app',
            image: input().devImage,
            command: HOLDER,
            env: [{ name: 'MODE', value: 'prod' }],
            stdin: true,
            workingDir: '/app',
            securityContext: { readOnlyRootFilesystem: true, ...RESTRICTED_SC },
            volumeMounts: [
              { name: 'config', mountPath: '/etc/app' },
              { name: 'cg-debug-tools', mountPath: '/cg-debug' },
            ],
          },
          // Sidecars are kept as they are, probes and all.
          { name: 'proxy', image: 'envoy:1', livenessProbe: { tcpSocket: { port: 9901 } } },
        ],
        volumes: [{ name: 'config', configMap: { name: 'web' } }, { name: 'cg-debug-tools', emptyDir: {} }],
        restartPolicy: 'Never',
        activeDeadlineSeconds: 3600,
      },
    });
    expect(changes).toEqual([
      `image cgr.dev/chainguard/app:1.2.3 -> ${input().devImage}`,
      'command held (run it with `app`)',
      'args cleared',
      'probes off',
      'restartPolicy Never',
      'ends after 1h (activeDeadlineSeconds)',
      'labels off (no Service, controller or NetworkPolicy selects the copy)',
      'any node (the scheduler places it)',
    ]);
  });

  it.each<{ name: string; input: Partial<CopyInput>; want: Partial<{ labels: Record<string, string>; nodeName: string | undefined; deadline: number | undefined; runAsNonRoot: boolean | undefined; workingDir: string | undefined }> }>([
    { name: '--keep-labels keeps them, beside the copy label', input: { keepLabels: true }, want: { labels: { app: 'web', 'pod-template-hash': 'abc', 'cg-debug.dev/copy': 'true' } } },
    { name: '--same-node keeps the node', input: { sameNode: true }, want: { nodeName: 'node-a' } },
    { name: 'no TTL: no deadline', input: { ttlSeconds: 0 }, want: { deadline: undefined } },
    { name: 'root lifts non-root explicitly', input: { securityContext: { runAsUser: 0 } }, want: { runAsNonRoot: false } },
    { name: 'an unknown command leaves the working directory to the image', input: { app: { argv: [], workingDir: '/', source: 'unknown' } }, want: { workingDir: undefined } },
  ])('$name', ({ input: over, want }) => {
    const { pod } = buildCopyPod(input(over));
    const app = pod.spec?.containers[0];
    const got = {
      labels: pod.metadata?.labels,
      nodeName: pod.spec?.nodeName,
      deadline: pod.spec?.activeDeadlineSeconds,
      runAsNonRoot: app?.securityContext?.runAsNonRoot,
      workingDir: app?.workingDir,
    };
    expect(got).toMatchObject(want);
    for (const [key, value] of Object.entries(want)) if (value === undefined) expect(got[key as keyof typeof got]).toBeUndefined();
  });

  it('without a -dev sibling keeps the app and adds the debug image beside it, sharing processes', () => {
    const { pod, container, changes } = buildCopyPod(input({ devImage: undefined, debug: { name: 'cg-debug-bbbbb', image: 'cgr.dev/chainguard/wolfi-base:latest' } }));
    expect(container).toBe('cg-debug-bbbbb');
    expect(pod.spec?.shareProcessNamespace).toBe(true);
    expect(pod.spec?.containers.map((c) => [c.name, c.image, c.command])).toEqual([
      ['app', 'cgr.dev/chainguard/app:1.2.3', ['/usr/bin/app']],
      ['proxy', 'envoy:1', undefined],
      ['cg-debug-bbbbb', 'cgr.dev/chainguard/wolfi-base:latest', HOLDER],
    ]);
    expect(pod.spec?.containers[0]?.livenessProbe).toBeUndefined();
    expect(changes[1]).toBe("process namespace shared: the app's files are at /proc/PID/root only while it runs");
  });

  it('refuses a pod that already uses the tools volume name', () => {
    const pod = original();
    pod.spec?.volumes?.push({ name: 'cg-debug-tools', emptyDir: {} });
    expect(() => buildCopyPod(input({ original: pod }))).toThrow(/already has a volume named cg-debug-tools/);
  });

  it('the fingerprint changes with what runs, not with the name', () => {
    const one = buildCopyPod(input()).pod;
    const renamed = buildCopyPod(input({ name: 'web-1-cg-zzzzz' })).pod;
    const other = buildCopyPod(input({ ttlSeconds: 60 })).pod;
    expect(copyFingerprint(renamed)).toBe(copyFingerprint(one));
    expect(copyFingerprint(other)).not.toBe(copyFingerprint(one));
  });
});

function running(pod: V1Pod, over: { phase?: string; deleting?: boolean; image?: string; containerRunning?: boolean } = {}): V1Pod {
  const copy = JSON.parse(JSON.stringify(pod)) as V1Pod;
  if (over.image) (copy.spec?.containers[0] as { image: string }).image = over.image;
  if (over.deleting) (copy.metadata as { deletionTimestamp?: string }).deletionTimestamp = '2026-12-01T00:00:00Z';
  copy.status = {
    phase: over.phase ?? 'Running',
    containerStatuses: [{ name: 'app', image: '', imageID: '', ready: true, restartCount: 0, state: over.containerRunning === false ? { waiting: { reason: 'x' } } : { running: {} } }],
  };
  return copy;
}

describe('chooseReusableCopy', () => {
  const wanted = buildCopyPod(input());
  const existing = buildCopyPod(input({ name: 'web-1-cg-old00' })).pod;
  it.each<{ name: string; input: V1Pod[]; want: { reuse?: string; passedOver: { name: string; why: string }[] } }>([
    { name: 'a running copy made the same way', input: [running(existing)], want: { reuse: 'web-1-cg-old00', passedOver: [] } },
    { name: 'a starting copy is reused too', input: [running(existing, { phase: 'Pending', containerRunning: false })], want: { reuse: 'web-1-cg-old00', passedOver: [] } },
    { name: 'an ended one is passed over', input: [running(existing, { phase: 'Failed' })], want: { passedOver: [{ name: 'web-1-cg-old00', why: 'it has ended (Failed)' }] } },
    { name: 'one being deleted', input: [running(existing, { deleting: true })], want: { passedOver: [{ name: 'web-1-cg-old00', why: 'it is being deleted' }] } },
    {
      name: 'a planted copy: same fingerprint, another image',
      input: [running(existing, { image: 'evil:1' })],
      want: { passedOver: [{ name: 'web-1-cg-old00', why: 'it was made with other flags, or from another version of the pod' }] },
    },
    {
      name: 'made with another TTL',
      input: [running(buildCopyPod(input({ name: 'web-1-cg-ttl00', ttlSeconds: 60, holder: holderCommand(60) })).pod)],
      want: { passedOver: [{ name: 'web-1-cg-ttl00', why: 'it was made with other flags, or from another version of the pod' }] },
    },
    { name: 'a copy of another pod is no candidate', input: [running(buildCopyPod(input({ original: { ...original(), metadata: { ...original().metadata, name: 'web-2' } } })).pod)], want: { passedOver: [] } },
  ])('$name', ({ input: copies, want }) => {
    const got = chooseReusableCopy(copies, wanted, 'web-1');
    expect({ reuse: got.reuse?.metadata?.name, passedOver: got.passedOver }).toEqual({ reuse: want.reuse, passedOver: want.passedOver });
  });
});

describe('claimProblem', () => {
  const claim = (modes: string[]): ClaimFacts => ({ volume: 'data', claim: 'pg-data', accessModes: modes });
  it.each<{ name: string; input: { claims: ClaimFacts[]; sameNode: boolean }; want: RegExp | undefined }>([
    { name: 'no claims', input: { claims: [], sameNode: false }, want: undefined },
    { name: 'ReadWriteMany is shared', input: { claims: [claim(['ReadWriteMany'])], sameNode: false }, want: undefined },
    { name: 'ReadWriteOnce on another node', input: { claims: [claim(['ReadWriteOnce'])], sameNode: false }, want: /claim pg-data \(volume data\), which is ReadWriteOnce/ },
    { name: 'ReadWriteOnce with --same-node', input: { claims: [claim(['ReadWriteOnce'])], sameNode: true }, want: undefined },
    { name: 'ReadWriteOncePod, always', input: { claims: [claim(['ReadWriteOncePod'])], sameNode: true }, want: /claim pg-data \(volume data\), which is ReadWriteOncePod/ },
  ])('$name', ({ input: i, want }) => {
    const got = claimProblem(i.claims, i.sameNode, 'web-1');
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got?.message).toMatch(want);
  });

  it('claimsOf names the claims, not other volumes', () => {
    expect(claimsOf({ spec: { containers: [], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pg' } }, { name: 'tmp', emptyDir: {} }] } })).toEqual([
      { volume: 'data', claim: 'pg' },
    ]);
  });
});

describe('selectedBy', () => {
  const labels = { app: 'web', tier: 'front' };
  it.each<{ name: string; input: V1LabelSelector | undefined; want: boolean }>([
    { name: 'empty selector selects every pod, the copy too', input: {}, want: false },
    { name: 'matchLabels', input: { matchLabels: { app: 'web' } }, want: true },
    { name: 'matchLabels that differ', input: { matchLabels: { app: 'db' } }, want: false },
    { name: 'In', input: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, want: true },
    { name: 'NotIn', input: { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, want: false },
    { name: 'Exists', input: { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, want: true },
    { name: 'DoesNotExist', input: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, want: false },
  ])('$name', ({ input: selector, want }) => {
    expect(selectedBy(selector, labels)).toBe(want);
  });
});

describe('copiesOf', () => {
  const holder = { name: 'app', command: HOLDER };
  const copy = (name: string, of: string | undefined, over: { label?: boolean; command?: string[] } = {}): V1Pod => ({
    metadata: {
      name,
      ...(over.label === false ? {} : { labels: { 'cg-debug.dev/copy': 'true' } }),
      annotations: { ...(of === undefined ? {} : { 'cg-debug.dev/copy-of': of }), 'cg-debug.dev/copy-container': 'app' },
    },
    spec: { containers: [{ ...holder, ...(over.command ? { command: over.command } : {}) }] },
  });
  it.each<{ name: string; input: { pods: V1Pod[]; original?: string }; want: string[] }>([
    { name: 'copies of the pod asked', input: { pods: [copy('a', 'web-1'), copy('b', 'web-2')], original: 'web-1' }, want: ['a'] },
    { name: 'every copy', input: { pods: [copy('a', 'web-1'), copy('b', 'web-2')] }, want: ['a', 'b'] },
    { name: 'no original named', input: { pods: [copy('c', undefined)] }, want: [] },
    { name: 'no copy label', input: { pods: [copy('d', 'web-1', { label: false })] }, want: [] },
    { name: 'a pod that only claims to be a copy (its container is no holder)', input: { pods: [copy('e', 'web-1', { command: ['/app'] })], original: 'web-1' }, want: [] },
    { name: 'a name no API server stores', input: { pods: [copy('../x', 'web-1')] }, want: [] },
  ])('$name', ({ input, want }) => {
    expect(copiesOf(input.pods, input.original).map((p) => p.metadata?.name)).toEqual(want);
  });
});
