import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { DEFAULT_IMAGE_MAPPING, devImageCandidates, overrideCandidate } from '../../src/core/dev-image.js';
import type { Confidence, DevImageRule } from '../../src/core/dev-image.js';
import { parseImageRef } from '../../src/core/image-ref.js';

const D = `sha256:${'0123456789abcdef'.repeat(4)}`;
const SHORT = 'sha256:0123456789ab';
const DEFAULT = 'cgr.dev/chainguard/wolfi-base:latest';

// Compact form of a candidate; `ref` is checked separately against the image string.
interface Want {
  image: string;
  rule: DevImageRule;
  confidence: Confidence;
  reason: string;
  warnings: string[];
}

function defaultFor(source: string): Want {
  const why = `no -dev variant is known for ${source}; using the default debug image ${DEFAULT}`;
  return { image: DEFAULT, rule: 'default-image', confidence: 'guess', reason: why, warnings: [why] };
}

const cases: { name: string; input: string; want: Want[] }[] = [
  // cgr.dev
  {
    name: 'cgr.dev no tag -> latest-dev',
    input: 'cgr.dev/chainguard/python',
    want: [
      { image: 'cgr.dev/chainguard/python:latest-dev', rule: 'latest-dev', confidence: 'likely', reason: 'cgr.dev tag (none) -> latest-dev: latest-dev tracks latest', warnings: [] },
      defaultFor('cgr.dev/chainguard/python'),
    ],
  },
  {
    name: 'cgr.dev latest -> latest-dev',
    input: 'cgr.dev/chainguard/nginx:latest',
    want: [
      { image: 'cgr.dev/chainguard/nginx:latest-dev', rule: 'latest-dev', confidence: 'likely', reason: 'cgr.dev tag latest -> latest-dev: latest-dev tracks latest', warnings: [] },
      defaultFor('cgr.dev/chainguard/nginx:latest'),
    ],
  },
  {
    name: 'cgr.dev version tag -> T-dev then latest-dev',
    input: 'cgr.dev/chainguard/python:3.12',
    want: [
      { image: 'cgr.dev/chainguard/python:3.12-dev', rule: 'tag-dev', confidence: 'exact', reason: 'cgr.dev tag 3.12 -> 3.12-dev', warnings: [] },
      { image: 'cgr.dev/chainguard/python:latest-dev', rule: 'fallback-latest-dev', confidence: 'guess', reason: 'cgr.dev fallback latest-dev when 3.12-dev does not exist', warnings: ["latest-dev may be a different version than the app's 3.12"] },
      defaultFor('cgr.dev/chainguard/python:3.12'),
    ],
  },
  {
    name: 'cgr.dev other org, fips name variant, -r tag',
    input: 'cgr.dev/acme.com/python-fips:v1.2.3-r1',
    want: [
      { image: 'cgr.dev/acme.com/python-fips:v1.2.3-r1-dev', rule: 'tag-dev', confidence: 'exact', reason: 'cgr.dev tag v1.2.3-r1 -> v1.2.3-r1-dev', warnings: [] },
      { image: 'cgr.dev/acme.com/python-fips:latest-dev', rule: 'fallback-latest-dev', confidence: 'guess', reason: 'cgr.dev fallback latest-dev when v1.2.3-r1-dev does not exist', warnings: ["latest-dev may be a different version than the app's v1.2.3-r1"] },
      defaultFor('cgr.dev/acme.com/python-fips:v1.2.3-r1'),
    ],
  },
  {
    name: 'cgr.dev already -dev tag is kept',
    input: 'cgr.dev/chainguard/node:20-dev',
    want: [
      { image: 'cgr.dev/chainguard/node:20-dev', rule: 'already-dev', confidence: 'exact', reason: 'cgr.dev tag 20-dev already is a -dev tag', warnings: [] },
      defaultFor('cgr.dev/chainguard/node:20-dev'),
    ],
  },
  {
    name: 'cgr.dev latest-dev is already -dev',
    input: 'cgr.dev/chainguard/node:latest-dev',
    want: [
      { image: 'cgr.dev/chainguard/node:latest-dev', rule: 'already-dev', confidence: 'exact', reason: 'cgr.dev tag latest-dev already is a -dev tag', warnings: [] },
      defaultFor('cgr.dev/chainguard/node:latest-dev'),
    ],
  },
  {
    name: 'cgr.dev -dev tag pinned by digest keeps the digest (same image)',
    input: `cgr.dev/chainguard/node:20-dev@${D}`,
    want: [
      { image: `cgr.dev/chainguard/node:20-dev@${D}`, rule: 'already-dev', confidence: 'exact', reason: 'cgr.dev tag 20-dev already is a -dev tag', warnings: [] },
      defaultFor(`cgr.dev/chainguard/node:20-dev@${D}`),
    ],
  },
  {
    name: 'cgr.dev tag + digest -> T-dev (digest dropped) then latest-dev',
    input: `cgr.dev/chainguard/python:3.12@${D}`,
    want: [
      { image: 'cgr.dev/chainguard/python:3.12-dev', rule: 'digest-tag-dev', confidence: 'likely', reason: 'cgr.dev tag 3.12 -> 3.12-dev', warnings: [`the tag 3.12 was taken from the reference, not verified against the digest ${SHORT}`] },
      { image: 'cgr.dev/chainguard/python:latest-dev', rule: 'fallback-latest-dev', confidence: 'guess', reason: 'cgr.dev fallback latest-dev when 3.12-dev does not exist', warnings: ["latest-dev may be a different version than the app's 3.12"] },
      defaultFor(`cgr.dev/chainguard/python:3.12@${D}`),
    ],
  },
  {
    name: 'cgr.dev latest + digest',
    input: `cgr.dev/chainguard/static:latest@${D}`,
    want: [
      { image: 'cgr.dev/chainguard/static:latest-dev', rule: 'digest-tag-dev', confidence: 'likely', reason: 'cgr.dev tag latest -> latest-dev: latest-dev tracks latest', warnings: [`the tag latest was taken from the reference, not verified against the digest ${SHORT}`] },
      defaultFor(`cgr.dev/chainguard/static:latest@${D}`),
    ],
  },
  {
    name: 'cgr.dev digest only -> latest-dev, version unknown',
    input: `cgr.dev/chainguard/static@${D}`,
    want: [
      {
        image: 'cgr.dev/chainguard/static:latest-dev',
        rule: 'digest-latest-dev',
        confidence: 'guess',
        reason: `cgr.dev pinned by digest ${SHORT} -> latest-dev`,
        warnings: [`the app is pinned by digest ${SHORT} and its version is unknown until the registry is asked; the -dev image may be a different version`],
      },
      defaultFor(`cgr.dev/chainguard/static@${D}`),
    ],
  },
  {
    name: 'the default image itself is not listed twice',
    input: 'cgr.dev/chainguard/wolfi-base',
    want: [
      { image: 'cgr.dev/chainguard/wolfi-base:latest-dev', rule: 'latest-dev', confidence: 'likely', reason: 'cgr.dev tag (none) -> latest-dev: latest-dev tracks latest', warnings: [] },
      defaultFor('cgr.dev/chainguard/wolfi-base'),
    ],
  },
  // gcr.io/distroless
  {
    name: 'distroless latest -> debug',
    input: 'gcr.io/distroless/static-debian12:latest',
    want: [
      { image: 'gcr.io/distroless/static-debian12:debug', rule: 'distroless-debug', confidence: 'likely', reason: 'gcr.io/distroless tag latest -> debug', warnings: [] },
      defaultFor('gcr.io/distroless/static-debian12:latest'),
    ],
  },
  {
    name: 'distroless no tag -> debug',
    input: 'gcr.io/distroless/base',
    want: [
      { image: 'gcr.io/distroless/base:debug', rule: 'distroless-debug', confidence: 'likely', reason: 'gcr.io/distroless tag (none) -> debug', warnings: [] },
      defaultFor('gcr.io/distroless/base'),
    ],
  },
  {
    name: 'distroless nonroot -> debug-nonroot',
    input: 'gcr.io/distroless/java17-debian12:nonroot',
    want: [
      { image: 'gcr.io/distroless/java17-debian12:debug-nonroot', rule: 'distroless-debug', confidence: 'likely', reason: 'gcr.io/distroless tag nonroot -> debug-nonroot', warnings: [] },
      defaultFor('gcr.io/distroless/java17-debian12:nonroot'),
    ],
  },
  {
    name: 'distroless latest-amd64 -> debug-amd64',
    input: 'gcr.io/distroless/static:latest-amd64',
    want: [
      { image: 'gcr.io/distroless/static:debug-amd64', rule: 'distroless-debug', confidence: 'likely', reason: 'gcr.io/distroless tag latest-amd64 -> debug-amd64', warnings: [] },
      defaultFor('gcr.io/distroless/static:latest-amd64'),
    ],
  },
  {
    name: 'distroless nonroot-arm64 -> debug-nonroot-arm64',
    input: 'gcr.io/distroless/static:nonroot-arm64',
    want: [
      { image: 'gcr.io/distroless/static:debug-nonroot-arm64', rule: 'distroless-debug', confidence: 'likely', reason: 'gcr.io/distroless tag nonroot-arm64 -> debug-nonroot-arm64', warnings: [] },
      defaultFor('gcr.io/distroless/static:nonroot-arm64'),
    ],
  },
  {
    name: 'distroless debug tag kept',
    input: 'gcr.io/distroless/static:debug-nonroot',
    want: [
      { image: 'gcr.io/distroless/static:debug-nonroot', rule: 'already-dev', confidence: 'exact', reason: 'gcr.io/distroless tag debug-nonroot already is a debug tag', warnings: [] },
      defaultFor('gcr.io/distroless/static:debug-nonroot'),
    ],
  },
  {
    name: 'distroless regional gcr.io mirror',
    input: 'eu.gcr.io/distroless/base:nonroot',
    want: [
      { image: 'eu.gcr.io/distroless/base:debug-nonroot', rule: 'distroless-debug', confidence: 'likely', reason: 'eu.gcr.io/distroless tag nonroot -> debug-nonroot', warnings: [] },
      defaultFor('eu.gcr.io/distroless/base:nonroot'),
    ],
  },
  {
    name: 'distroless unknown tag -> debug, a guess',
    input: 'gcr.io/distroless/static:v2',
    want: [
      { image: 'gcr.io/distroless/static:debug', rule: 'distroless-debug', confidence: 'guess', reason: 'gcr.io/distroless tag v2 -> debug', warnings: ['v2 is not a known distroless tag; the debug image may be a different version'] },
      defaultFor('gcr.io/distroless/static:v2'),
    ],
  },
  {
    name: 'distroless digest only -> debug, a guess',
    input: `gcr.io/distroless/static@${D}`,
    want: [
      {
        image: 'gcr.io/distroless/static:debug',
        rule: 'distroless-debug',
        confidence: 'guess',
        reason: 'gcr.io/distroless tag (none) -> debug',
        warnings: [`the app is pinned by digest ${SHORT} and its version is unknown until the registry is asked; the -dev image may be a different version`],
      },
      defaultFor(`gcr.io/distroless/static@${D}`),
    ],
  },
  {
    name: 'distroless nonroot + digest',
    input: `gcr.io/distroless/static:nonroot@${D}`,
    want: [
      { image: 'gcr.io/distroless/static:debug-nonroot', rule: 'distroless-debug', confidence: 'likely', reason: 'gcr.io/distroless tag nonroot -> debug-nonroot', warnings: [`the tag nonroot was taken from the reference, not verified against the digest ${SHORT}`] },
      defaultFor(`gcr.io/distroless/static:nonroot@${D}`),
    ],
  },
  {
    name: 'gcr.io outside distroless uses the generic rule',
    input: 'gcr.io/proj/app:1.0',
    want: [
      { image: 'gcr.io/proj/app:1.0-dev', rule: 'tag-dev', confidence: 'exact', reason: 'gcr.io tag 1.0 -> 1.0-dev', warnings: [] },
      defaultFor('gcr.io/proj/app:1.0'),
    ],
  },
  // other registries
  {
    name: 'mirror with port: T-dev only, no latest-dev guess',
    input: '127.0.0.1:5000/chainguard/python:3.12',
    want: [
      { image: '127.0.0.1:5000/chainguard/python:3.12-dev', rule: 'tag-dev', confidence: 'exact', reason: '127.0.0.1:5000 tag 3.12 -> 3.12-dev', warnings: [] },
      defaultFor('127.0.0.1:5000/chainguard/python:3.12'),
    ],
  },
  {
    name: 'mirror nested path no tag -> latest-dev',
    input: 'mirror.example.com/cache/cgr.dev/chainguard/go',
    want: [
      { image: 'mirror.example.com/cache/cgr.dev/chainguard/go:latest-dev', rule: 'latest-dev', confidence: 'likely', reason: 'mirror.example.com tag (none) -> latest-dev: latest-dev tracks latest', warnings: [] },
      defaultFor('mirror.example.com/cache/cgr.dev/chainguard/go'),
    ],
  },
  {
    name: 'docker hub official image',
    input: 'nginx:1.25',
    want: [
      { image: 'docker.io/library/nginx:1.25-dev', rule: 'tag-dev', confidence: 'exact', reason: 'docker.io tag 1.25 -> 1.25-dev', warnings: [] },
      defaultFor('docker.io/library/nginx:1.25'),
    ],
  },
  {
    name: 'docker hub official image, no tag',
    input: 'redis',
    want: [
      { image: 'docker.io/library/redis:latest-dev', rule: 'latest-dev', confidence: 'likely', reason: 'docker.io tag (none) -> latest-dev: latest-dev tracks latest', warnings: [] },
      defaultFor('docker.io/library/redis'),
    ],
  },
  {
    name: 'other registry -dev tag kept',
    input: 'localhost:5000/app:1.0-dev',
    want: [
      { image: 'localhost:5000/app:1.0-dev', rule: 'already-dev', confidence: 'exact', reason: 'localhost:5000 tag 1.0-dev already is a -dev tag', warnings: [] },
      defaultFor('localhost:5000/app:1.0-dev'),
    ],
  },
  {
    name: 'other registry tag + digest: T-dev only',
    input: `quay.io/org/app:v3@${D}`,
    want: [
      { image: 'quay.io/org/app:v3-dev', rule: 'digest-tag-dev', confidence: 'likely', reason: 'quay.io tag v3 -> v3-dev', warnings: [`the tag v3 was taken from the reference, not verified against the digest ${SHORT}`] },
      defaultFor(`quay.io/org/app:v3@${D}`),
    ],
  },
  {
    name: 'other registry digest only',
    input: `quay.io/org/app@${D}`,
    want: [
      {
        image: 'quay.io/org/app:latest-dev',
        rule: 'digest-latest-dev',
        confidence: 'guess',
        reason: `quay.io pinned by digest ${SHORT} -> latest-dev`,
        warnings: [`the app is pinned by digest ${SHORT} and its version is unknown until the registry is asked; the -dev image may be a different version`],
      },
      defaultFor(`quay.io/org/app@${D}`),
    ],
  },
  {
    name: 'a tag too long for a -dev sibling goes straight to the fallback',
    input: `cgr.dev/chainguard/x:${'t'.repeat(125)}`,
    want: [
      { image: 'cgr.dev/chainguard/x:latest-dev', rule: 'fallback-latest-dev', confidence: 'guess', reason: `cgr.dev fallback latest-dev when ${'t'.repeat(125)}-dev does not exist`, warnings: [`latest-dev may be a different version than the app's ${'t'.repeat(125)}`] },
      defaultFor(`cgr.dev/chainguard/x:${'t'.repeat(125)}`),
    ],
  },
];

describe('devImageCandidates', () => {
  it.each(cases)('$name', ({ input, want }) => {
    const got = devImageCandidates(parseImageRef(input), DEFAULT_IMAGE_MAPPING);
    expect(got.map((c) => ({ image: c.image, rule: c.rule, confidence: c.confidence, reason: c.reason, warnings: c.warnings }))).toEqual(want);
    // ref is the parsed form of image, and a -dev candidate never carries the app's digest unless it is the app's image.
    for (const c of got) expect(c.ref).toEqual(parseImageRef(c.image));
  });

  it('uses the configured default image, normalized', () => {
    const got = devImageCandidates(parseImageRef('quay.io/a/b:1'), { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'busybox' });
    expect(got.at(-1)).toEqual({
      image: 'docker.io/library/busybox',
      ref: { registry: 'docker.io', repository: 'library/busybox' },
      rule: 'default-image',
      confidence: 'guess',
      reason: 'no -dev variant is known for quay.io/a/b:1; using the default debug image docker.io/library/busybox',
      warnings: ['no -dev variant is known for quay.io/a/b:1; using the default debug image docker.io/library/busybox'],
      conventional: true,
    });
  });

  it('rejects an invalid default image', () => {
    expect(() => devImageCandidates(parseImageRef('nginx'), { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'Bad Image' })).toThrow(UsageError);
  });
});

describe('overrideCandidate', () => {
  it.each([
    {
      name: 'fully qualified',
      input: 'cgr.dev/chainguard/busybox:latest',
      want: { image: 'cgr.dev/chainguard/busybox:latest', ref: { registry: 'cgr.dev', repository: 'chainguard/busybox', tag: 'latest' }, rule: 'override', confidence: 'exact', reason: '--image cgr.dev/chainguard/busybox:latest', warnings: [], conventional: true },
    },
    {
      name: 'docker hub short name',
      input: 'busybox:1.36',
      want: { image: 'docker.io/library/busybox:1.36', ref: { registry: 'docker.io', repository: 'library/busybox', tag: '1.36' }, rule: 'override', confidence: 'exact', reason: '--image docker.io/library/busybox:1.36', warnings: [], conventional: true },
    },
  ])('$name', ({ input, want }) => {
    expect(overrideCandidate(input)).toEqual(want);
  });
});

// A -dev sibling is a published convention only for Chainguard's images (and what maps to them).
describe('conventional candidates', () => {
  it.each([
    { name: 'cgr.dev', input: { image: 'cgr.dev/chainguard/nginx:1.25' }, want: [true, true, true] },
    { name: 'a chainguard path elsewhere', input: { image: 'registry.corp/chainguard/nginx:1.25' }, want: [true, true] },
    // N14: only a whole `chainguard` segment; a name that merely contains it is anyone's repository.
    { name: 'a segment containing chainguard', input: { image: 'evil.example/notchainguard/nginx:1.25' }, want: [false, true] },
    { name: 'a segment starting with chainguard', input: { image: 'evil.example/chainguard-images/nginx:1.25' }, want: [false, true] },
    { name: 'Docker Hub nginx', input: { image: 'docker.io/library/nginx:1.27' }, want: [false, true] },
    { name: 'Docker Hub, no tag', input: { image: 'nginx' }, want: [false, true] },
    { name: 'another registry, pinned', input: { image: `quay.io/a/b@sha256:${'a'.repeat(64)}` }, want: [false, true] },
    { name: 'a -dev tag is the image itself', input: { image: 'quay.io/a/b:1-dev' }, want: [true, true] },
    { name: 'distroless debug tags', input: { image: 'gcr.io/distroless/static:nonroot' }, want: [true, true] },
    { name: 'a mirror of cgr.dev', input: { image: 'mirror.corp/cgr/nginx:1.25', mirrors: [{ from: 'mirror.corp/cgr/', to: 'cgr.dev/chainguard/' }] }, want: [true, true, true] },
    { name: 'a devTags rule', input: { image: 'quay.io/a/b:1-slim', devTags: [{ tag: '*-slim', dev: '*-dev' }] }, want: [true, false, true] },
  ])('$name', ({ input, want }) => {
    const got = devImageCandidates(parseImageRef(input.image), { ...DEFAULT_IMAGE_MAPPING, ...input });
    expect(got.map((c) => c.conventional)).toEqual(want);
  });
});
