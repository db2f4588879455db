import { describe, expect, it } from 'vitest';
import type { DevImageCandidate } from '../../src/core/dev-image.js';
import { parseImageRef } from '../../src/core/image-ref.js';
import { sha256Digest } from '../../src/registry/content-digest.js';
import { headManifest } from '../../src/registry/manifest.js';
import { fetchImageUser, resolveDevImage } from '../../src/registry/resolve-dev-image.js';
import type { RegistryContext } from '../../src/registry/context.js';
import { fetchTransport, type FakeFetch } from '../support/fetch-transport.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
// Content asked for by digest is served as bytes that hash to it, as a registry's are.
const CONFIG_BODY = JSON.stringify({ config: { User: '65532' } });
const CFG = sha256Digest(Buffer.from(CONFIG_BODY));
const AMD64_BODY = JSON.stringify({ mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: CFG } });
const AMD64 = sha256Digest(Buffer.from(AMD64_BODY));

interface Call {
  method: string;
  url: string;
  authorization?: string;
  accept?: string;
}

/** A scripted registry behind a Bearer token service; nothing leaves the process. */
function fakeRegistry(opts: { tokenStatus?: number; tags?: Record<string, 'ok' | 'missing'>; challenge?: string; slow?: boolean } = {}) {
  const calls: Call[] = [];
  const tags = opts.tags ?? { '1.2.3-dev': 'ok' };
  const fetchFn = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    const url = new URL(input);
    calls.push({ method: init.method ?? 'GET', url: input, authorization: headers.get('authorization') ?? undefined, accept: headers.get('accept') ?? undefined });
    if (opts.slow) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 1000);
        init.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(init.signal?.reason);
        });
      });
    }
    if (url.pathname === '/token') {
      return opts.tokenStatus ? new Response('no', { status: opts.tokenStatus }) : Response.json({ token: `tok-${url.searchParams.get('scope')}` });
    }
    if (headers.get('authorization') !== 'Bearer tok-repository:chainguard/app:pull') {
      return new Response(null, {
        status: 401,
        headers: { 'www-authenticate': opts.challenge ?? 'Bearer realm="https://auth.example/token",service="reg.example",scope="repository:chainguard/app:pull"' },
      });
    }
    const tag = url.pathname.split('/').at(-1) ?? '';
    if (tags[tag] === 'ok') return new Response(null, { status: 200, headers: { 'docker-content-digest': DIGEST } });
    if (url.pathname.endsWith(`/manifests/${AMD64}`)) return new Response(AMD64_BODY, { headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' } });
    if (url.pathname.endsWith('/manifests/1.2.3')) {
      return Response.json({
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { digest: `sha256:${'b'.repeat(64)}`, platform: { os: 'linux', architecture: 'arm64' } },
          { digest: AMD64, platform: { os: 'linux', architecture: 'amd64' } },
        ],
      });
    }
    if (url.pathname.endsWith(`/blobs/${CFG}`)) return new Response(CONFIG_BODY);
    return new Response(null, { status: 404 });
  };
  return { calls, fetchFn };
}

function context(fetchFn: FakeFetch, extra: Partial<RegistryContext> = {}): RegistryContext {
  return { transport: fetchTransport(fetchFn), timeoutMs: 3000, tokens: new Map(), ...extra };
}

describe('distribution token flow', () => {
  it('answers a Bearer challenge anonymously, retries with the token and reads the digest', async () => {
    const { calls, fetchFn } = fakeRegistry();
    const result = await headManifest(context(fetchFn), parseImageRef('reg.example/chainguard/app:1.2.3-dev'));
    expect(result).toEqual({ status: 'exists', digest: DIGEST });
    expect(calls.map((c) => `${c.method} ${c.url} ${c.authorization ?? '-'}`)).toEqual([
      'HEAD https://reg.example/v2/chainguard/app/manifests/1.2.3-dev -',
      'GET https://auth.example/token?service=reg.example&scope=repository%3Achainguard%2Fapp%3Apull -',
      'HEAD https://reg.example/v2/chainguard/app/manifests/1.2.3-dev Bearer tok-repository:chainguard/app:pull',
    ]);
    expect(calls[0]?.accept).toContain('application/vnd.oci.image.index.v1+json');
    expect(calls[0]?.accept).toContain('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('reuses a cached token for the same registry and scope', async () => {
    const { calls, fetchFn } = fakeRegistry({ tags: { a: 'ok', b: 'missing' } });
    const ctx = context(fetchFn);
    await headManifest(ctx, parseImageRef('reg.example/chainguard/app:a'));
    const second = await headManifest(ctx, parseImageRef('reg.example/chainguard/app:b'));
    expect(second).toEqual({ status: 'missing' });
    expect(calls.filter((c) => c.url.includes('/token'))).toHaveLength(1);
    expect(calls.at(-1)?.authorization).toBe('Bearer tok-repository:chainguard/app:pull');
  });

  it('a refused token is unauthorized', async () => {
    const { fetchFn } = fakeRegistry({ tokenStatus: 403 });
    await expect(headManifest(context(fetchFn), parseImageRef('reg.example/chainguard/app:1.2.3-dev'))).resolves.toEqual({
      status: 'unauthorized',
      reason: 'the token service refused anonymous access',
    });
  });

  it('a Basic challenge without credentials is unauthorized', async () => {
    const { calls, fetchFn } = fakeRegistry({ challenge: 'Basic realm="private"' });
    await expect(headManifest(context(fetchFn), parseImageRef('reg.example/chainguard/app:x'))).resolves.toEqual({
      status: 'unauthorized',
      reason: 'credentials required',
    });
    expect(calls).toHaveLength(1);
  });

  it('a Basic challenge with credentials from the auth provider retries with them', async () => {
    const seen: string[] = [];
    const fetchFn = async (_input: string, init: RequestInit = {}) => {
      const auth = new Headers(init.headers).get('authorization');
      seen.push(auth ?? '-');
      return auth ? new Response(null, { status: 200 }) : new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } });
    };
    const auth = { credentialsFor: async () => ({ credentials: { username: 'u', password: 'p' } }) };
    const shared = context(fetchFn, { auth });
    await expect(headManifest(shared, parseImageRef('reg.example/x/y:1'))).resolves.toEqual({ status: 'exists' });
    // The second call sends the accepted header at once.
    await expect(headManifest(shared, parseImageRef('reg.example/x/y:2'))).resolves.toEqual({ status: 'exists' });
    const basic = `Basic ${Buffer.from('u:p').toString('base64')}`;
    expect(seen).toEqual(['-', basic, basic]);
  });

  it('wrong credentials name their source, never the secret', async () => {
    const fetchFn = async () => new Response(null, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } });
    const auth = { credentialsFor: async () => ({ credentials: { username: 'u', password: 's3cret', source: 'auths["reg.example"] in /h/.docker/config.json' } }) };
    const result = await headManifest(context(fetchFn, { auth }), parseImageRef('reg.example/x/y:1'));
    expect(result).toEqual({ status: 'unauthorized', reason: 'HTTP 401 with the credentials from auths["reg.example"] in /h/.docker/config.json' });
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('a failing credential helper is named, and the registry is tried anonymously', async () => {
    const { calls, fetchFn } = fakeRegistry({ challenge: 'Basic realm="private"' });
    const auth = { credentialsFor: async () => ({ problem: 'docker-credential-x (credsStore in c.json) failed: exit 1: boom' }) };
    await expect(headManifest(context(fetchFn, { auth }), parseImageRef('reg.example/chainguard/app:x'))).resolves.toEqual({
      status: 'unauthorized',
      reason: 'credentials required; docker-credential-x (credsStore in c.json) failed: exit 1: boom',
    });
    expect(calls).toHaveLength(1);
  });

  it('a registry that does not answer in time is unreachable', async () => {
    const { fetchFn } = fakeRegistry({ slow: true });
    await expect(headManifest(context(fetchFn, { timeoutMs: 30 }), parseImageRef('reg.example/chainguard/app:1'))).resolves.toEqual({
      status: 'unreachable',
      reason: 'timed out after 0s',
    });
  });

  it('a refused connection is unreachable with its code', async () => {
    const fetchFn = async (): Promise<Response> => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    await expect(headManifest(context(fetchFn), parseImageRef('reg.example/a:1'))).resolves.toEqual({ status: 'unreachable', reason: 'ECONNREFUSED' });
  });
});

function candidate(image: string, rule: DevImageCandidate['rule'] = 'tag-dev'): DevImageCandidate {
  return { image, ref: parseImageRef(image), rule, confidence: 'exact', reason: 'r', warnings: [], conventional: true };
}

describe('resolveDevImage', () => {
  it('checks every candidate concurrently, one HEAD each after the token', async () => {
    const { calls, fetchFn } = fakeRegistry({ tags: { '1.2.3-dev': 'missing', 'latest-dev': 'ok' } });
    const picked = await resolveDevImage(
      [candidate('reg.example/chainguard/app:1.2.3-dev'), candidate('reg.example/chainguard/app:latest-dev', 'fallback-latest-dev')],
      { offline: false, transport: fetchTransport(fetchFn) },
    );
    expect(picked.image).toBe('reg.example/chainguard/app:latest-dev');
    expect(picked.verified).toBe('exists');
    expect(picked.digest).toBe(DIGEST);
    // Both first HEADs go out before either has an answer.
    expect(calls.slice(0, 2).map((c) => c.method)).toEqual(['HEAD', 'HEAD']);
  });

  it('offline: the first candidate, unchecked, no request', async () => {
    const { calls, fetchFn } = fakeRegistry();
    const picked = await resolveDevImage([candidate('reg.example/chainguard/app:1.2.3-dev')], { offline: true, transport: fetchTransport(fetchFn) });
    expect(picked).toMatchObject({ verified: 'unchecked', warnings: ['not checked against the registry (--offline)'] });
    expect(calls).toEqual([]);
  });

  it('--image: unchecked, no request', async () => {
    const { calls, fetchFn } = fakeRegistry();
    const picked = await resolveDevImage([candidate('reg.example/x:1', 'override')], { offline: false, transport: fetchTransport(fetchFn) });
    expect(picked).toMatchObject({ verified: 'unchecked', warnings: [] });
    expect(calls).toEqual([]);
  });
});

describe('fetchImageUser', () => {
  it('follows the index to the platform manifest and reads config.User', async () => {
    const { calls, fetchFn } = fakeRegistry();
    const user = await fetchImageUser('reg.example/chainguard/app:1.2.3', {
      offline: false,
      transport: fetchTransport(fetchFn),
      platform: { os: 'linux', architecture: 'amd64' },
    });
    expect(user).toMatchObject({ value: { uid: 65532, raw: '65532' } });
    expect(calls.filter((c) => c.authorization).map((c) => new URL(c.url).pathname)).toEqual([
      '/v2/chainguard/app/manifests/1.2.3',
      `/v2/chainguard/app/manifests/${AMD64}`,
      `/v2/chainguard/app/blobs/${CFG}`,
    ]);
  });

  it('tells nothing offline, on a bad reference, and when the registry fails', async () => {
    const { fetchFn } = fakeRegistry();
    const options = { offline: false, transport: fetchTransport(fetchFn) };
    await expect(fetchImageUser('reg.example/chainguard/app:1.2.3', { ...options, offline: true })).resolves.toEqual({});
    await expect(fetchImageUser('Not A Ref', options)).resolves.toEqual({});
    await expect(fetchImageUser('reg.example/chainguard/app:nope', options)).resolves.toEqual({});
  });
});
