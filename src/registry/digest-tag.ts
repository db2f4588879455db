import type { ImageRef } from '../core/image-ref.js';
import { shortDigest } from '../core/image-ref.js';
import { closestFromHistory, matchDigestTag, tagsToCheck, type TagDigests, type TagMatch } from '../core/tag-match.js';
import type { RegistryContext } from './context.js';
import { listTags, tagDigests, tagHistory } from './tags.js';

/** At most this many tags are fetched (concurrently) to find a digest's tag. */
export const MAX_TAGS_CHECKED = 12;
/** At most this many tags' histories (and their -dev histories) are read on cgr.dev. */
const MAX_HISTORIES = 3;

export type DigestLookup = { match: TagMatch } | { match?: undefined; reason: string };

/**
 * The tag a digest-pinned image belongs to, in at most three round trips: tags/list; the manifests of up
 * to MAX_TAGS_CHECKED tags that have a -dev sibling, concurrently; on cgr.dev, when no tag points at the
 * digest any more, Chainguard's tag history of a few of them and their -dev tags, concurrently.
 */
export async function findDigestTag(context: RegistryContext, source: ImageRef, wanted: string[]): Promise<DigestLookup> {
  const listed = await listTags(context, source);
  if (!listed.ok) return { reason: `could not list the tags of ${source.registry}/${source.repository}: ${listed.reason}` };
  const tags = tagsToCheck(listed.value, { limit: MAX_TAGS_CHECKED, ...(source.tag === undefined ? {} : { preferred: source.tag }) });
  if (tags.length === 0) return { reason: `${source.registry}/${source.repository} has no tag with a -dev sibling` };

  const answers = await Promise.all(tags.map((tag) => tagDigests(context, source, tag)));
  const checks = answers.flatMap((a): TagDigests[] => (a.ok ? [a.value] : []));
  const match = matchDigestTag(checks, wanted);
  if (match) return { match };
  const failed = answers.flatMap((a) => (a.ok ? [] : [a.reason]));
  const digest = shortDigest(wanted[0] ?? '');

  if (source.registry === 'cgr.dev') {
    const few = [...tags.slice(0, MAX_HISTORIES - 1), ...(tags.includes('latest') ? ['latest'] : [])].filter((t, i, all) => all.indexOf(t) === i);
    const histories = await Promise.all(
      few.map((tag) => Promise.all([tagHistory(context, source, tag), tagHistory(context, source, `${tag}-dev`)])),
    );
    for (const [i, [app, dev]] of histories.entries()) {
      const tag = few[i];
      if (tag === undefined || !app.ok || !dev.ok) continue;
      const closest = closestFromHistory(tag, app.value, dev.value, wanted);
      if (closest) return { match: closest };
    }
    return { reason: `no tag of ${tags.length} checked points at ${digest}, and the tag history of ${few.join(', ')} does not list it` };
  }
  const trouble = failed.length > 0 ? ` (${failed.length} could not be read: ${failed[0]})` : '';
  return { reason: `no tag of the ${tags.length} checked points at ${digest}${trouble}` };
}
