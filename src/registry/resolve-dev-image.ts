import type { DevImageCandidate } from '../core/dev-image.js';
import { InterruptedError } from '../core/errors.js';
import { parseImageRef } from '../core/image-ref.js';
import { parseImageUser, type ImageUser } from '../core/target.js';
import type { RegistryAuth, TokenCache } from './auth.js';
import type { RegistryContext } from './context.js';
import { fetchImageConfig, goArch, headManifest, type HeadResult, type Platform } from './manifest.js';

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
  /** Credentials for private registries; anonymous when absent. */
  auth?: RegistryAuth;
  /** Bearer tokens shared by the calls of one run; a fresh cache per call when absent. */
  tokens?: TokenCache;
  /** The platform to read an index's config for; linux and this process's architecture by default. */
  platform?: Platform;
}

export const DEFAULT_REGISTRY_TIMEOUT_MS = 3000;

function contextOf(options: RegistryOptions): RegistryContext {
  return {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_REGISTRY_TIMEOUT_MS,
    signal: options.signal,
    tokens: options.tokens ?? new Map(),
    auth: options.auth,
  };
}

/**
 * Picks from the registry's answers, in candidate order: the first that exists; a registry that could
 * not answer before that wins with the name-based choice (never a worse guess because of a network
 * blip); when all are missing, the last (the default debug image).
 */
export function selectDevImage(candidates: DevImageCandidate[], results: HeadResult[]): ResolvedDevImage {
  const missing: string[] = [];
  const skipped = () => (missing.length > 0 ? [`not in the registry: ${missing.join(', ')}`] : []);
  for (const [i, candidate] of candidates.entries()) {
    const result = results[i];
    if (!result || result.status === 'missing') {
      missing.push(candidate.image);
      continue;
    }
    if (result.status === 'exists') {
      return {
        ...candidate,
        verified: 'exists',
        ...(result.digest ? { digest: result.digest } : {}),
        warnings: [...skipped(), ...candidate.warnings],
      };
    }
    const reason = result.status === 'unauthorized' ? `unauthorized: ${result.reason}` : result.reason;
    return {
      ...candidate,
      verified: 'unreachable',
      warnings: [
        ...skipped(),
        ...candidate.warnings,
        `registry ${candidate.ref.registry} unreachable (${reason}): using the name-based choice`,
      ],
    };
  }
  const last = candidates.at(-1);
  if (!last) throw new Error('no -dev image candidates');
  return {
    ...last,
    verified: 'unchecked',
    warnings: [...last.warnings, `none of the candidates is in its registry (${missing.join(', ')}): trying ${last.image} anyway`],
  };
}

/** Checks the candidates concurrently and picks the first that exists (rules in selectDevImage). */
export async function resolveDevImage(candidates: DevImageCandidate[], options: RegistryOptions): Promise<ResolvedDevImage> {
  const first = candidates[0];
  if (!first) throw new Error('no -dev image candidates');
  if (options.offline) {
    return { ...first, verified: 'unchecked', warnings: [...first.warnings, 'not checked against the registry (--offline)'] };
  }
  // --image is the user's explicit choice: run it as given.
  if (first.rule === 'override') return { ...first, verified: 'unchecked' };
  const context = contextOf(options);
  const results = await Promise.all(candidates.map((candidate) => headManifest(context, candidate.ref)));
  if (options.signal?.aborted) throw new InterruptedError('interrupted while checking the -dev image');
  return selectDevImage(candidates, results);
}

/** The app image's configured user, from its OCI config; undefined when the registry cannot tell. */
export async function fetchImageUser(image: string, options: RegistryOptions): Promise<ImageUser | undefined> {
  if (options.offline) return undefined;
  try {
    const ref = parseImageRef(image);
    const platform = options.platform ?? { os: 'linux', architecture: goArch(process.arch) };
    const config = await fetchImageConfig(contextOf(options), ref, platform);
    return parseImageUser(config.config?.User);
  } catch {
    return undefined;
  }
}
