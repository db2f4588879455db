import { createHash } from 'node:crypto';
import { isValidDigest, isValidTag, type ImageRef } from '../core/image-ref.js';
import { BODY_LIMITS, BodyTooLargeError, readCapped, readJson } from './body.js';
import type { HistoryEntry, TagDigests } from '../core/tag-match.js';
import type { RegistryContext } from './context.js';
import type { HttpAnswer } from './http.js';
import { isIndex, MANIFEST_ACCEPT } from './manifest.js';
import { failureReason, registryRequest } from './request.js';

/** A registry answer or why there is none: registry trouble is data here too. */
export type Answer<T> = { ok: true; value: T } | { ok: false; reason: string };

async function getBody(context: RegistryContext, ref: ImageRef, path: string, accept?: string): Promise<Answer<HttpAnswer>> {
  const result = await registryRequest(context, ref.registry, ref.repository, path, { method: 'GET', headers: accept ? { accept } : {} });
  if (result.kind === 'unauthorized') return { ok: false, reason: `unauthorized: ${result.reason}` };
  if (result.kind === 'unreachable') return { ok: false, reason: result.reason };
  if (!result.response.ok) {
    result.response.discard();
    return { ok: false, reason: `HTTP ${result.response.status} for ${path}` };
  }
  return { ok: true, value: result.response };
}

/** Why a body gave no answer: too large, not JSON, or the request's end (a deadline, Ctrl-C, a cut connection). */
function bodyProblem(error: unknown, what: string, context: RegistryContext): string {
  if (error instanceof BodyTooLargeError) return `${what}: ${error.message}`;
  if (error instanceof SyntaxError) return `${what} is not JSON`;
  return `${what}: ${failureReason(error, context)}`;
}

/** The first page of `tags/list` (up to `limit` tags): enough to find a version, one round trip. */
export async function listTags(context: RegistryContext, ref: ImageRef, limit = 1000): Promise<Answer<string[]>> {
  const answer = await getBody(context, ref, `tags/list?n=${limit}`);
  if (!answer.ok) return answer;
  try {
    const body = (await readJson(answer.value, BODY_LIMITS.tagsList)) as { tags?: unknown } | null;
    // Tags go into URLs and references: only valid ones are kept.
    return { ok: true, value: Array.isArray(body?.tags) ? body.tags.filter((t): t is string => typeof t === 'string' && isValidTag(t)) : [] };
  } catch (error) {
    return { ok: false, reason: bodyProblem(error, 'tags/list', context) };
  }
}

/**
 * A tag's manifest digest and, when it is an index, its images' digests (the pod's imageID may name
 * one of them). GET rather than HEAD: the same round trip, and the index body comes with it.
 */
export async function tagDigests(context: RegistryContext, ref: ImageRef, tag: string): Promise<Answer<TagDigests>> {
  if (!isValidTag(tag)) return { ok: false, reason: 'not a valid tag' };
  const answer = await getBody(context, ref, `manifests/${tag}`, MANIFEST_ACCEPT);
  if (!answer.ok) return answer;
  let bytes: Buffer;
  try {
    bytes = await readCapped(answer.value, BODY_LIMITS.manifest);
  } catch (error) {
    return { ok: false, reason: error instanceof BodyTooLargeError ? error.message : failureReason(error, context) };
  }
  const header = answer.value.header('docker-content-digest');
  const digest = header !== undefined && isValidDigest(header) ? header : `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  let children: string[] = [];
  try {
    const document: unknown = JSON.parse(bytes.toString('utf8'));
    if (isIndex(document)) children = document.manifests.flatMap((m) => (typeof m?.digest === 'string' && isValidDigest(m.digest) ? [m.digest] : []));
  } catch {
    // Not JSON: only the manifest digest can match.
  }
  return { ok: true, value: { tag, digests: [digest, ...children] } };
}

/** Chainguard's tag history (`/v2/ORG/NAME/_chainguard/history/TAG`): every digest the tag has had. */
export async function tagHistory(context: RegistryContext, ref: ImageRef, tag: string): Promise<Answer<HistoryEntry[]>> {
  if (!isValidTag(tag)) return { ok: false, reason: 'not a valid tag' };
  const answer = await getBody(context, ref, `_chainguard/history/${tag}`);
  if (!answer.ok) return answer;
  try {
    const body = (await readJson(answer.value, BODY_LIMITS.history)) as { history?: unknown } | null;
    const entries = Array.isArray(body?.history) ? body.history : [];
    return {
      ok: true,
      value: entries.filter(
        (e): e is HistoryEntry =>
          typeof e === 'object' && e !== null && typeof (e as HistoryEntry).digest === 'string' && isValidDigest((e as HistoryEntry).digest) && typeof (e as HistoryEntry).updateTimestamp === 'string',
      ),
    };
  } catch (error) {
    return { ok: false, reason: bodyProblem(error, 'the tag history', context) };
  }
}
