// The registry's answer for an app image's -dev sibling, as the answer cache keeps it: confirmed to
// exist, pinned by digest.
import type { ResolvedDevImage } from '../../src/registry/resolve-dev-image.js';

/** `registry/repository:tag-dev`, confirmed at `digest` (sha256:...). */
export function devSiblingAnswer(registry: string, repository: string, tag: string, digest: string): ResolvedDevImage {
  const image = `${registry}/${repository}:${tag}-dev`;
  return {
    image,
    ref: { registry, repository, tag: `${tag}-dev` },
    rule: 'tag-dev',
    confidence: 'exact',
    reason: 'the -dev sibling',
    warnings: [],
    conventional: true,
    verified: 'exists',
    digest,
    pinned: `${image}@${digest}`,
  };
}
