// Which tag a digest-pinned app image belongs to. Pure: the registry's answers come in as data.

/** exact: a tag points at the app's digest now; closest: it did when the app was deployed (tag history). */
export type MatchQuality = 'exact' | 'closest';

export interface TagMatch {
  tag: string;
  quality: MatchQuality;
  /** One line for humans: how the tag was found. */
  reason: string;
  /** For a closest match: the -dev digest that was current when the app's digest was tagged. */
  devDigest?: string;
}

/** What a registry said about one tag: its manifest digest and, for an index, its images' digests. */
export interface TagDigests {
  tag: string;
  digests: string[];
}

export interface HistoryEntry {
  digest: string;
  updateTimestamp: string;
}

/** Signature, attestation and SBOM tags (`sha256-<hex>.sig`) are never app versions. */
function isArtifactTag(tag: string): boolean {
  return /^sha256-[0-9a-f]{64}/.test(tag);
}

/**
 * How specific a tag is: `latest` 0, then one point per version component (`1` < `1.2` < `1.2.3` <
 * `1.2.3-r1`). When several tags share the digest the most specific one names the version best.
 */
export function tagSpecificity(tag: string): number {
  if (tag === 'latest') return 0;
  return tag.split(/[._-]/).filter(Boolean).length;
}

function bySpecificity(a: string, b: string): number {
  return tagSpecificity(b) - tagSpecificity(a) || (a < b ? 1 : a > b ? -1 : 0);
}

/**
 * Tags worth checking for a digest, best first, at most `limit`: only tags with a `-dev` sibling in the
 * list (a match without one is useless), never `-dev` or artifact tags. `preferred` (the tag written
 * next to the digest) goes first whether or not it is listed.
 */
export function tagsToCheck(tags: readonly string[], options: { limit: number; preferred?: string }): string[] {
  const listed = new Set(tags);
  const useful = tags.filter((t) => !t.endsWith('-dev') && !isArtifactTag(t) && listed.has(`${t}-dev`) && t !== options.preferred);
  const ordered = [...new Set(useful)].sort(bySpecificity);
  const first = options.preferred === undefined ? [] : [options.preferred];
  return [...first, ...ordered].slice(0, Math.max(0, options.limit));
}

/**
 * The best tag whose digests include one of `wanted` (the pod's spec digest and its status imageID, which
 * may be a platform manifest inside the tag's index). Undefined when none does.
 */
export function matchDigestTag(checks: readonly TagDigests[], wanted: readonly string[]): TagMatch | undefined {
  const matching = checks.filter((c) => c.digests.some((d) => wanted.includes(d)));
  const best = [...matching].sort((a, b) => bySpecificity(a.tag, b.tag))[0];
  if (!best) return undefined;
  const others = matching.filter((c) => c !== best).map((c) => c.tag);
  const via = wanted.includes(best.digests[0] ?? '') ? 'its digest' : 'an image in its index';
  const also = others.length > 0 ? `; also tagged ${others.join(', ')}` : '';
  return { tag: best.tag, quality: 'exact', reason: `tag ${best.tag} points at the app's digest now (${via})${also}` };
}

/**
 * From Chainguard's tag history: when the app's digest was once `tag`, the `-dev` digest that was current
 * at the moment it stopped being `tag` (or now, if it still is), so both were built from the same
 * sources as nearly as the history can tell.
 */
export function closestFromHistory(
  tag: string,
  appHistory: readonly HistoryEntry[],
  devHistory: readonly HistoryEntry[],
  wanted: readonly string[],
): TagMatch | undefined {
  const app = [...appHistory].sort((a, b) => a.updateTimestamp.localeCompare(b.updateTimestamp));
  const index = app.findIndex((e) => wanted.includes(e.digest));
  const entry = app[index];
  if (!entry) return undefined;
  const until = app[index + 1]?.updateTimestamp;
  const dev = [...devHistory]
    .sort((a, b) => a.updateTimestamp.localeCompare(b.updateTimestamp))
    .filter((e) => until === undefined || e.updateTimestamp < until)
    .at(-1);
  if (!dev) return undefined;
  const span = until === undefined ? `since ${entry.updateTimestamp}` : `from ${entry.updateTimestamp} to ${until}`;
  return {
    tag,
    quality: 'closest',
    reason: `the app's digest was tag ${tag} ${span} (tag history); ${tag}-dev of that time is ${dev.digest}`,
    devDigest: dev.digest,
  };
}

/** `sha256:...` from a pod status imageID (`docker-pullable://x@sha256:...`, `x@sha256:...`, `sha256:...`). */
export function digestOfImageID(imageID: string | undefined): string | undefined {
  const match = /sha256:[a-f0-9]{64}$/.exec(imageID ?? '');
  return match?.[0];
}
