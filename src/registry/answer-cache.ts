// The registry's answers about an app image that cannot change: which -dev image to run for it (pinned by
// digest) and the user its config declares, keyed by the app image's digest. A second run against the same
// pod then needs no registry call. The file lives in the user's private cache directory; the machine may be
// shared, so the directory and the file are used only when they are ours, not symlinks, and private (0700,
// 0600), and whatever the file holds is validated before use: a damaged or planted file is a cache miss.
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { formatImageRef, isValidDigest, parseImageRef } from '../core/image-ref.js';
import type { ImageMapping } from '../core/dev-image.js';
import type { ImageUser } from '../core/target.js';
import type { ResolvedDevImage } from './resolve-dev-image.js';

/** Looked up and stored by key; a miss is undefined. Never throws: a cache that fails is a cache that misses. */
export interface AnswerCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** Entries kept (the oldest go first): a few KiB, however many pods a user debugs. */
export const MAX_ENTRIES = 200;
/** A file larger than this is not read: MAX_ENTRIES entries never come near it. */
const MAX_FILE_BYTES = 512 * 1024;
/**
 * How long an answer is used. The app's digest never changes, but a moving -dev tag (latest-dev) gets newer
 * builds: after a day the registry is asked again, so a debug image is at most that much behind.
 */
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;
const FILE_NAME = 'registry-answers.json';
/** 2: answers since content asked for by digest must hash to it; version 1's were taken unchecked. */
const VERSION = 2;

/** Where the cache goes: $XDG_CACHE_HOME/cg-debug, else ~/.cache/cg-debug; none without an absolute one. */
export function answerCacheDir(env: { XDG_CACHE_HOME?: string | undefined; HOME?: string | undefined }): string | undefined {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'cg-debug');
  if (env.HOME && path.isAbsolute(env.HOME)) return path.join(env.HOME, '.cache', 'cg-debug');
  return undefined;
}

interface Entry {
  at: number;
  value: unknown;
}

export interface FileCacheDeps {
  /** This process's user id: the directory and the file must be its own. */
  uid: number;
  now: () => number;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Whether a directory or file is ours and private: not a symlink, owned by uid, no group or other bits. */
function privateOwned(stat: { uid: number; mode: number }, uid: number): boolean {
  return stat.uid === uid && (stat.mode & 0o077) === 0;
}

/** The cache directory when it is (or now is, created 0700) a private directory of ours; else undefined. */
function privateDir(dir: string, uid: number): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    return stat.isDirectory() && privateOwned(stat, uid) ? dir : undefined;
  } catch {
    return undefined;
  }
}

function readEntries(file: string, uid: number): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let fd: number | undefined;
  try {
    // O_NOFOLLOW: a symlink planted in place of the file fails to open instead of being followed.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const stat = fstatSync(fd);
    if (!stat.isFile() || !privateOwned(stat, uid) || stat.size > MAX_FILE_BYTES) return entries;
    const buffer = Buffer.alloc(stat.size);
    const read = readSync(fd, buffer, 0, stat.size, 0);
    const parsed: unknown = JSON.parse(buffer.subarray(0, read).toString('utf8'));
    if (!isRecord(parsed) || parsed.version !== VERSION || !isRecord(parsed.entries)) return entries;
    for (const [key, entry] of Object.entries(parsed.entries)) {
      if (/^[a-f0-9]{64}$/.test(key) && isRecord(entry) && typeof entry.at === 'number' && Number.isFinite(entry.at)) {
        entries.set(key, { at: entry.at, value: entry.value });
      }
    }
  } catch {
    // Missing, unreadable or not JSON: nothing cached.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return entries;
}

/** Writes the whole file anew beside it (O_EXCL, 0600) and renames it into place: readers see old or new. */
function writeEntries(dir: string, file: string, entries: Map<string, Entry>): void {
  const temp = path.join(dir, `.${FILE_NAME}.${process.pid}.${Date.now()}`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    const bytes = Buffer.from(JSON.stringify({ version: VERSION, entries: Object.fromEntries(entries) }), 'utf8');
    if (writeSync(fd, bytes) !== bytes.length) throw new Error('short write');
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  renameSync(temp, file);
}

/** The cache file in `dir`, read once on first use; writes go through at once. */
export function fileAnswerCache(dir: string, deps: FileCacheDeps): AnswerCache {
  let state: { dir: string; entries: Map<string, Entry> } | null | undefined;
  const open = () => {
    if (state !== undefined) return state;
    const usable = privateDir(dir, deps.uid);
    state = usable === undefined ? null : { dir: usable, entries: readEntries(path.join(usable, FILE_NAME), deps.uid) };
    return state;
  };
  return {
    get(key) {
      const entry = open()?.entries.get(key);
      if (entry === undefined) return undefined;
      const age = deps.now() - entry.at;
      return age >= 0 && age < MAX_AGE_MS ? entry.value : undefined;
    },
    set(key, value) {
      const opened = open();
      if (!opened) return;
      const now = deps.now();
      // Re-read: another run may have added entries since this one started.
      const entries = readEntries(path.join(opened.dir, FILE_NAME), deps.uid);
      entries.delete(key);
      entries.set(key, { at: now, value });
      for (const [k, e] of entries) if (now - e.at >= MAX_AGE_MS || now < e.at) entries.delete(k);
      const excess = [...entries.entries()].sort((a, b) => a[1].at - b[1].at).slice(0, Math.max(0, entries.size - MAX_ENTRIES));
      for (const [k] of excess) entries.delete(k);
      try {
        writeEntries(opened.dir, path.join(opened.dir, FILE_NAME), entries);
        opened.entries = entries;
      } catch {
        // A cache that cannot be written only costs the next run a registry call.
      }
    },
  };
}

/** The answer cache of this user on this machine; none where there is no private place for it. */
export function hostAnswerCache(env: NodeJS.ProcessEnv): AnswerCache | undefined {
  const dir = answerCacheDir({ XDG_CACHE_HOME: env.XDG_CACHE_HOME, HOME: env.HOME });
  const uid = process.getuid?.();
  return dir === undefined || uid === undefined ? undefined : fileAnswerCache(dir, { uid, now: Date.now });
}

/** The key of an answer about one app image: its reference and digest, and everything else the answer depends on. */
export function answerKey(kind: 'dev-image' | 'image-user', parts: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify({ kind, version: VERSION, ...parts })).digest('hex');
}

/** The key for the -dev image of an app image known by digest; undefined when there is no digest to key it by. */
export function devImageKey(appImage: string, appDigest: string | undefined, mapping: ImageMapping): string | undefined {
  return appDigest !== undefined && isValidDigest(appDigest) ? answerKey('dev-image', { appImage, appDigest, mapping }) : undefined;
}

/** The key for the user of an app image known by digest, on one platform. */
export function imageUserKey(appImage: string, appDigest: string | undefined, platform: unknown): string | undefined {
  return appDigest !== undefined && isValidDigest(appDigest) ? answerKey('image-user', { appImage, appDigest, platform }) : undefined;
}

const CONFIDENCE = new Set(['exact', 'likely', 'guess']);
const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
const MAX_TEXT = 4096;
const text = (x: unknown): x is string => typeof x === 'string' && x.length <= MAX_TEXT;

/**
 * What to store for a resolved -dev image: only an answer the registry confirmed and pinned by digest, the
 * only kind that is safe to use again without asking (the digest names exactly the image that was checked).
 */
export function cacheableDevImage(image: ResolvedDevImage): ResolvedDevImage | undefined {
  return image.verified === 'exists' && image.digest !== undefined && image.pinned !== undefined ? image : undefined;
}

/** A cached -dev image after checking every field; undefined for anything that is not one we would store. */
export function cachedDevImage(value: unknown): ResolvedDevImage | undefined {
  if (!isRecord(value)) return undefined;
  const { image, digest, pinned, rule, confidence, reason, warnings, conventional, match } = value;
  if (!text(image) || !text(digest) || !text(pinned) || !text(rule) || !text(reason) || typeof confidence !== 'string') return undefined;
  if (value.verified !== 'exists' || !CONFIDENCE.has(confidence) || !isValidDigest(digest) || !strings(warnings) || typeof conventional !== 'boolean') return undefined;
  let ref;
  try {
    ref = parseImageRef(image);
  } catch {
    return undefined;
  }
  // The name must be exactly what it parses to, and the pin exactly that name at the digest.
  if (formatImageRef(ref) !== image || formatImageRef({ ...ref, digest }) !== pinned) return undefined;
  let tagMatch: ResolvedDevImage['match'];
  if (match !== undefined) {
    if (!isRecord(match) || !text(match.tag) || !text(match.quality) || !text(match.reason)) return undefined;
    if (match.devDigest !== undefined && !(text(match.devDigest) && isValidDigest(match.devDigest))) return undefined;
    tagMatch = { tag: match.tag, quality: match.quality as NonNullable<ResolvedDevImage['match']>['quality'], reason: match.reason, ...(match.devDigest !== undefined ? { devDigest: match.devDigest as string } : {}) };
  }
  return {
    image,
    ref,
    rule: rule as ResolvedDevImage['rule'],
    confidence: confidence as ResolvedDevImage['confidence'],
    reason,
    warnings,
    conventional,
    verified: 'exists',
    digest,
    pinned,
    ...(tagMatch ? { match: tagMatch } : {}),
  };
}

/** A cached image user after checking it; undefined for anything else (only a user the registry told is stored). */
export function cachedImageUser(value: unknown): ImageUser | undefined {
  if (!isRecord(value) || !isRecord(value.user)) return undefined;
  const user = value.user;
  if (!text(user.raw)) return undefined;
  const id = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff);
  if (!id(user.uid) || !id(user.gid)) return undefined;
  return { raw: user.raw, ...(user.uid !== undefined ? { uid: user.uid as number } : {}), ...(user.gid !== undefined ? { gid: user.gid as number } : {}) };
}
