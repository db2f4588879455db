// A registry, token service or redirect target that is not on our side: what it can get from us
// (credentials), and what we take from it (sizes, tags, digests, media types).
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING, devImageCandidates } from '../../src/core/dev-image.js';
import { formatImageRef, parseImageRef, shortDigest } from '../../src/core/image-ref.js';
import { sha256Digest } from '../../src/registry/content-digest.js';
import type { RegistryContext } from '../../src/registry/context.js';
import { fetchImageConfig, headManifest } from '../../src/registry/manifest.js';
import { redirectRefusal } from '../../src/registry/redirects.js';
import { fetchImageProcess, fetchImageUser, resolveDevImage } from '../../src/registry/resolve-dev-image.js';
import { listTags, tagDigests } from '../../src/registry/tags.js';
import { fetchTransport } from '../support/fetch-transport.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const CREDS = { username: 'robot', password: 'hunter2' };
const BASIC = `Basic ${Buffer.from('robot:hunter2').toString('base64')}`;

interface Call {
  url: string;
  authorization?: string;
}

type Route = (url: URL, headers: Headers) => Response | undefined;

/** A scripted network: each call is recorded, the first route that answers wins, else 404. */
function network(...routes: Route[]) {
  const calls: Call[] = [];
  const fetchFn = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    calls.push({ url: input, authorization: headers.get('authorization') ?? undefined });
    for (const route of routes) {
      const response = route(new URL(input), headers);
      if (response) return response;
    }
    return new Response(null, { status: 404 });
  };
  const context: RegistryContext = { transport: fetchTransport(fetchFn), timeoutMs: 3000, tokens: new Map(), auth: { credentialsFor: async () => ({ credentials: CREDS }) } };
  return { calls, context };
}

const redirect = (location: string, status = 307) => new Response(null, { status, headers: { location } });
const challenge = (realm: string) => new Response(null, { status: 401, headers: { 'www-authenticate': `Bearer realm="${realm}",service="reg"` } });
const exists = () => new Response(null, { status: 200, headers: { 'docker-content-digest': DIGEST } });
const ref = parseImageRef('reg.example/chainguard/app:1-dev');

describe('credentials', () => {
  it('are not sent to a plain http realm named by an https registry', async () => {
    const { calls, context } = network((u) => (u.host === 'reg.example' ? challenge('http://auth.example/token') : undefined));
    expect(await headManifest(context, ref)).toEqual({ status: 'unauthorized', reason: 'the token realm http://auth.example is not https: credentials not sent (the credentials)' });
    expect(calls.map((c) => c.url)).toEqual(['https://reg.example/v2/chainguard/app/manifests/1-dev']);
  });

  it('go to an https realm, and the token only to the registry', async () => {
    const { calls, context } = network(
      (u) => (u.host === 'auth.example' ? Response.json({ token: 'tok' }) : undefined),
      (u, h) => (h.get('authorization') === 'Bearer tok' ? exists() : challenge('https://auth.example/token')),
    );
    expect(await headManifest(context, ref)).toEqual({ status: 'exists', digest: DIGEST });
    expect(calls.map((c) => `${c.url} ${c.authorization ?? '-'}`)).toEqual([
      'https://reg.example/v2/chainguard/app/manifests/1-dev -',
      `https://auth.example/token?service=reg&scope=repository%3Achainguard%2Fapp%3Apull ${BASIC}`,
      'https://reg.example/v2/chainguard/app/manifests/1-dev Bearer tok',
    ]);
  });

  it('are not carried by a redirect of the realm to another host', async () => {
    const { calls, context } = network(
      (u) => (u.host === 'auth.example' ? redirect('https://collector.example/steal') : undefined),
      (u) => (u.host === 'collector.example' ? Response.json({ token: 'tok' }) : undefined),
      (u, h) => (h.get('authorization') === 'Bearer tok' ? exists() : challenge('https://auth.example/token')),
    );
    await headManifest(context, ref);
    expect(calls.find((c) => c.url.startsWith('https://collector.example'))?.authorization).toBeUndefined();
  });

  it('are not carried by a registry redirect to another host (a CDN)', async () => {
    const { calls, context } = network(
      (u) => (u.host === 'auth.example' ? Response.json({ token: 'tok' }) : undefined),
      (u) => (u.host === 'cdn.example' ? exists() : undefined),
      (u, h) => (h.get('authorization') === 'Bearer tok' ? redirect('https://cdn.example/blob') : challenge('https://auth.example/token')),
    );
    expect(await headManifest(context, ref)).toEqual({ status: 'exists', digest: DIGEST });
    expect(calls.at(-1)).toEqual({ url: 'https://cdn.example/blob', authorization: undefined });
  });

  it('are not sent over a redirect from https to http', async () => {
    const { calls, context } = network((u) => (u.host === 'reg.example' ? redirect('http://reg.example/v2/x') : undefined));
    expect(await headManifest(context, ref)).toEqual({ status: 'unreachable', reason: 'refused a redirect from https to plain http (reg.example)' });
    expect(calls).toHaveLength(1);
  });

  it('stop after a bounded number of redirects', async () => {
    const { calls, context } = network((u) => redirect(`https://reg.example/loop${u.pathname.length}`));
    expect(await headManifest(context, ref)).toEqual({ status: 'unreachable', reason: 'more than 5 redirects' });
    expect(calls).toHaveLength(6);
  });
});

describe('redirectRefusal', () => {
  it.each([
    { name: 'https to https elsewhere', input: ['https://a.example/x', 'https://b.example/y'], want: undefined },
    { name: 'loopback http to loopback http', input: ['http://127.0.0.1:5000/x', 'http://localhost:5001/y'], want: undefined },
    { name: 'https to http', input: ['https://a.example/x', 'http://a.example/y'], want: 'refused a redirect from https to plain http (a.example)' },
    { name: 'loopback http to remote http', input: ['http://127.0.0.1:5000/x', 'http://a.example/y'], want: 'refused a redirect to http://a.example: only https is followed' },
    { name: 'to file:', input: ['https://a.example/x', 'file:///etc/passwd'], want: 'refused a redirect to file://: only https is followed' },
  ])('$name', ({ input, want }) => {
    expect(redirectRefusal(new URL(input[0] ?? ''), new URL(input[1] ?? ''))).toBe(want);
  });
});

describe('registry data', () => {
  const anonymous = (...routes: Route[]) => network(...routes).context;

  it('a digest header that is not a digest is not used to pin', async () => {
    const context = anonymous(() => new Response(null, { status: 200, headers: { 'docker-content-digest': 'sha256:x\u001b]0;t\u0007' } }));
    expect(await headManifest(context, ref)).toEqual({ status: 'exists' });
  });

  it('a digest header that names other content than the digest asked for is not used to pin', async () => {
    const pinned = parseImageRef(`reg.example/chainguard/app:1-dev@${DIGEST}`);
    const context = anonymous(() => exists());
    expect(await headManifest(context, pinned)).toEqual({ status: 'exists', digest: DIGEST });
    const other = `sha256:${'e'.repeat(64)}`;
    const lying = anonymous(() => new Response(null, { status: 200, headers: { 'docker-content-digest': other } }));
    expect(await headManifest(lying, pinned)).toEqual({ status: 'unreachable', reason: `it answered for other content than ${shortDigest(DIGEST)}` });
    const candidates = devImageCandidates(pinned, DEFAULT_IMAGE_MAPPING);
    expect(candidates[0]).toMatchObject({ rule: 'already-dev', image: formatImageRef(pinned) });
    const picked = await resolveDevImage(candidates, { offline: false, transport: lying.transport });
    expect(picked).toMatchObject({ verified: 'unreachable', image: formatImageRef(pinned) });
    expect(picked.pinned).toBeUndefined();
    expect(picked.warnings.at(-1)).toBe(`registry reg.example unreachable (it answered for other content than ${shortDigest(DIGEST)}): using the name-based choice`);
  });

  it('tags that are not tags are dropped from tags/list', async () => {
    const context = anonymous(() => Response.json({ tags: ['1.2', '../../x', '$(id)', 'a\u001b[2J', 7, '1.3-dev'] }));
    expect(await listTags(context, ref)).toEqual({ ok: true, value: ['1.2', '1.3-dev'] });
  });

  it('an index with malformed digests contributes only the valid ones', async () => {
    const index = JSON.stringify({ manifests: [{ digest: `sha256:${'a'.repeat(64)}` }, { digest: '../blobs/x' }, { digest: 5 }] });
    const context = anonymous(() => new Response(index, { headers: { 'docker-content-digest': sha256Digest(Buffer.from(index)) } }));
    expect(await tagDigests(context, ref, '1.2')).toEqual({ ok: true, value: { tag: '1.2', digests: [sha256Digest(Buffer.from(index)), `sha256:${'a'.repeat(64)}`] } });
  });

  it('a tag whose manifest is not the content its digest header names gives no digests', async () => {
    const context = anonymous(() => Response.json({ manifests: [] }, { headers: { 'docker-content-digest': DIGEST } }));
    expect(await tagDigests(context, ref, '1.2')).toEqual({ ok: false, reason: 'the manifest of 1.2 does not match the digest the registry gave for it' });
  });

  it('a config digest that is not a digest never reaches a URL', async () => {
    const { calls, context } = network((u) =>
      u.pathname.includes('/manifests/') ? Response.json({ mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: '../../../x' } }) : undefined,
    );
    expect(await fetchImageUser('reg.example/chainguard/app:1', { offline: false, transport: context.transport })).toEqual({});
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual(['/v2/chainguard/app/manifests/1']);
  });

  it('a manifest of an unknown media type is not used', async () => {
    const { calls, context } = network((u) => (u.pathname.includes('/manifests/') ? Response.json({ mediaType: 'text/html', config: { digest: DIGEST } }) : undefined));
    expect(await fetchImageUser('reg.example/chainguard/app:1', { offline: false, transport: context.transport })).toEqual({});
    expect(calls).toHaveLength(1);
  });

  it('a token that cannot go into a header is refused', async () => {
    const { context } = network(
      (u) => (u.host === 'auth.example' ? Response.json({ token: 'tok\r\nX-Evil: 1' }) : undefined),
      () => challenge('https://auth.example/token'),
    );
    expect(await headManifest(context, ref)).toEqual({ status: 'unauthorized', reason: 'the token service answered no usable token (the credentials)' });
  });
});

describe('content asked for by digest', () => {
  // An honest image: an index (by tag) -> the amd64 manifest (by digest) -> its config blob (by digest).
  const bytes = (document: unknown) => Buffer.from(JSON.stringify(document));
  const CONFIG = bytes({ config: { User: '65532' } });
  const ROOT_CONFIG = bytes({ config: { User: '0' } });
  const manifestOf = (config: Buffer) => bytes({ mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: sha256Digest(config) } });
  const MANIFEST = manifestOf(CONFIG);
  const INDEX = bytes({ mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ digest: sha256Digest(MANIFEST), platform: { os: 'linux', architecture: 'amd64' } }] });
  const platform = { os: 'linux', architecture: 'amd64' };
  const short = (content: Buffer) => shortDigest(sha256Digest(content));

  /** The honest registry, with some paths answered with other bytes (what a hostile registry or cache serves). */
  function registry(swap: Record<string, Buffer> = {}) {
    const honest: Record<string, Buffer> = {
      '/v2/chainguard/app/manifests/1': INDEX,
      [`/v2/chainguard/app/manifests/${sha256Digest(INDEX)}`]: INDEX,
      [`/v2/chainguard/app/manifests/${sha256Digest(MANIFEST)}`]: MANIFEST,
      [`/v2/chainguard/app/blobs/${sha256Digest(CONFIG)}`]: CONFIG,
    };
    return network((u) => {
      const body = swap[u.pathname] ?? honest[u.pathname];
      return body ? new Response(body) : undefined;
    });
  }

  it('the honest image is read: its config declares uid 65532', async () => {
    const { context } = registry();
    expect(await fetchImageConfig(context, parseImageRef('reg.example/chainguard/app:1'), platform)).toEqual({ config: { User: '65532' } });
    expect(await fetchImageUser('reg.example/chainguard/app:1', { offline: false, transport: context.transport, platform })).toMatchObject({ value: { uid: 65532 } });
  });

  it.each([
    {
      name: 'a config blob that is another config (root)',
      image: 'reg.example/chainguard/app:1',
      swap: { [`/v2/chainguard/app/blobs/${sha256Digest(CONFIG)}`]: ROOT_CONFIG },
      want: `reg.example/chainguard/app:1: the config blob ${short(CONFIG)} was refused: the registry sent content whose digest is ${short(ROOT_CONFIG)}, not ${short(CONFIG)}`,
    },
    {
      name: "an index's manifest that points at another config",
      image: 'reg.example/chainguard/app:1',
      swap: { [`/v2/chainguard/app/manifests/${sha256Digest(MANIFEST)}`]: manifestOf(ROOT_CONFIG) },
      want: `reg.example/chainguard/app:1: the manifest ${short(MANIFEST)} was refused: the registry sent content whose digest is ${short(manifestOf(ROOT_CONFIG))}, not ${short(MANIFEST)}`,
    },
    {
      name: 'a pinned image whose manifest is another image',
      image: `reg.example/chainguard/app@${sha256Digest(INDEX)}`,
      swap: { [`/v2/chainguard/app/manifests/${sha256Digest(INDEX)}`]: manifestOf(ROOT_CONFIG) },
      want: `reg.example/chainguard/app@${sha256Digest(INDEX)}: the manifest ${short(INDEX)} was refused: the registry sent content whose digest is ${short(manifestOf(ROOT_CONFIG))}, not ${short(INDEX)}`,
    },
  ])('$name is refused before it is used, naming the image', async ({ image, swap, want }) => {
    const { calls, context } = registry(swap);
    await expect(fetchImageConfig(context, parseImageRef(image), platform)).rejects.toThrow(want);
    // Nothing the refused content names is fetched.
    expect(calls.some((c) => c.url.endsWith(sha256Digest(ROOT_CONFIG)))).toBe(false);
    // The session goes on as when the registry could not be asked, the user not known, and says why.
    expect(await fetchImageUser(image, { offline: false, transport: context.transport, platform })).toEqual({ warning: `${want}; the app's user is not known` });
    expect(await fetchImageProcess(image, { offline: false, transport: context.transport, platform })).toEqual({ warning: `${want}; the app's user and command are not known` });
  });
});

// Body caps, deadlines and TLS are the transport's: test/registry/http.test.ts, against real sockets.
