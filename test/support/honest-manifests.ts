// Fixture manifests whose digests are those of their bytes, as a registry's are: content asked for by
// digest (or a tag's manifest with its digest header) is checked against it before it is used.
import { sha256Digest } from '../../src/registry/content-digest.js';

/** `digest(label)`: the digest of a small manifest made for `label`; `body(digest)`: its bytes. */
export function honestManifests(): { digest: (label: string) => string; body: (digest: string) => string | undefined } {
  const bodies = new Map<string, string>();
  return {
    digest: (label) => {
      const body = JSON.stringify({ schemaVersion: 2, fixture: label });
      const digest = sha256Digest(Buffer.from(body));
      bodies.set(digest, body);
      return digest;
    },
    body: (digest) => bodies.get(digest),
  };
}
