import type { RegistryAuth, TokenCache } from './auth.js';

/** Per registry request and per credential helper run. */
export const REGISTRY_TIMEOUT_MS = 3000;

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Everything a registry call needs, passed explicitly. */
export interface RegistryContext {
  fetch: FetchLike;
  /** Per request, including the token round trip. */
  timeoutMs: number;
  signal?: AbortSignal;
  tokens: TokenCache;
  auth?: RegistryAuth;
}
