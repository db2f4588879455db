import type { FetchLike } from './context.js';

/** A parsed `WWW-Authenticate` challenge. Parameter names are lower-cased. */
export interface Challenge {
  scheme: 'bearer' | 'basic' | 'other';
  params: Record<string, string>;
}

export interface Credentials {
  username: string;
  password: string;
  /** Where they came from, for messages (`auths["reg"] in ~/.docker/config.json`); never a secret. */
  source?: string;
}

/** Credentials for a registry, or none (anonymous); `problem` says why a configured source gave none. */
export interface CredentialLookup {
  credentials?: Credentials;
  problem?: string;
}

/** Supplies credentials for a registry (docker config, helpers...). */
export interface RegistryAuth {
  credentialsFor(registry: string): Promise<CredentialLookup>;
}

/**
 * Authorization header values for this run (`Bearer ...`, `Basic ...`), by registry and scope. Passed
 * in, so nothing outlives the run; never printed.
 */
export type TokenCache = Map<string, string>;

/** Parses `Bearer realm="https://x/token",service="x",scope="repository:a/b:pull"` (quoted commas kept). */
export function parseChallenge(header: string | null | undefined): Challenge | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  const space = text.indexOf(' ');
  const schemeText = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  const scheme = schemeText === 'bearer' || schemeText === 'basic' ? schemeText : 'other';
  const params: Record<string, string> = {};
  const rest = space < 0 ? '' : text.slice(space + 1);
  const pattern = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/gy;
  for (let match = pattern.exec(rest); match; match = pattern.exec(rest)) {
    const [, key, quoted, bare] = match;
    if (key) params[key.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    if (pattern.lastIndex >= rest.length) break;
  }
  return { scheme, params };
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** The token endpoint URL for a Bearer challenge; the scope defaults to pulling the repository. */
export function tokenUrl(challenge: Challenge, repository: string): string | undefined {
  const realm = challenge.params.realm;
  if (!realm) return undefined;
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  url.searchParams.set('scope', challenge.params.scope ?? `repository:${repository}:pull`);
  return url.toString();
}

export function tokenCacheKey(registry: string, challenge: Challenge, repository: string): string {
  return `${registry}|${challenge.params.scope ?? `repository:${repository}:pull`}`;
}

/**
 * Asks the challenge's realm for a token (anonymously unless credentials exist). Undefined when the
 * realm refuses: the caller then reports the registry as unauthorized.
 */
export async function fetchToken(
  fetchFn: FetchLike,
  challenge: Challenge,
  repository: string,
  credentials: Credentials | undefined,
  signal: AbortSignal,
): Promise<string | undefined> {
  const url = tokenUrl(challenge, repository);
  if (!url) return undefined;
  const headers: Record<string, string> = {};
  if (credentials) headers.authorization = basicAuthorization(credentials);
  const response = await fetchFn(url, { headers, signal });
  if (!response.ok) {
    await response.body?.cancel();
    return undefined;
  }
  const body = (await response.json()) as { token?: string; access_token?: string };
  return body.token ?? body.access_token;
}
