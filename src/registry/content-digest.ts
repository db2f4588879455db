// Content fetched by digest is checked against that digest before it is used: the digest is what the
// operator (or the image index) pinned, and a registry, a mirror or a cache between could serve other bytes.
import { createHash } from 'node:crypto';
import { shortDigest } from '../core/image-ref.js';

/** The OCI grammar of a digest algorithm: only a name in it is repeated in a message. */
const ALGORITHM = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/;

/** Content asked for by digest came back as other bytes: its message names the image, the content and both digests. */
export class ContentDigestError extends Error {}

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Why `bytes` are not the content `digest` names, or undefined when they are. Only sha256 is known here:
 * content under any other algorithm is refused rather than used unchecked.
 */
export function contentDigestProblem(digest: string, bytes: Uint8Array): string | undefined {
  const colon = digest.indexOf(':');
  const algorithm = colon < 0 ? '' : digest.slice(0, colon);
  if (algorithm !== 'sha256') {
    return ALGORITHM.test(algorithm) && algorithm.length <= 32 ? `the digest algorithm ${algorithm} is not supported` : 'the digest has no known algorithm';
  }
  if (!/^[a-f0-9]{64}$/.test(digest.slice(colon + 1))) return 'the digest is malformed';
  const actual = sha256Digest(bytes);
  return actual === digest ? undefined : `the registry sent content whose digest is ${shortDigest(actual)}, not ${shortDigest(digest)}`;
}
