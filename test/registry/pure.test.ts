import { describe, expect, it } from 'vitest';
import type { DevImageCandidate } from '../../src/core/dev-image.js';
import { parseImageRef, shortDigest } from '../../src/core/image-ref.js';
import { parseChallenge, tokenUrl } from '../../src/registry/auth.js';
import { contentDigestProblem, sha256Digest } from '../../src/registry/content-digest.js';
import { registryBaseUrl } from '../../src/registry/endpoint.js';
import { chooseIndexManifest, goArch, manifestReference, type ImageIndex } from '../../src/registry/manifest.js';
import { selectDevImage } from '../../src/registry/resolve-dev-image.js';

describe('parseChallenge', () => {
  it.each([
    {
      name: 'docker hub',
      header: 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"',
      want: { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    },
    {
      name: 'comma inside a quoted scope, spaces after commas',
      header: 'Bearer realm="https://r/token", service="r", scope="repository:a/b:pull,push"',
      want: { scheme: 'bearer', params: { realm: 'https://r/token', service: 'r', scope: 'repository:a/b:pull,push' } },
    },
    { name: 'basic', header: 'Basic realm="Registry Realm"', want: { scheme: 'basic', params: { realm: 'Registry Realm' } } },
    { name: 'scheme case and bare token', header: 'bearer realm=https://r/token', want: { scheme: 'bearer', params: { realm: 'https://r/token' } } },
    { name: 'unknown scheme', header: 'Negotiate', want: { scheme: 'other', params: {} } },
    { name: 'absent', header: null, want: undefined },
  ])('$name', ({ header, want }) => {
    expect(parseChallenge(header)).toEqual(want);
  });

  it.each([
    {
      name: 'https realm: the challenge scope, or pull on the repository',
      input: { header: 'Bearer realm="https://auth.example/token",service="reg"', registry: 'https://reg.example' },
      want: { url: 'https://auth.example/token?service=reg&scope=repository%3Achainguard%2Fapp%3Apull' },
    },
    {
      name: 'http realm of a loopback http registry',
      input: { header: 'Bearer realm="http://127.0.0.1:5001/token"', registry: 'http://127.0.0.1:5000' },
      want: { url: 'http://127.0.0.1:5001/token?scope=repository%3Achainguard%2Fapp%3Apull' },
    },
    {
      name: 'http realm of an https registry',
      input: { header: 'Bearer realm="http://auth.example/token"', registry: 'https://reg.example' },
      want: { refused: 'the token realm http://auth.example is not https: credentials not sent' },
    },
    {
      name: 'remote http realm of a loopback registry',
      input: { header: 'Bearer realm="http://evil.example/token"', registry: 'http://127.0.0.1:5000' },
      want: { refused: 'the token realm http://evil.example is not https: credentials not sent' },
    },
    { name: 'another scheme', input: { header: 'Bearer realm="file:///etc/passwd"', registry: 'https://reg.example' }, want: { refused: 'the token realm file:// is not https: credentials not sent' } },
    { name: 'no realm', input: { header: 'Bearer service="x"', registry: 'https://reg.example' }, want: { refused: 'the Bearer challenge names no realm' } },
    { name: 'not a URL', input: { header: 'Bearer realm="::"', registry: 'https://reg.example' }, want: { refused: 'the Bearer realm is not a URL' } },
    { name: 'userinfo in the realm', input: { header: 'Bearer realm="https://u:p@auth.example/t"', registry: 'https://reg.example' }, want: { refused: 'the token realm carries a user or password' } },
  ])('tokenUrl: $name', ({ input, want }) => {
    const challenge = parseChallenge(input.header);
    expect(challenge && tokenUrl(challenge, 'chainguard/app', input.registry)).toEqual(want);
  });
});

describe('registryBaseUrl', () => {
  it.each([
    { registry: 'cgr.dev', want: 'https://cgr.dev' },
    { registry: 'docker.io', want: 'https://registry-1.docker.io' },
    { registry: 'index.docker.io', want: 'https://registry-1.docker.io' },
    { registry: 'registry.example:5000', want: 'https://registry.example:5000' },
    { registry: '127.0.0.1:5000', want: 'http://127.0.0.1:5000' },
    { registry: '127.1.2.3', want: 'http://127.1.2.3' },
    { registry: 'localhost:5000', want: 'http://localhost:5000' },
    { registry: 'localhost', want: 'http://localhost' },
    { registry: '[::1]:5000', want: 'http://[::1]:5000' },
    { registry: 'localhost.example.com', want: 'https://localhost.example.com' },
    { registry: '127.0.0.1.nip.io', want: 'https://127.0.0.1.nip.io' },
  ])('$registry', ({ registry, want }) => {
    expect(registryBaseUrl(registry)).toBe(want);
  });
});

describe('chooseIndexManifest', () => {
  const index: ImageIndex = {
    manifests: [
      { digest: 'sha256:arm', platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
      { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' } },
      { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
      { digest: 'sha256:armv7', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    ],
  };
  it.each([
    { name: 'exact', wanted: { os: 'linux', architecture: 'arm64' }, want: 'sha256:arm' },
    { name: 'variant', wanted: { os: 'linux', architecture: 'arm', variant: 'v7' }, want: 'sha256:armv7' },
    { name: 'unknown arch falls back to amd64', wanted: { os: 'linux', architecture: 's390x' }, want: 'sha256:amd' },
    {
      name: 'no amd64: first linux, never the attestation',
      index: { manifests: index.manifests.slice(0, 2).reverse() },
      wanted: { os: 'linux', architecture: 's390x' },
      want: 'sha256:arm',
    },
    { name: 'empty', index: { manifests: [] }, wanted: { os: 'linux', architecture: 'amd64' }, want: undefined },
  ])('$name', ({ index: other, wanted, want }) => {
    expect(chooseIndexManifest(other ?? index, wanted)?.digest).toBe(want);
  });

  it.each([
    { arch: 'x64', want: 'amd64' },
    { arch: 'arm64', want: 'arm64' },
  ])('goArch($arch)', ({ arch, want }) => {
    expect(goArch(arch)).toBe(want);
  });

  it.each([
    { ref: 'r.io/a:1', want: '1' },
    { ref: 'r.io/a', want: 'latest' },
    { ref: `r.io/a:1@sha256:${'a'.repeat(64)}`, want: `sha256:${'a'.repeat(64)}` },
  ])('manifestReference($ref)', ({ ref, want }) => {
    expect(manifestReference(parseImageRef(ref))).toBe(want);
  });
});

function candidate(image: string, rule: DevImageCandidate['rule'] = 'tag-dev'): DevImageCandidate {
  return { image, ref: parseImageRef(image), rule, confidence: 'exact', reason: 'r', warnings: [], conventional: true };
}

describe('selectDevImage', () => {
  const c1 = candidate('127.0.0.1:5000/chainguard/app:1.2.3-dev');
  const c2 = candidate('127.0.0.1:5000/chainguard/app:latest-dev', 'fallback-latest-dev');
  const c3 = candidate('127.0.0.1:5000/chainguard/wolfi-base:latest', 'default-image');
  const all = [c1, c2, c3];
  it.each([
    {
      name: 'first exists',
      results: [{ status: 'exists', digest: 'sha256:1' }, { status: 'exists' }, { status: 'exists' }] as const,
      want: { ...c1, verified: 'exists', digest: 'sha256:1', pinned: `${c1.image}@sha256:1`, warnings: [] },
    },
    {
      name: 'first missing, second exists: says what was missing',
      results: [{ status: 'missing' }, { status: 'exists', digest: 'sha256:2' }, { status: 'exists' }] as const,
      want: { ...c2, verified: 'exists', digest: 'sha256:2', pinned: `${c2.image}@sha256:2`, warnings: [`not in the registry: ${c1.image}`] },
    },
    {
      name: 'unreachable before an existing one: name-based choice',
      results: [{ status: 'unreachable', reason: 'ECONNREFUSED' }, { status: 'exists' }, { status: 'exists' }] as const,
      want: { ...c1, confidence: 'likely', verified: 'unreachable', warnings: ['registry 127.0.0.1:5000 unreachable (ECONNREFUSED): using the name-based choice'] },
    },
    {
      name: 'unauthorized: name-based choice, saying access was refused',
      results: [{ status: 'missing' }, { status: 'unauthorized', reason: 'HTTP 403' }, { status: 'exists' }] as const,
      want: {
        ...c2,
        confidence: 'likely',
        verified: 'unreachable',
        warnings: [`not in the registry: ${c1.image}`, 'registry 127.0.0.1:5000 refused access (HTTP 403): using the name-based choice'],
      },
    },
    {
      name: 'all missing: the default, with a warning',
      results: [{ status: 'missing' }, { status: 'missing' }, { status: 'missing' }] as const,
      want: { ...c3, verified: 'unchecked', warnings: [`none of the candidates is in its registry (${c1.image}, ${c2.image}, ${c3.image}): trying ${c3.image} anyway`] },
    },
  ])('$name', ({ results, want }) => {
    expect(selectDevImage(all, [...results])).toEqual(want);
  });

  // Docker Hub's nginx has no 1.27-dev: a T-dev for an image that is not Chainguard's is only ever
  // run when its registry says it exists.
  const guess = { ...candidate('docker.io/library/nginx:1.27-dev'), conventional: false };
  const fallback = candidate('cgr.dev/chainguard/wolfi-base:latest', 'default-image');
  it.each([
    {
      name: 'a guess whose registry is unreachable is skipped for the default',
      results: [{ status: 'unreachable', reason: 'ETIMEDOUT' }, { status: 'exists', digest: 'sha256:9' }] as const,
      want: {
        ...fallback,
        verified: 'exists',
        digest: 'sha256:9',
        pinned: `${fallback.image}@sha256:9`,
        warnings: [`${guess.image} is only a guess for an image that is not Chainguard's, and registry docker.io unreachable (ETIMEDOUT): not using it`],
      },
    },
    { name: 'a guess its registry confirms is used', results: [{ status: 'exists' }, { status: 'exists' }] as const, want: { ...guess, verified: 'exists', warnings: [] } },
    {
      name: 'both unreachable: the default, unconfirmed',
      results: [{ status: 'unauthorized', reason: 'HTTP 401' }, { status: 'unreachable', reason: 'ENOTFOUND' }] as const,
      want: {
        ...fallback,
        confidence: 'likely',
        verified: 'unreachable',
        warnings: [
          `${guess.image} is only a guess for an image that is not Chainguard's, and registry docker.io refused access (HTTP 401): not using it`,
          'registry cgr.dev unreachable (ENOTFOUND): using the name-based choice',
        ],
      },
    },
  ])('$name', ({ results, want }) => {
    expect(selectDevImage([guess, fallback], [...results])).toEqual(want);
  });
});

describe('contentDigestProblem', () => {
  const body = Buffer.from('{"config":{}}');
  const honest = sha256Digest(body);
  it.each([
    { name: 'the bytes the digest names', input: honest, want: undefined },
    { name: 'other bytes', input: sha256Digest(Buffer.from('{}')), want: `the registry sent content whose digest is ${shortDigest(honest)}, not ${shortDigest(sha256Digest(Buffer.from('{}')))}` },
    { name: 'an algorithm not known here', input: `sha512:${'a'.repeat(128)}`, want: 'the digest algorithm sha512 is not supported' },
    { name: 'an algorithm that is no name', input: `\u001b[2J:${'a'.repeat(64)}`, want: 'the digest has no known algorithm' },
    { name: 'no algorithm', input: 'a'.repeat(64), want: 'the digest has no known algorithm' },
    { name: 'an upper-case hex', input: honest.toUpperCase().replace('SHA256', 'sha256'), want: 'the digest is malformed' },
  ])('$name', ({ input, want }) => {
    expect(contentDigestProblem(input, body)).toBe(want);
  });
});
