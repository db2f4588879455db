// Which -dev image matches an app image. Pure: whether a candidate exists is the registry's question.
import { formatImageRef, isValidTag, parseImageRef, shortDigest } from './image-ref.js';
import type { ImageRef } from './image-ref.js';
import type { TagMatch } from './tag-match.js';

/** Which rule produced a candidate -dev image. */
export type DevImageRule =
  | 'override' // --image
  | 'already-dev' // the tag already is a -dev (or distroless debug) tag
  | 'tag-dev' // NAME:T -> NAME:T-dev
  | 'latest-dev' // NAME (no tag) -> NAME:latest-dev
  | 'digest-tag-dev' // NAME:T@sha256:... -> NAME:T-dev
  | 'digest-latest-dev' // NAME@sha256:... (tag unknown) -> NAME:latest-dev, version may differ
  | 'fallback-latest-dev' // cgr.dev NAME:T-dev missing -> NAME:latest-dev, version differs
  | 'distroless-debug' // gcr.io/distroless: latest -> debug, nonroot -> debug-nonroot
  | 'dev-tag-rule' // a devTags rule of the config file
  | 'default-image'; // no -dev variant known: the default debug image

/** exact: same version as the app; likely: same name, version assumed; guess: different image. */
export type Confidence = 'exact' | 'likely' | 'guess';

export interface DevImageCandidate {
  /** Fully qualified reference to run. */
  image: string;
  ref: ImageRef;
  rule: DevImageRule;
  confidence: Confidence;
  /** One line for humans: why this image. */
  reason: string;
  warnings: string[];
  /** For a digest-pinned app: the tag its digest was found under, and how well it matched. */
  match?: TagMatch;
  /**
   * The image exists by a published convention (Chainguard's -dev siblings on cgr.dev, a `chainguard`
   * path or a configured mirror of them; distroless debug tags; a devTags rule; the default image; the
   * user's --image), so it is worth running without a registry's answer. A `T-dev` guessed for any other
   * image is used only when its registry says it exists.
   */
  conventional: boolean;
}

/** Images under `from` (a mirror, `registry.corp/cgr/`) are mapped as if under `to` (`cgr.dev/`). */
export interface MirrorMapping {
  from: string;
  to: string;
}

/** A tag matching `tag` (one `*`) has the -dev tag `dev`, the `*` carried over: `*-slim` -> `*-dev`. */
export interface DevTagMapping {
  tag: string;
  dev: string;
}

/**
 * How app images map to debug images: built once from the effective config (flag > env > file >
 * default) and passed whole to the resolver.
 */
export interface ImageMapping {
  /** The debug image for apps without a known -dev variant. */
  defaultImage: string;
  mirrors: readonly MirrorMapping[];
  devTags: readonly DevTagMapping[];
}

export const DEFAULT_DEBUG_IMAGE = 'cgr.dev/chainguard/wolfi-base:latest';

/** The mapping with no config: the built-in rules and the default debug image. */
export const DEFAULT_IMAGE_MAPPING: ImageMapping = { defaultImage: DEFAULT_DEBUG_IMAGE, mirrors: [], devTags: [] };

type Draft = Omit<DevImageCandidate, 'image' | 'ref' | 'conventional'> & { tag: string; keepDigest?: boolean; conventional?: boolean };

function candidate(source: ImageRef, draft: Draft): DevImageCandidate {
  // A -dev tag names a different image than the app's digest, so the digest never carries over.
  const ref: ImageRef = { registry: source.registry, repository: source.repository, tag: draft.tag };
  if (draft.keepDigest && source.digest !== undefined) ref.digest = source.digest;
  return {
    image: formatImageRef(ref),
    ref,
    rule: draft.rule,
    confidence: draft.confidence,
    reason: draft.reason,
    warnings: draft.warnings,
    conventional: draft.conventional ?? true,
  };
}

/**
 * Chainguard's images: on cgr.dev, or under a path segment that is exactly `chainguard` (a copy or proxy
 * of them). A segment that merely contains the word (`notchainguard`, `chainguard-evil`) is anyone's.
 */
export function isChainguardImage(ref: ImageRef): boolean {
  return ref.registry === 'cgr.dev' || ref.repository.split('/').some((segment) => segment === 'chainguard');
}

function isDistroless(ref: ImageRef): boolean {
  return (ref.registry === 'gcr.io' || ref.registry.endsWith('.gcr.io')) && ref.repository.startsWith('distroless/');
}

function digestWarnings(ref: ImageRef, tag: string | undefined): string[] {
  if (ref.digest === undefined) return [];
  const digest = shortDigest(ref.digest);
  return tag === undefined
    ? [`the app is pinned by digest ${digest} and its version is unknown until the registry is asked; the -dev image may be a different version`]
    : [`the tag ${tag} was taken from the reference, not verified against the digest ${digest}`];
}

/** The app already runs a debug variant (a -dev or distroless debug tag): that image, its digest kept. */
function alreadyDev(source: ImageRef, tag: string, reason: string): DevImageCandidate {
  return candidate(source, { tag, keepDigest: true, rule: 'already-dev', confidence: 'exact', reason, warnings: [] });
}

// gcr.io/distroless publishes `debug` variants of its tags: latest -> debug, nonroot -> debug-nonroot,
// and the per-architecture tags alike (latest-amd64 -> debug-amd64, nonroot-arm64 -> debug-nonroot-arm64).
function distrolessCandidates(source: ImageRef): DevImageCandidate[] {
  const host = source.registry;
  const tag = source.tag;
  if (tag?.startsWith('debug')) {
    return [alreadyDev(source, tag, `${host}/distroless tag ${tag} already is a debug tag`)];
  }
  let debugTag: string;
  let known = true;
  if (tag === undefined || tag === 'latest') debugTag = 'debug';
  else if (tag.startsWith('latest-')) debugTag = `debug-${tag.slice('latest-'.length)}`;
  else if (tag === 'nonroot' || tag.startsWith('nonroot-')) debugTag = `debug-${tag}`;
  else {
    debugTag = 'debug';
    known = false;
  }
  const warnings = digestWarnings(source, tag);
  if (!known) warnings.push(`${tag} is not a known distroless tag; the debug image may be a different version`);
  return [
    candidate(source, {
      tag: debugTag,
      rule: 'distroless-debug',
      confidence: known && !(source.digest !== undefined && tag === undefined) ? 'likely' : 'guess',
      reason: `${host}/distroless tag ${tag ?? '(none)'} -> ${debugTag}`,
      warnings,
    }),
  ];
}

/** The -dev tag a devTags rule gives `tag`, if one matches. */
export function devTagByRule(tag: string, rules: readonly DevTagMapping[]): { dev: string; rule: DevTagMapping } | undefined {
  for (const rule of rules) {
    const [prefix = '', suffix = ''] = rule.tag.split('*');
    if (tag.length >= prefix.length + suffix.length && tag.startsWith(prefix) && tag.endsWith(suffix)) {
      const star = tag.slice(prefix.length, tag.length - suffix.length);
      const dev = rule.dev.replace('*', star);
      if (isValidTag(dev) && dev !== tag) return { dev, rule };
    }
  }
  return undefined;
}

function devCandidates(source: ImageRef, devTags: readonly DevTagMapping[]): DevImageCandidate[] {
  const host = source.registry;
  const tag = source.tag;
  // Only cgr.dev is known to publish latest-dev beside every versioned tag; elsewhere it may not be a sibling.
  const fallback = host === 'cgr.dev';
  // Docker Hub's nginx has no 1.27-dev: a -dev sibling is a convention only for Chainguard's images.
  const conventional = isChainguardImage(source);

  if (tag === undefined && source.digest !== undefined) {
    return [
      candidate(source, {
        tag: 'latest-dev',
        rule: 'digest-latest-dev',
        confidence: 'guess',
        conventional,
        reason: `${host} pinned by digest ${shortDigest(source.digest)} -> latest-dev`,
        warnings: digestWarnings(source, undefined),
      }),
    ];
  }
  if (tag === undefined || tag === 'latest') {
    return [
      candidate(source, {
        tag: 'latest-dev',
        rule: source.digest === undefined ? 'latest-dev' : 'digest-tag-dev',
        confidence: 'likely',
        conventional,
        reason: `${host} tag ${tag ?? '(none)'} -> latest-dev: latest-dev tracks latest`,
        warnings: digestWarnings(source, tag),
      }),
    ];
  }
  if (tag.endsWith('-dev')) {
    return [alreadyDev(source, tag, `${host} tag ${tag} already is a -dev tag`)];
  }

  const out: DevImageCandidate[] = [];
  const byRule = devTagByRule(tag, devTags);
  if (byRule) {
    out.push(
      candidate(source, {
        tag: byRule.dev,
        rule: 'dev-tag-rule',
        confidence: source.digest === undefined ? 'exact' : 'likely',
        reason: `${host} tag ${tag} -> ${byRule.dev} (config devTags ${byRule.rule.tag} -> ${byRule.rule.dev})`,
        warnings: digestWarnings(source, tag),
      }),
    );
  }
  const devTag = `${tag}-dev`;
  // A 125+ character tag has no valid -dev sibling.
  if (isValidTag(devTag)) {
    out.push(
      candidate(source, {
        tag: devTag,
        rule: source.digest === undefined ? 'tag-dev' : 'digest-tag-dev',
        confidence: source.digest === undefined ? 'exact' : 'likely',
        conventional,
        reason: `${host} tag ${tag} -> ${devTag}`,
        warnings: digestWarnings(source, tag),
      }),
    );
  }
  if (fallback) {
    out.push(
      candidate(source, {
        tag: 'latest-dev',
        rule: 'fallback-latest-dev',
        confidence: 'guess',
        reason: `${host} fallback latest-dev when ${devTag} does not exist`,
        warnings: [`latest-dev may be a different version than the app's ${tag}`],
      }),
    );
  }
  return out;
}

function defaultCandidate(source: ImageRef, defaultImage: string): DevImageCandidate {
  const ref = parseImageRef(defaultImage);
  const image = formatImageRef(ref);
  const why = `no -dev variant is known for ${formatImageRef(source)}; using the default debug image ${image}`;
  return { image, ref, rule: 'default-image', confidence: 'guess', reason: why, warnings: [why], conventional: true };
}

/**
 * The -dev images to try for an app image, best first; the last is always the default debug image.
 * Pure: whether a candidate exists is the registry's question (src/registry).
 */
export function devImageCandidates(source: ImageRef, mapping: ImageMapping): DevImageCandidate[] {
  const last = defaultCandidate(source, mapping.defaultImage);
  const mirrored = mirrorCandidates(source, mapping);
  const mapped = mirrored ?? (isDistroless(source) ? distrolessCandidates(source) : devCandidates(source, mapping.devTags));
  return [...mapped.filter((c) => c.image !== last.image), last];
}

function pathOf(ref: ImageRef): string {
  return `${ref.registry}/${ref.repository}/`;
}

/**
 * A mirror's image is mapped as its upstream image would be, and every candidate is moved back under
 * the mirror (the cluster pulls from there). Undefined when no mirror rule matches.
 */
function mirrorCandidates(source: ImageRef, mapping: ImageMapping): DevImageCandidate[] | undefined {
  const rule = mapping.mirrors.find((m) => pathOf(source).startsWith(m.from));
  if (!rule) return undefined;
  const upstreamName = `${rule.to}${pathOf(source).slice(rule.from.length, -1)}`;
  let upstream: ImageRef;
  try {
    upstream = parseImageRef(upstreamName);
  } catch {
    return undefined;
  }
  if (source.tag !== undefined) upstream.tag = source.tag;
  if (source.digest !== undefined) upstream.digest = source.digest;
  // Upstream, no mirror rule applies again.
  return devImageCandidates(upstream, { ...mapping, mirrors: [] })
    .filter((c) => c.rule !== 'default-image' && pathOf(c.ref).startsWith(rule.to))
    .map((c) => {
      const back = parseImageRef(`${rule.from}${pathOf(c.ref).slice(rule.to.length, -1)}`);
      const ref: ImageRef = { ...back, ...(c.ref.tag === undefined ? {} : { tag: c.ref.tag }), ...(c.ref.digest === undefined ? {} : { digest: c.ref.digest }) };
      // A configured mirror of a conventional image is as conventional as its upstream.
      return { ...c, ref, image: formatImageRef(ref), reason: `mirror ${rule.from}* as ${rule.to}*: ${c.reason}` };
    });
}

/** The candidate for `--image`: the user's choice, used as given (only normalized). */
export function overrideCandidate(image: string): DevImageCandidate {
  const ref = parseImageRef(image);
  const formatted = formatImageRef(ref);
  return { image: formatted, ref, rule: 'override', confidence: 'exact', reason: `--image ${formatted}`, warnings: [], conventional: true };
}

/**
 * Candidates for a digest-pinned app whose tag the registry named: `T-dev` (at the -dev digest of the
 * app's time for a closest match), then the name-based ones for the same tag as fallbacks.
 */
export function matchedTagCandidates(source: ImageRef, match: TagMatch, mapping: ImageMapping): DevImageCandidate[] {
  const ref: ImageRef = { registry: source.registry, repository: source.repository, tag: `${match.tag}-dev` };
  if (match.devDigest !== undefined) ref.digest = match.devDigest;
  const digest = source.digest === undefined ? '' : ` ${shortDigest(source.digest)}`;
  const first: DevImageCandidate = {
    image: formatImageRef(ref),
    ref,
    rule: 'digest-tag-dev',
    confidence: match.quality === 'exact' ? 'exact' : 'likely',
    reason: `${source.registry} digest${digest} is tag ${match.tag} (${match.quality}) -> ${match.tag}-dev`,
    warnings: match.quality === 'closest' ? [`the app's digest is no longer tag ${match.tag}: using ${match.tag}-dev as it was then`] : [],
    match,
    conventional: true,
  };
  const rest = devImageCandidates({ registry: source.registry, repository: source.repository, tag: match.tag }, mapping).filter(
    // The tag's current -dev is either the first candidate or, after a closest match, another version.
    (c) => c.image !== first.image && c.rule !== 'tag-dev' && c.rule !== 'latest-dev',
  );
  return [first, ...rest];
}
