import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING } from '../../src/core/dev-image.js';
import {
  answerCacheDir,
  cachedDevImage,
  cachedImageUser,
  devImageKey,
  fileAnswerCache,
  MAX_AGE_MS,
  MAX_ENTRIES,
  type AnswerCache,
} from '../../src/registry/answer-cache.js';
import { sha256Digest } from '../../src/registry/content-digest.js';
import { fetchImageUser, resolveAppDevImage, type ResolvedDevImage } from '../../src/registry/resolve-dev-image.js';
import { devSiblingAnswer } from '../support/dev-image-answer.js';
import { fetchTransport } from '../support/fetch-transport.js';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const uid = process.getuid?.() ?? 0;
const APP = 'reg.example/chainguard/app:1.2.3';
const IMAGE_ID = `reg.example/chainguard/app@${d('a')}`;

let root: string;
let dir: string;
let clock: number;
const cacheIn = (at: string = dir, owner: number = uid): AnswerCache => fileAnswerCache(at, { uid: owner, now: () => clock });
const file = () => path.join(dir, 'registry-answers.json');

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cg-answer-cache-'));
  dir = path.join(root, 'cg-debug');
  clock = 1_700_000_000_000;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A fake registry that has app:1.2.3-dev; counts the manifest requests. */
function registry() {
  const calls: string[] = [];
  const fetchFn = async (input: string | URL | Request): Promise<Response> => {
    const url = new URL(String(input));
    calls.push(url.pathname);
    if (url.pathname.endsWith('/manifests/1.2.3-dev')) return new Response('{}', { status: 200, headers: { 'docker-content-digest': d('b') } });
    return new Response(null, { status: 404 });
  };
  return { calls, fetchFn: fetchFn as typeof fetch };
}

const KEY = devImageKey(APP, d('a'), DEFAULT_IMAGE_MAPPING) ?? '';
const STORED: ResolvedDevImage = devSiblingAnswer('reg.example', 'chainguard/app', '1.2.3', d('b'));

describe('resolveAppDevImage with the answer cache', () => {
  it('asks the registry once for an app digest: the second run uses the pinned answer', async () => {
    const { calls, fetchFn } = registry();
    const first = await resolveAppDevImage({ image: APP, imageID: IMAGE_ID, mapping: DEFAULT_IMAGE_MAPPING }, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(first).toMatchObject({ pinned: `reg.example/chainguard/app:1.2.3-dev@${d('b')}`, verified: 'exists' });
    expect(first.cached).toBeUndefined();
    const asked = calls.length;
    expect(asked).toBeGreaterThan(0);
    // A new process: a new cache object over the same file.
    const second = await resolveAppDevImage({ image: APP, imageID: IMAGE_ID, mapping: DEFAULT_IMAGE_MAPPING }, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(calls).toHaveLength(asked);
    expect(second).toEqual({ ...first, cached: true });
  });

  it('keeps the directory 0700 and the file 0600', async () => {
    const { fetchFn } = registry();
    await resolveAppDevImage({ image: APP, imageID: IMAGE_ID, mapping: DEFAULT_IMAGE_MAPPING }, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(lstatSync(dir).mode & 0o777).toBe(0o700);
    expect(lstatSync(file()).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['registry-answers.json']);
  });

  it.each([
    { name: 'no digest known (a tag, no imageID)', imageID: undefined, mapping: DEFAULT_IMAGE_MAPPING },
    { name: 'a malformed imageID', imageID: 'reg.example/chainguard/app@sha256:xyz', mapping: DEFAULT_IMAGE_MAPPING },
  ])('asks the registry every time with $name', async ({ imageID, mapping }) => {
    const { calls, fetchFn } = registry();
    const app = { image: APP, mapping, ...(imageID ? { imageID } : {}) };
    await resolveAppDevImage(app, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    const asked = calls.length;
    await resolveAppDevImage(app, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(calls).toHaveLength(2 * asked);
  });

  it('does not cache an answer that is not pinned (the registry did not have the -dev image)', async () => {
    const calls: string[] = [];
    const fetchFn = (async (input: string | URL | Request) => (calls.push(String(input)), new Response(null, { status: 404 }))) as typeof fetch;
    const app = { image: APP, imageID: IMAGE_ID, mapping: DEFAULT_IMAGE_MAPPING };
    const first = await resolveAppDevImage(app, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(first.verified).toBe('unchecked');
    await resolveAppDevImage(app, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(calls.length).toBeGreaterThan(1);
    expect(existsSync(file())).toBe(false);
  });

  it('asks again once the answer is older than MAX_AGE_MS (a moving -dev tag gets newer builds)', async () => {
    const { calls, fetchFn } = registry();
    const app = { image: APP, imageID: IMAGE_ID, mapping: DEFAULT_IMAGE_MAPPING };
    await resolveAppDevImage(app, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    const asked = calls.length;
    clock += MAX_AGE_MS;
    const again = await resolveAppDevImage(app, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(calls).toHaveLength(2 * asked);
    expect(again.cached).toBeUndefined();
  });

  it('a different mapping is a different answer', async () => {
    const { calls, fetchFn } = registry();
    await resolveAppDevImage({ image: APP, imageID: IMAGE_ID, mapping: DEFAULT_IMAGE_MAPPING }, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    const asked = calls.length;
    const other = { ...DEFAULT_IMAGE_MAPPING, defaultImage: 'reg.example/other:1' };
    await resolveAppDevImage({ image: APP, imageID: IMAGE_ID, mapping: other }, { offline: false, transport: fetchTransport(fetchFn), cache: cacheIn() });
    expect(calls.length).toBeGreaterThan(asked);
  });
});

describe('fetchImageUser with the answer cache', () => {
  it('reads the config once per app digest', async () => {
    const blobs: string[] = [];
    const config = JSON.stringify({ config: { User: '1234:1234' } });
    const configDigest = sha256Digest(Buffer.from(config));
    const fetchFn = (async (input: string | URL | Request) => {
      const p = new URL(String(input)).pathname;
      if (p.includes('/manifests/')) {
        return new Response(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length }, layers: [] }), {
          status: 200,
          headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json', 'docker-content-digest': d('a') },
        });
      }
      blobs.push(p);
      return new Response(config, { status: 200 });
    }) as typeof fetch;
    const options = () => ({ offline: false, transport: fetchTransport(fetchFn), cache: cacheIn(), platform: { os: 'linux', architecture: 'amd64' } });
    const first = await fetchImageUser(APP, options(), IMAGE_ID);
    expect(first).toEqual({ value: { raw: '1234:1234', uid: 1234, gid: 1234 } });
    expect(blobs).toHaveLength(1);
    expect(await fetchImageUser(APP, options(), IMAGE_ID)).toEqual(first);
    expect(blobs).toHaveLength(1);
  });
});

describe('the cache file, as someone else may have left it', () => {
  const plant = (content: string, mode = 0o600) => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file(), content, { mode });
    chmodSync(file(), mode);
  };
  const valid = () => JSON.stringify({ version: 2, entries: { [KEY]: { at: clock, value: STORED } } });

  it('uses a valid file of ours', () => {
    plant(valid());
    expect(cachedDevImage(cacheIn().get(KEY))).toEqual(STORED);
  });

  it.each([
    { name: 'garbage', content: '{not json' },
    { name: 'JSON of another shape', content: JSON.stringify([1, 2, 3]) },
    { name: 'version 1 (answers taken before content was checked against its digest)', content: JSON.stringify({ version: 1, entries: { [KEY]: { at: 1_700_000_000_000, value: STORED } } }) },
    { name: 'entries under keys that are not hashes', content: JSON.stringify({ version: 2, entries: { '../x': { at: 1, value: STORED } } }) },
    { name: 'an entry from the future', content: JSON.stringify({ version: 2, entries: { [KEY]: { at: 1_800_000_000_000, value: STORED } } }) },
  ])('misses on $name, and a later answer replaces it', ({ content }) => {
    plant(content);
    const cache = cacheIn();
    expect(cache.get(KEY)).toBeUndefined();
    cache.set(KEY, STORED);
    expect(cachedDevImage(cacheIn().get(KEY))).toEqual(STORED);
  });

  it('ignores a file owned by another user', () => {
    plant(valid());
    expect(cacheIn(dir, uid + 1).get(KEY)).toBeUndefined();
  });

  it('ignores a file that others may write', () => {
    plant(valid(), 0o666);
    expect(cacheIn().get(KEY)).toBeUndefined();
  });

  it('ignores a directory that others may write, and writes nothing into it', () => {
    plant(valid());
    chmodSync(dir, 0o777);
    const cache = cacheIn();
    expect(cache.get(KEY)).toBeUndefined();
    cache.set(devImageKey(APP, d('e'), DEFAULT_IMAGE_MAPPING) ?? '', STORED);
    expect(readFileSync(file(), 'utf8')).toBe(valid());
  });

  it('does not follow a symlink planted as the file, for reading or for writing', () => {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const elsewhere = path.join(root, 'elsewhere.json');
    writeFileSync(elsewhere, valid(), { mode: 0o600 });
    symlinkSync(elsewhere, file());
    const cache = cacheIn();
    expect(cache.get(KEY)).toBeUndefined();
    cache.set(KEY, STORED);
    // The link itself was replaced; what it pointed at is untouched.
    expect(readFileSync(elsewhere, 'utf8')).toBe(valid());
    expect(lstatSync(file()).isSymbolicLink()).toBe(false);
  });

  it('does not use a symlink planted as the directory', () => {
    const real = path.join(root, 'real');
    mkdirSync(real, { mode: 0o700 });
    writeFileSync(path.join(real, 'registry-answers.json'), valid(), { mode: 0o600 });
    symlinkSync(real, dir);
    const cache = cacheIn();
    expect(cache.get(KEY)).toBeUndefined();
    cache.set(devImageKey(APP, d('e'), DEFAULT_IMAGE_MAPPING) ?? '', STORED);
    expect(readFileSync(path.join(real, 'registry-answers.json'), 'utf8')).toBe(valid());
  });

  it(`keeps at most ${MAX_ENTRIES} entries, dropping the oldest`, () => {
    const cache = cacheIn();
    const keys = Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => devImageKey(APP, `sha256:${i.toString(16).padStart(64, '0')}`, DEFAULT_IMAGE_MAPPING) ?? '');
    for (const key of keys) {
      clock += 1;
      cache.set(key, STORED);
    }
    const stored = JSON.parse(readFileSync(file(), 'utf8')) as { entries: Record<string, unknown> };
    expect(Object.keys(stored.entries)).toHaveLength(MAX_ENTRIES);
    expect(stored.entries[keys[0] ?? '']).toBeUndefined();
    expect(stored.entries[keys.at(-1) ?? '']).toBeDefined();
  });
});

describe('cachedDevImage: only a confirmed, pinned answer in exactly our shape', () => {
  it.each([
    { name: 'as stored', value: STORED, want: STORED },
    { name: 'unchecked', value: { ...STORED, verified: 'unchecked' }, want: undefined },
    { name: 'a pin to another image', value: { ...STORED, pinned: `reg.example/evil/app:1@${d('b')}` }, want: undefined },
    { name: 'a pin to another digest', value: { ...STORED, pinned: `reg.example/chainguard/app:1.2.3-dev@${d('c')}` }, want: undefined },
    { name: 'a malformed digest', value: { ...STORED, digest: 'sha256:zz', pinned: 'reg.example/chainguard/app:1.2.3-dev@sha256:zz' }, want: undefined },
    { name: 'an image that is no reference', value: { ...STORED, image: 'a b' }, want: undefined },
    { name: 'warnings that are not strings', value: { ...STORED, warnings: [{}] }, want: undefined },
    { name: 'an unknown confidence', value: { ...STORED, confidence: 'certain' }, want: undefined },
    { name: 'not an object', value: 'reg.example/chainguard/app:1.2.3-dev', want: undefined },
  ])('$name', ({ value, want }) => {
    expect(cachedDevImage(value)).toEqual(want);
  });
});

describe('cachedImageUser', () => {
  it.each([
    { name: 'numeric', value: { user: { raw: '1234:1234', uid: 1234, gid: 1234 } }, want: { raw: '1234:1234', uid: 1234, gid: 1234 } },
    { name: 'named', value: { user: { raw: 'nonroot' } }, want: { raw: 'nonroot' } },
    { name: 'a negative uid', value: { user: { raw: 'x', uid: -1 } }, want: undefined },
    { name: 'a fractional gid', value: { user: { raw: 'x', gid: 1.5 } }, want: undefined },
    { name: 'no user', value: {}, want: undefined },
  ])('$name', ({ value, want }) => {
    expect(cachedImageUser(value)).toEqual(want);
  });
});

describe('answerCacheDir', () => {
  it.each([
    { name: 'XDG_CACHE_HOME', input: { XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' }, want: '/x/cache/cg-debug' },
    { name: 'HOME', input: { HOME: '/home/u' }, want: '/home/u/.cache/cg-debug' },
    { name: 'a relative XDG_CACHE_HOME is ignored', input: { XDG_CACHE_HOME: 'cache', HOME: '/home/u' }, want: '/home/u/.cache/cg-debug' },
    { name: 'nothing absolute', input: { HOME: 'u' }, want: undefined },
  ])('$name', ({ input, want }) => {
    expect(answerCacheDir(input)).toBe(want);
  });
});
