import { devImageCandidates, matchedTagCandidates, type DevImageCandidate, type ImageMapping } from '../core/dev-image.js';
import { InterruptedError, UsageError } from '../core/errors.js';
import { formatImageRef, parseImageRef, type ImageRef } from '../core/image-ref.js';
import { digestOfImageID } from '../core/tag-match.js';
import { parseImageUser, type ImageUser, type TargetFacts } from '../core/target.js';
import type { ImageProcess } from '../core/copy-pod.js';
import { cacheableDevImage, cachedDevImage, cachedImageUser, devImageKey, imageUserKey, type AnswerCache } from './answer-cache.js';
import type { RegistryAuth, TokenCache } from './auth.js';
import { REGISTRY_TIMEOUT_MS, type RegistryContext } from './context.js';
import { registryTransport, type Transport } from './http.js';
import { findDigestTag } from './digest-tag.js';
import { ContentDigestError } from './content-digest.js';
import { fetchImageConfig, goArch, headManifest, type HeadResult, type Platform } from './manifest.js';

export interface ResolvedDevImage extends DevImageCandidate {
  /** exists: the registry has it; unchecked: --offline or --image; unreachable: registry did not answer. */
  verified: 'exists' | 'unchecked' | 'unreachable';
  digest?: string;
  /** `NAME:TAG@sha256:...`: the image the registry answered for, so what was checked is what runs. */
  pinned?: string;
  /** The registry's answer came from the answer cache (an earlier run, the same app digest). */
  cached?: boolean;
}

/** The reference a container should run: pinned when the registry answered with a digest. */
export function imageToRun(image: ResolvedDevImage): string {
  return image.pinned ?? image.image;
}

export interface RegistryOptions {
  offline: boolean;
  signal?: AbortSignal;
  /** How requests are sent; the process's http(s) transport when absent. */
  transport?: Transport;
  /** Credentials for private registries; anonymous when absent. */
  auth?: RegistryAuth;
  /** Bearer tokens shared by the calls of one run; a fresh cache per call when absent. */
  tokens?: TokenCache;
  /** The platform to read an index's config for; linux and this process's architecture by default. */
  platform?: Platform;
  /** Answers about app images known by digest, kept between runs (answer-cache.ts). */
  cache?: AnswerCache;
}

function contextOf(options: RegistryOptions): RegistryContext {
  return {
    transport: options.transport ?? registryTransport(),
    // The registry's own deadline per request; callers bound the whole run with `signal`.
    timeoutMs: REGISTRY_TIMEOUT_MS,
    signal: options.signal,
    tokens: options.tokens ?? new Map(),
    auth: options.auth,
  };
}

/** `exact` is for what a registry confirmed: unchecked, a name-based match is at best `likely`. */
function unconfirmed(candidate: DevImageCandidate): DevImageCandidate['confidence'] {
  return candidate.confidence === 'exact' && candidate.rule !== 'override' && candidate.rule !== 'already-dev' ? 'likely' : candidate.confidence;
}

function unconventionalNote(candidate: DevImageCandidate, why: string): string {
  return `${candidate.image} is only a guess for an image that is not Chainguard's, and ${why}: not using it`;
}

/**
 * Picks from the registry's answers, in candidate order: the first that exists; a registry that could
 * not answer before that wins with the name-based choice (never a worse guess because of a network
 * blip) when the choice is conventional, and is skipped when it is a mere guess; when all are
 * missing, the last (the default debug image).
 */
export function selectDevImage(candidates: DevImageCandidate[], results: HeadResult[]): ResolvedDevImage {
  const missing: string[] = [];
  const notes: string[] = [];
  const skipped = () => [...(missing.length > 0 ? [`not in the registry: ${missing.join(', ')}`] : []), ...notes];
  for (const [i, candidate] of candidates.entries()) {
    const result = results[i];
    if (!result || result.status === 'missing') {
      missing.push(candidate.image);
      continue;
    }
    if (result.status === 'exists') {
      return {
        ...candidate,
        verified: 'exists',
        ...(result.digest ? { digest: result.digest, pinned: formatImageRef({ ...candidate.ref, digest: result.digest }) } : {}),
        warnings: [...skipped(), ...candidate.warnings],
      };
    }
    const trouble =
      result.status === 'unauthorized'
        ? `registry ${candidate.ref.registry} refused access (${result.reason})`
        : `registry ${candidate.ref.registry} unreachable (${result.reason})`;
    if (!candidate.conventional) {
      notes.push(unconventionalNote(candidate, trouble));
      continue;
    }
    return {
      ...candidate,
      confidence: unconfirmed(candidate),
      verified: 'unreachable',
      warnings: [...skipped(), ...candidate.warnings, `${trouble}: using the name-based choice`],
    };
  }
  const last = candidates.at(-1);
  if (!last) throw new Error('no -dev image candidates');
  return {
    ...last,
    verified: 'unchecked',
    warnings: [...notes, ...last.warnings, `none of the candidates is in its registry (${missing.join(', ')}): trying ${last.image} anyway`],
  };
}

/** Checks the candidates concurrently and picks the first that exists (rules in selectDevImage). */
export async function resolveDevImage(candidates: DevImageCandidate[], options: RegistryOptions): Promise<ResolvedDevImage> {
  const first = candidates[0];
  if (!first) throw new Error('no -dev image candidates');
  if (options.offline) {
    // Nothing can be confirmed: the first conventional candidate (the default image at the latest).
    const chosen = candidates.find((c) => c.conventional) ?? first;
    const guesses = candidates.slice(0, candidates.indexOf(chosen)).map((c) => unconventionalNote(c, '--offline cannot check it'));
    return { ...chosen, confidence: unconfirmed(chosen), verified: 'unchecked', warnings: [...guesses, ...chosen.warnings, 'not checked against the registry (--offline)'] };
  }
  // --image is the user's explicit choice: run it as given.
  if (first.rule === 'override') return { ...first, verified: 'unchecked' };
  const context = contextOf(options);
  const results = await Promise.all(candidates.map((candidate) => headManifest(context, candidate.ref)));
  if (options.signal?.aborted) throw new InterruptedError('interrupted while checking the -dev image');
  return selectDevImage(candidates, results);
}

/** The app's image, and how images map to debug images. */
export interface AppImage {
  image: string;
  /** The pod status imageID of the app container: what the kubelet pulled (may be a platform manifest). */
  imageID?: string;
  mapping: ImageMapping;
}

/**
 * The app image as the session and doctor both map it: the target container's image and what the
 * kubelet pulled (its imageID, which may be the only digest a tag matches).
 */
export function appImageOf(target: Pick<TargetFacts, 'image' | 'imageID'>, mapping: ImageMapping): AppImage {
  return { image: target.image, mapping, ...(target.imageID ? { imageID: target.imageID } : {}) };
}

/**
 * The -dev image for an app image. A digest-pinned app first has its tag looked up (digest-tag.ts),
 * so the -dev image is the same version; without a match, the name-based candidates with the reason.
 */
async function resolveAppDevImageUncached(app: AppImage, options: RegistryOptions): Promise<ResolvedDevImage> {
  const { mapping } = app;
  const source = parseAppImage(app.image);
  const named = devImageCandidates(source, mapping);
  const rule = named[0]?.rule;
  if (options.offline || source.digest === undefined || (rule !== 'digest-tag-dev' && rule !== 'digest-latest-dev')) {
    return resolveDevImage(named, options);
  }
  // One token cache for the lookup and the candidate checks.
  const shared: RegistryOptions = { ...options, tokens: options.tokens ?? new Map() };
  const wanted = [source.digest, digestOfImageID(app.imageID)].filter((d, i, all): d is string => d !== undefined && all.indexOf(d) === i);
  const lookup = await findDigestTag(contextOf(shared), source, wanted);
  if (options.signal?.aborted) throw new InterruptedError('interrupted while looking up the app image tag');
  if (lookup.match) return resolveDevImage(matchedTagCandidates(source, lookup.match, mapping), shared);
  const resolved = await resolveDevImage(named, shared);
  return { ...resolved, warnings: [`no tag found for the app's digest: ${lookup.reason}`, ...resolved.warnings] };
}

/** The app's digest: pinned in its reference, else what the kubelet pulled. */
function appDigest(image: string, imageID: string | undefined): string | undefined {
  let pinned: string | undefined;
  try {
    pinned = parseImageRef(image).digest;
  } catch {
    pinned = undefined;
  }
  return pinned ?? digestOfImageID(imageID);
}

/**
 * The -dev image for an app image (resolveAppDevImageUncached), from the answer cache when an earlier run
 * resolved the same app digest with the same mapping: a cached answer is pinned by digest, so it runs
 * exactly the image the registry confirmed then.
 */
export async function resolveAppDevImage(app: AppImage, options: RegistryOptions): Promise<ResolvedDevImage> {
  const key = options.cache && !options.offline ? devImageKey(app.image, appDigest(app.image, app.imageID), app.mapping) : undefined;
  if (key === undefined || !options.cache) return resolveAppDevImageUncached(app, options);
  const hit = cachedDevImage(options.cache.get(key));
  if (hit) return { ...hit, cached: true };
  const resolved = await resolveAppDevImageUncached(app, options);
  const keep = cacheableDevImage(resolved);
  if (keep) options.cache.set(key, keep);
  return resolved;
}

/**
 * The app's image as the cluster reports it. One that does not parse (a hostile or broken server, an image
 * the runtime accepts and this parser does not) cannot be mapped to a -dev image: the way on is naming the
 * debug image, so the hint says that rather than the reference grammar.
 */
function parseAppImage(image: string): ImageRef {
  try {
    return parseImageRef(image);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`the app's ${error.message}`, {
      hint: 'pass the debug image yourself: --image IMAGE (for example --image cgr.dev/chainguard/wolfi-base:latest)',
      cause: error,
    });
  }
}

/**
 * What the registry told of the app image. Nothing when it could not be asked or did not say; a warning
 * (and nothing else) when it served other content than the digest it was asked for: a registry, mirror or
 * cache that does that is not believed, and the operator is told.
 */
export interface ImageAnswer<T> {
  value?: T;
  warning?: string;
}

/** The answer for an error from the registry: only content refused by its digest is worth a warning. */
function unanswered<T>(error: unknown, consequence: string): ImageAnswer<T> {
  return error instanceof ContentDigestError ? { warning: `${error.message}; ${consequence}` } : {};
}

/**
 * The app image's configured user, from its OCI config. With the app's digest (`imageID`, or pinned in
 * `image`) a told answer is cached and used again.
 */
export async function fetchImageUser(image: string, options: RegistryOptions, imageID?: string): Promise<ImageAnswer<ImageUser>> {
  if (options.offline) return {};
  const platform = options.platform ?? { os: 'linux', architecture: goArch(process.arch) };
  const key = options.cache ? imageUserKey(image, appDigest(image, imageID), platform) : undefined;
  if (key !== undefined) {
    const hit = cachedImageUser(options.cache?.get(key));
    if (hit) return { value: hit };
  }
  try {
    const ref = parseImageRef(image);
    const config = await fetchImageConfig(contextOf(options), ref, platform);
    const user = parseImageUser(config.config?.User);
    if (key !== undefined) options.cache?.set(key, { user });
    return { value: user };
  } catch (error) {
    return unanswered(error, "the app's user is not known");
  }
}

/** The app image's user and process (Entrypoint, Cmd, WorkingDir) from its OCI config. */
export async function fetchImageProcess(image: string, options: RegistryOptions): Promise<ImageAnswer<{ user: ImageUser; process: ImageProcess }>> {
  if (options.offline) return {};
  try {
    const ref = parseImageRef(image);
    const platform = options.platform ?? { os: 'linux', architecture: goArch(process.arch) };
    const { config } = (await fetchImageConfig(contextOf(options), ref, platform)) as { config?: Record<string, unknown> };
    // Someone else's document: only arrays of strings and a string make it into the app's command line.
    const words = (value: unknown) => (Array.isArray(value) && value.every((w) => typeof w === 'string') ? (value as string[]) : undefined);
    const entrypoint = words(config?.Entrypoint);
    const cmd = words(config?.Cmd);
    const workingDir = typeof config?.WorkingDir === 'string' && config.WorkingDir.startsWith('/') ? config.WorkingDir : undefined;
    return {
      value: {
        user: parseImageUser(typeof config?.User === 'string' ? config.User : undefined),
        process: { ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}), ...(workingDir ? { workingDir } : {}) },
      },
    };
  } catch (error) {
    return unanswered(error, "the app's user and command are not known");
  }
}
