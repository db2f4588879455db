import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING } from '../../src/core/dev-image.js';
import { UsageError } from '../../src/core/errors.js';
import { parseImageRef } from '../../src/core/image-ref.js';
import { findDigestTag, MAX_TAGS_CHECKED } from '../../src/registry/digest-tag.js';
import { resolveAppDevImage } from '../../src/registry/resolve-dev-image.js';
import { fetchTransport } from '../support/fetch-transport.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;

/** An anonymous fake registry: tags -> digest, optional Chainguard histories; records every URL. */
function fakeRegistry(tags: Record<string, string>, histories: Record<string, { digest: string; updateTimestamp: string }[]> = {}) {
  const urls: string[] = [];
  const fetchFn = async (input: string | URL | Request): Promise<Response> => {
    urls.push(String(input));
    const path = new URL(String(input)).pathname;
    if (path.endsWith('/tags/list')) return Response.json({ name: 'x', tags: Object.keys(tags) });
    const history = /\/_chainguard\/history\/(.+)$/.exec(path);
    if (history?.[1]) return histories[history[1]] ? Response.json({ history: histories[history[1]] }) : new Response(null, { status: 404 });
    const ref = path.split('/manifests/')[1] ?? '';
    const digest = ref.startsWith('sha256:') ? ref : tags[ref];
    if (!digest) return new Response(null, { status: 404 });
    return new Response('{}', { status: 200, headers: { 'docker-content-digest': digest } });
  };
  return { urls, fetchFn };
}

describe('findDigestTag', () => {
  it('checks at most MAX_TAGS_CHECKED tags, all with a -dev sibling', async () => {
    const tags: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      tags[`1.${i}`] = d('b');
      tags[`1.${i}-dev`] = d('c');
    }
    const { urls, fetchFn } = fakeRegistry(tags);
    const lookup = await findDigestTag({ transport: fetchTransport(fetchFn), timeoutMs: 3000, tokens: new Map() }, parseImageRef(`reg.example/a/app@${d('a')}`), [d('a')]);
    expect(lookup).toEqual({ reason: `no tag of the ${MAX_TAGS_CHECKED} checked points at sha256:aaaaaaaaaaaa` });
    expect(urls).toHaveLength(1 + MAX_TAGS_CHECKED);
  });

  it('on cgr.dev, finds the closest -dev through the tag history when the tag has moved', async () => {
    const { urls, fetchFn } = fakeRegistry(
      { latest: d('2'), 'latest-dev': d('e') },
      {
        latest: [
          { digest: d('1'), updateTimestamp: '2026-01-01T00:00:00Z' },
          { digest: d('2'), updateTimestamp: '2026-02-01T00:00:00Z' },
        ],
        'latest-dev': [
          { digest: d('b'), updateTimestamp: '2026-01-01T00:01:00Z' },
          { digest: d('e'), updateTimestamp: '2026-02-01T00:01:00Z' },
        ],
      },
    );
    const picked = await resolveAppDevImage(
      { image: `cgr.dev/chainguard/app@${d('1')}`, mapping: DEFAULT_IMAGE_MAPPING },
      { offline: false, transport: fetchTransport(fetchFn) },
    );
    expect(picked).toMatchObject({
      image: `cgr.dev/chainguard/app:latest-dev@${d('b')}`,
      pinned: `cgr.dev/chainguard/app:latest-dev@${d('b')}`,
      rule: 'digest-tag-dev',
      confidence: 'likely',
      verified: 'exists',
      match: { tag: 'latest', quality: 'closest', devDigest: d('b') },
    });
    expect(urls.filter((u) => u.includes('_chainguard/history'))).toHaveLength(2);
  });

  it('says why when the tags cannot be listed, and falls back to the name-based choice', async () => {
    const fetchFn = async (input: string | URL | Request): Promise<Response> =>
      new URL(String(input)).pathname.endsWith('/tags/list') ? new Response(null, { status: 500 }) : new Response(null, { status: 200, headers: { 'docker-content-digest': d('f') } });
    const picked = await resolveAppDevImage({ image: `reg.example/a/app@${d('a')}`, mapping: { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'reg.example/base:1' } }, { offline: false, transport: fetchTransport(fetchFn) });
    expect(picked).toMatchObject({ image: 'reg.example/a/app:latest-dev', rule: 'digest-latest-dev', confidence: 'guess', pinned: `reg.example/a/app:latest-dev@${d('f')}` });
    expect(picked.warnings[0]).toBe("no tag found for the app's digest: could not list the tags of reg.example/a/app: HTTP 500 for tags/list?n=1000");
  });

  it('--offline asks nothing', async () => {
    const picked = await resolveAppDevImage(
      { image: `reg.example/chainguard/app@${d('a')}`, mapping: { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'reg.example/base:1' } },
      { offline: true, transport: () => Promise.reject(new Error('no network')) },
    );
    expect(picked).toMatchObject({ image: 'reg.example/chainguard/app:latest-dev', verified: 'unchecked' });
    expect(picked.warnings).toContain('not checked against the registry (--offline)');
  });

  it.each([
    {
      name: 'Docker Hub nginx gets the default image, not a made-up nginx:1.27-dev',
      input: 'docker.io/library/nginx:1.27',
      want: { image: 'cgr.dev/chainguard/wolfi-base:latest', rule: 'default-image', confidence: 'guess', verified: 'unchecked' },
    },
    {
      name: 'a Chainguard T-dev is kept, but only likely',
      input: 'cgr.dev/chainguard/nginx:1.27',
      want: { image: 'cgr.dev/chainguard/nginx:1.27-dev', rule: 'tag-dev', confidence: 'likely', verified: 'unchecked' },
    },
  ])('--offline: $name', async ({ input, want }) => {
    const picked = await resolveAppDevImage({ image: input, mapping: DEFAULT_IMAGE_MAPPING }, { offline: true, transport: () => Promise.reject(new Error('no network')) });
    expect({ image: picked.image, rule: picked.rule, confidence: picked.confidence, verified: picked.verified }).toEqual(want);
  });
});

// L7: an app image from the cluster that does not parse cannot be mapped: the hint names --image.
describe('an app image that does not parse', () => {
  it.each([
    { name: 'an escape sequence', image: 'reg.example/app:1\u001b]0;pwned\u0007' },
    { name: 'upper case', image: 'Reg.Example/App:1' },
    { name: 'empty', image: '' },
  ])('$name: a usage error whose hint is --image', async ({ image }) => {
    const error = await resolveAppDevImage({ image, mapping: DEFAULT_IMAGE_MAPPING }, { offline: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/^the app's invalid image reference/);
    expect((error as UsageError).hint).toMatch(/--image IMAGE/);
  });
});
