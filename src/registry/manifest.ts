import { formatImageRef, isValidDigest, shortDigest, type ImageRef } from '../core/image-ref.js';
import { BODY_LIMITS, readCapped } from './body.js';
import { ContentDigestError, contentDigestProblem } from './content-digest.js';
import type { RegistryContext } from './context.js';
import { registryRequest } from './request.js';

export const MEDIA_TYPES = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

export const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');

/** Whether a manifest exists, without throwing: registry trouble is data. */
export type HeadResult =
  | { status: 'exists'; digest?: string }
  | { status: 'missing' }
  | { status: 'unauthorized'; reason: string }
  | { status: 'unreachable'; reason: string };

/** A digest when the reference has one (it decides what runs), else the tag, else `latest`. */
export function manifestReference(ref: ImageRef): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** HEAD /v2/REPO/manifests/REF with every manifest type accepted. */
export async function headManifest(context: RegistryContext, ref: ImageRef): Promise<HeadResult> {
  const result = await registryRequest(context, ref.registry, ref.repository, `manifests/${manifestReference(ref)}`, {
    method: 'HEAD',
    headers: { accept: MANIFEST_ACCEPT },
  });
  if (result.kind !== 'response') return result.kind === 'unauthorized' ? { status: 'unauthorized', reason: result.reason } : { status: 'unreachable', reason: result.reason };
  const { response } = result;
  response.discard();
  if (response.ok) {
    // The digest is pinned into the container's image: one that is not a digest is not used.
    const digest = response.header('docker-content-digest');
    // Asked by digest, an answer for other content is a registry not to be believed: the pin stays ours.
    if (ref.digest !== undefined && digest !== undefined && digest !== ref.digest) {
      return { status: 'unreachable', reason: `it answered for other content than ${shortDigest(ref.digest)}` };
    }
    return digest !== undefined && isValidDigest(digest) ? { status: 'exists', digest } : { status: 'exists' };
  }
  if (response.status === 404) return { status: 'missing' };
  return { status: 'unreachable', reason: `HTTP ${response.status}` };
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

interface IndexEntry {
  digest: string;
  mediaType?: string;
  platform?: Partial<Platform>;
}

export interface ImageIndex {
  mediaType?: string;
  manifests: IndexEntry[];
}

export interface ImageManifest {
  mediaType?: string;
  config: { digest: string; mediaType?: string };
}

export function isIndex(document: unknown): document is ImageIndex {
  return typeof document === 'object' && document !== null && Array.isArray((document as { manifests?: unknown }).manifests);
}

const KNOWN_MEDIA_TYPES = new Set<string>(Object.values(MEDIA_TYPES));

/**
 * Why a manifest or index from a registry cannot be used, or undefined: a media type we asked for (or
 * none, as old registries send), and digests in the only form a reference or URL here takes.
 */
export function manifestProblem(document: unknown): string | undefined {
  if (typeof document !== 'object' || document === null) return 'the manifest is not an object';
  const { mediaType } = document as { mediaType?: unknown };
  if (mediaType !== undefined && (typeof mediaType !== 'string' || !KNOWN_MEDIA_TYPES.has(mediaType))) return 'the manifest has an unknown media type';
  if (isIndex(document)) {
    return document.manifests.every((m) => typeof m === 'object' && m !== null && typeof m.digest === 'string' && isValidDigest(m.digest))
      ? undefined
      : 'the image index lists a malformed digest';
  }
  const digest = (document as Partial<ImageManifest>).config?.digest;
  if (digest !== undefined && (typeof digest !== 'string' || !isValidDigest(digest))) return 'the manifest has a malformed config digest';
  return undefined;
}

/** Go's GOARCH for a Node process.arch. */
export function goArch(arch: string): string {
  const map: Record<string, string> = { x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return map[arch] ?? arch;
}

/**
 * The image manifest in an index for a platform: exact match, else linux/amd64 (most clusters), else
 * the first linux image. Attestation entries (`unknown/unknown`) are never images.
 */
export function chooseIndexManifest(index: ImageIndex, wanted: Platform): IndexEntry | undefined {
  const images = index.manifests.filter((m) => m.platform?.os !== 'unknown' && m.platform?.architecture !== 'unknown');
  const match = (os: string, architecture: string, variant?: string) =>
    images.find((m) => m.platform?.os === os && m.platform.architecture === architecture && (variant === undefined || m.platform.variant === variant));
  return (
    (wanted.variant ? match(wanted.os, wanted.architecture, wanted.variant) : undefined) ??
    match(wanted.os, wanted.architecture) ??
    match('linux', 'amd64') ??
    images.find((m) => m.platform?.os === 'linux') ??
    images[0]
  );
}

/**
 * GET /v2/REPO/PATH as JSON. With `digest` (content asked for by digest) the bytes must hash to it before
 * they are parsed: a registry, a mirror or a cache between that serves other content is refused.
 */
async function getJson(context: RegistryContext, ref: ImageRef, path: string, limit: number, options: { accept?: string; digest?: string; what: string }): Promise<unknown> {
  const result = await registryRequest(context, ref.registry, ref.repository, path, {
    method: 'GET',
    headers: options.accept ? { accept: options.accept } : {},
  });
  if (result.kind !== 'response') throw new Error(`${ref.registry}: ${result.reason}`);
  if (!result.response.ok) {
    result.response.discard();
    throw new Error(`${ref.registry}: HTTP ${result.response.status} for ${path}`);
  }
  const bytes = await readCapped(result.response, limit);
  const problem = options.digest === undefined ? undefined : contentDigestProblem(options.digest, bytes);
  if (problem) throw new ContentDigestError(`${formatImageRef(ref)}: the ${options.what} ${shortDigest(options.digest ?? '')} was refused: ${problem}`);
  return JSON.parse(bytes.toString('utf8')) as unknown;
}

/** A manifest by tag, or by digest (then checked against it). */
async function getManifest(context: RegistryContext, ref: ImageRef, reference: string, digest: string | undefined): Promise<unknown> {
  const document = await getJson(context, ref, `manifests/${reference}`, BODY_LIMITS.manifest, {
    accept: MANIFEST_ACCEPT,
    what: 'manifest',
    ...(digest === undefined ? {} : { digest }),
  });
  const problem = manifestProblem(document);
  if (problem) throw new Error(`${ref.registry}: ${problem}`);
  return document;
}

/**
 * The image's OCI config (`config.User`, `config.Env`...), following an index to one platform. Everything
 * asked for by digest (a pinned manifest, the index's manifest, the config blob) is checked against it.
 */
export async function fetchImageConfig(context: RegistryContext, ref: ImageRef, platform: Platform): Promise<{ config?: { User?: string } }> {
  let document = await getManifest(context, ref, manifestReference(ref), ref.digest);
  if (isIndex(document)) {
    const entry = chooseIndexManifest(document, platform);
    if (!entry) throw new Error('the image index lists no images');
    document = await getManifest(context, ref, entry.digest, entry.digest);
  }
  const digest = (document as Partial<ImageManifest>).config?.digest;
  if (!digest) throw new Error('the manifest has no config');
  return (await getJson(context, ref, `blobs/${digest}`, BODY_LIMITS.config, { digest, what: 'config blob' })) as { config?: { User?: string } };
}
