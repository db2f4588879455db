// Image references as the container runtime resolves them (distribution/reference grammar).
import { UsageError } from './errors.js';

/** A parsed image reference, normalized the way the container runtime resolves it. */
export interface ImageRef {
  /** Registry host[:port]; Docker Hub is `docker.io`. */
  registry: string;
  /** Repository path, e.g. `chainguard/nginx`; Docker Hub official images get `library/`. */
  repository: string;
  tag?: string;
  /** `sha256:<64 hex>` */
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';

const EXPECTED_FORM =
  'expected [registry[:port]/]repository[:tag][@sha256:<64 hex>], e.g. cgr.dev/chainguard/python:3.12';

// One host label, or a bracketed IPv6 address; an optional numeric port.
const HOST_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const REGISTRY = new RegExp(`^(?:${HOST_LABEL}(?:\\.${HOST_LABEL})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?$`);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
// Docker's limit on the whole name (registry + repository).
const MAX_NAME_LENGTH = 255;

function invalid(input: string, problem: string): UsageError {
  return new UsageError(`invalid image reference ${JSON.stringify(input)}: ${problem}`, { hint: EXPECTED_FORM });
}

/** True when `tag` is a valid tag by the reference grammar. */
export function isValidTag(tag: string): boolean {
  return TAG.test(tag);
}

/** True when `digest` is `sha256:` and 64 lower-case hex digits, the only form a reference here takes. */
export function isValidDigest(digest: string): boolean {
  return SHA256_DIGEST.test(digest);
}

/** Parses a reference as Kubernetes would accept it; throws UsageError naming what is wrong. */
export function parseImageRef(input: string): ImageRef {
  if (input === '') throw invalid(input, 'it is empty');
  if (/\s/.test(input)) throw invalid(input, 'it contains whitespace');

  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!SHA256_DIGEST.test(digest)) {
      throw invalid(input, `malformed digest ${JSON.stringify(digest)} (want sha256: and 64 lower-case hex digits)`);
    }
  }

  // The tag separator is the last ':' after the last '/'; a ':' before it belongs to a registry port.
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) {
      throw invalid(input, `bad tag ${JSON.stringify(tag)} (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')`);
    }
  }

  if (rest === '') throw invalid(input, 'the repository name is empty');
  if (rest.length > MAX_NAME_LENGTH) throw invalid(input, `the name is longer than ${MAX_NAME_LENGTH} characters`);

  const parts = rest.split('/');
  const first = parts[0] ?? '';
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    parts.shift();
    if (!REGISTRY.test(registry)) throw invalid(input, `bad registry host ${JSON.stringify(registry)}`);
  }
  if (registry === 'index.docker.io') registry = DOCKER_HUB;

  for (const part of parts) {
    if (part === '') throw invalid(input, 'the repository has an empty path component');
    if (part.toLowerCase() !== part) throw invalid(input, 'the repository must be lower case');
    if (!PATH_COMPONENT.test(part)) throw invalid(input, `bad repository path component ${JSON.stringify(part)}`);
  }

  let repository = parts.join('/');
  if (registry === DOCKER_HUB && parts.length === 1) repository = `library/${repository}`;

  const ref: ImageRef = { registry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** Fully qualified form: `registry/repository[:tag][@digest]`. */
export function formatImageRef(ref: ImageRef): string {
  const tag = ref.tag === undefined ? '' : `:${ref.tag}`;
  const digest = ref.digest === undefined ? '' : `@${ref.digest}`;
  return `${ref.registry}/${ref.repository}${tag}${digest}`;
}

/** `sha256:0123456789ab…`: enough of a digest to recognize it in a message. */
export function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}
