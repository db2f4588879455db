import type { RegistryAuth, TokenCache } from './auth.js';
import type { Transport } from './http.js';

/** Per registry request and per credential helper run. */
export const REGISTRY_TIMEOUT_MS = 3000;

/** Everything a registry call needs, passed explicitly. */
export interface RegistryContext {
  transport: Transport;
  /** Per request, including the token round trip. */
  timeoutMs: number;
  signal?: AbortSignal;
  tokens: TokenCache;
  auth?: RegistryAuth;
}
