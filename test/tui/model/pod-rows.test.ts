import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  compareRows,
  createRowDeriver,
  firstDevImage,
  formatAge,
  isDistrolessImage,
  shortenImage,
  type PodRow,
} from '../../../src/tui/model/pod-rows.js';
import type { V1Pod } from '@kubernetes/client-node';
import { makePod } from '../support/pods.js';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';

const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const derive = createRowDeriver(DEFAULT_IMAGE_MAPPING);

describe('shortenImage', () => {
  it.each([
    { name: 'docker hub official', input: 'nginx:1.25', want: 'nginx:1.25' },
    { name: 'docker hub fully qualified', input: 'docker.io/library/redis', want: 'redis' },
    { name: 'docker hub org', input: 'bitnami/redis:7', want: 'bitnami/redis:7' },
    { name: 'cgr.dev dropped', input: 'cgr.dev/chainguard/nginx:latest', want: 'chainguard/nginx:latest' },
    { name: 'digest to 12 hex', input: `cgr.dev/chainguard/go@${DIGEST}`, want: 'chainguard/go@0123456789ab' },
    { name: 'tag and digest', input: `cgr.dev/chainguard/go:1.22@${DIGEST}`, want: 'chainguard/go:1.22@0123456789ab' },
    { name: 'other registry kept', input: 'quay.io/org/app:v1', want: 'quay.io/org/app:v1' },
    { name: 'registry with port kept', input: 'localhost:5000/app:v1', want: 'localhost:5000/app:v1' },
    { name: 'unparseable shown sanitized', input: 'BAD IMAGE\u001b[31m', want: 'BAD IMAGE' },
  ])('$name', ({ input, want }) => {
    expect(shortenImage(input)).toBe(want);
  });
});

describe('isDistrolessImage', () => {
  it.each([
    { input: 'cgr.dev/chainguard/nginx:latest', want: true },
    { input: 'cgr.dev/chainguard/nginx', want: true },
    { input: 'cgr.dev/chainguard/nginx:latest-dev', want: false },
    { input: 'cgr.dev/chainguard/python:3.12-dev', want: false },
    { input: `cgr.dev/chainguard/go@${DIGEST}`, want: true },
    { input: 'chainguard/static:latest', want: true },
    { input: '127.0.0.1:5000/chainguard/app:1.2.3', want: true },
    { input: '127.0.0.1:5000/chainguard/app:1.2.3-dev', want: false },
    { input: 'registry.corp/mirror/chainguard/go:1.22', want: true },
    { input: 'registry.corp/notchainguard/go:1.22', want: false },
    { input: 'gcr.io/distroless/static-debian12:nonroot', want: true },
    { input: 'gcr.io/distroless/base:debug-nonroot', want: false },
    { input: 'registry.k8s.io/pause:3.9', want: true },
    { input: 'nginx:1.25', want: false },
    { input: 'not an image', want: false },
  ])('$input -> $want', ({ input, want }) => {
    expect(isDistrolessImage(input)).toBe(want);
  });
});

describe('podRow', () => {
  it.each([
    {
      name: 'single chainguard container',
      pod: makePod({ name: 'web', image: 'cgr.dev/chainguard/nginx:1.25' }),
      want: {
        name: 'web',
        namespace: 'default',
        image: 'chainguard/nginx:1.25',
        distroless: true,
        devImage: 'chainguard/nginx:1.25-dev',
        devConfidence: 'likely',
        defaultContainer: 'app',
        annotatedDefault: false,
        readyCount: 1,
        node: 'node-1',
        debug: [],
      },
    },
    {
      name: 'default-container annotation picks the target',
      pod: makePod({
        name: 'two',
        containers: [
          { name: 'sidecar', image: 'nginx:1.25', ready: false },
          { name: 'main', image: 'cgr.dev/chainguard/go:1.22' },
        ],
        defaultContainer: 'main',
      }),
      want: {
        image: 'chainguard/go:1.22',
        distroless: true,
        defaultContainer: 'main',
        annotatedDefault: true,
        readyCount: 1,
      },
    },
    {
      name: 'annotation naming a missing container falls back to the first',
      pod: makePod({
        name: 'two',
        containers: [
          { name: 'a', image: 'nginx:1.25' },
          { name: 'b', image: 'nginx:1.25' },
        ],
        defaultContainer: 'zzz',
      }),
      want: { defaultContainer: 'a', annotatedDefault: false, distroless: false, devImage: 'chainguard/wolfi-base:latest' },
    },
    {
      name: 'existing cg-debug containers are listed, others not',
      pod: makePod({
        name: 'dbg',
        debug: [
          { name: 'cg-debug-abcde', image: 'cgr.dev/chainguard/nginx:latest-dev', target: 'app', running: true },
          { name: 'cg-debug-fghij', image: 'cgr.dev/chainguard/nginx:latest-dev', running: false },
          { name: 'kubectl-debug', image: 'busybox', running: true },
        ],
      }),
      want: {
        debug: [
          { name: 'cg-debug-abcde', image: 'cgr.dev/chainguard/nginx:latest-dev', target: 'app', running: true },
          { name: 'cg-debug-fghij', image: 'cgr.dev/chainguard/nginx:latest-dev', running: false },
        ],
      },
    },
    {
      name: 'escape sequences in names are stripped',
      pod: makePod({ name: 'evil\u001b[2Jpod', namespace: 'ns\u001b]0;x\u0007' }),
      want: { name: 'evilpod', namespace: 'ns' },
    },
    {
      name: 'unparseable image still lists the pod',
      pod: makePod({ name: 'odd', image: 'UPPER/Case' }),
      want: { image: 'UPPER/Case', distroless: false, devImage: '', devConfidence: undefined },
    },
    {
      // Watch events are untyped JSON: a spec without its containers must not throw out of the watch.
      name: 'a spec without containers still lists the pod',
      pod: { metadata: { name: 'bare', namespace: 'shop', uid: 'u-bare' }, spec: {} } as unknown as ReturnType<typeof makePod>,
      want: { name: 'bare', containers: [], defaultContainer: '', image: '', appImage: '', devImage: '' },
    },
  ])('$name', ({ pod, want }) => {
    expect(derive(pod)).toMatchObject(want);
  });

  it('reads creation time from a string (watch) or a Date (list)', () => {
    const fromString = derive(makePod({ name: 'a', created: '2024-01-01T00:00:10Z' }));
    const pod = makePod({ name: 'a' });
    pod.metadata = { ...pod.metadata, creationTimestamp: new Date('2024-01-01T00:00:10Z') };
    expect(fromString.createdAt).toBe(Date.parse('2024-01-01T00:00:10Z'));
    expect(derive(pod).createdAt).toBe(fromString.createdAt);
  });
});

describe('createRowDeriver', () => {
  it('keeps a bounded amount of text however many distinct images pass through it (watch churn)', () => {
    // The heap after a full collection: what the deriver itself still holds once the pods and rows are gone.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const deriver = createRowDeriver(DEFAULT_IMAGE_MAPPING);
    gc();
    const before = process.memoryUsage().heapUsed;
    // A pod whose image is patched again and again, 100 KB each time (nothing in the API limits an image's length).
    for (let i = 0; i < 600; i++) deriver(JSON.parse(JSON.stringify(makePod({ name: 'churn', image: `${'x'.repeat(100_000)}${i}` }))) as V1Pod);
    gc();
    const kept = process.memoryUsage().heapUsed - before;
    // 600 images of 100 KB are 60 MB; the deriver may keep a few MB of them, not all.
    expect(kept).toBeLessThan(16 * 1024 * 1024);
    expect(typeof deriver).toBe('function');
  });
});

describe('formatAge', () => {
  const now = Date.parse('2024-01-10T00:00:00Z');
  it.each([
    { ago: 5_000, want: '5s' },
    { ago: 119_000, want: '119s' },
    { ago: 30 * 60_000, want: '30m' },
    { ago: 5 * 3600_000, want: '5h' },
    { ago: 3 * 86400_000, want: '3d' },
    { ago: 800 * 86400_000, want: '2y' },
    { ago: -5_000, want: '0s' },
  ])('$ago ms -> $want', ({ ago, want }) => {
    expect(formatAge(now - ago, now)).toBe(want);
  });
  it('unknown creation time', () => expect(formatAge(undefined, now)).toBe('?'));
});

describe('compareRows', () => {
  it('puts distroless pods first, then sorts by namespace and name', () => {
    const rows: PodRow[] = [
      derive(makePod({ name: 'b', namespace: 'x', image: 'nginx' })),
      derive(makePod({ name: 'z', namespace: 'b', image: 'cgr.dev/chainguard/nginx' })),
      derive(makePod({ name: 'a', namespace: 'x', image: 'nginx' })),
      derive(makePod({ name: 'a', namespace: 'b', image: 'cgr.dev/chainguard/nginx' })),
    ];
    expect(rows.sort(compareRows).map((r) => `${r.namespace}/${r.name}`)).toEqual(['b/a', 'b/z', 'x/a', 'x/b']);
  });
});

// Without a registry's answer the list shows what a session would fall back to, never a made-up -dev.
describe('firstDevImage', () => {
  const slim = { ...DEFAULT_IMAGE_MAPPING, devTags: [{ tag: '*-slim', dev: '*-dev' }] };
  const mirror = { ...DEFAULT_IMAGE_MAPPING, mirrors: [{ from: 'mirror.corp/cgr/', to: 'cgr.dev/chainguard/' }] };
  it.each([
    { name: 'Docker Hub nginx: the default image, not nginx:1.27-dev', input: { image: 'nginx:1.27', mapping: DEFAULT_IMAGE_MAPPING }, want: { image: 'cgr.dev/chainguard/wolfi-base:latest', confidence: 'guess' } },
    { name: 'a Chainguard tag: its -dev, only likely until checked', input: { image: 'cgr.dev/chainguard/nginx:1.25', mapping: DEFAULT_IMAGE_MAPPING }, want: { image: 'cgr.dev/chainguard/nginx:1.25-dev', confidence: 'likely' } },
    { name: 'a -dev image is itself', input: { image: 'cgr.dev/chainguard/nginx:1.25-dev', mapping: DEFAULT_IMAGE_MAPPING }, want: { image: 'cgr.dev/chainguard/nginx:1.25-dev', confidence: 'exact' } },
    { name: 'an image that does not parse', input: { image: 'UPPER/Case', mapping: DEFAULT_IMAGE_MAPPING }, want: undefined },
    { name: 'the configured default image', input: { image: 'nginx:1.27', mapping: { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'reg.example/tools:1' } }, want: { image: 'reg.example/tools:1', confidence: 'guess' } },
    { name: "a config devTags rule, as the plan maps it", input: { image: 'quay.io/a/b:1-slim', mapping: slim }, want: { image: 'quay.io/a/b:1-dev', confidence: 'likely' } },
    { name: 'a config mirror of cgr.dev, as the plan maps it', input: { image: 'mirror.corp/cgr/nginx:1.25', mapping: mirror }, want: { image: 'mirror.corp/cgr/nginx:1.25-dev', confidence: 'likely' } },
  ])('$name', ({ input, want }) => {
    expect(firstDevImage(input.image, input.mapping)).toEqual(want);
  });
});
