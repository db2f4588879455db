// CONTRACT STUB: the kube helper replaces the bodies; signatures are shared with other modules.
import type { DevImageCandidate } from '../core/dev-image.js';
import type { ImageUser } from '../core/target.js';

export interface ResolvedDevImage extends DevImageCandidate {
  /** exists: the registry has it; unchecked: --offline or --image; unreachable: registry did not answer. */
  verified: 'exists' | 'unchecked' | 'unreachable';
  digest?: string;
}

export interface RegistryOptions {
  offline: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
}

/** Checks the candidates concurrently and picks the first that exists (rules in the module docs). */
export function resolveDevImage(candidates: DevImageCandidate[], options: RegistryOptions): Promise<ResolvedDevImage> {
  throw new Error(`unimplemented: ${candidates.length} ${options.offline}`);
}

/** The app image's configured user, from its OCI config; undefined when the registry cannot tell. */
export function fetchImageUser(image: string, options: RegistryOptions): Promise<ImageUser | undefined> {
  throw new Error(`unimplemented: ${image} ${options.offline}`);
}
