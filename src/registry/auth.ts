import { BODY_LIMITS, BodyTooLargeError, readJson } from './body.js';
import { isLoopback } from '../core/loopback.js';
import type { Transport } from './http.js';
import { requestFollowing } from './redirects.js';

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

/**
 * The token endpoint URL for a Bearer challenge (the scope defaults to pulling the repository), or
 * why the realm is refused. Credentials go to the realm, so it must be https; plain http only when the
 * registry itself is a loopback http registry and the realm is on loopback too.
 */
export function tokenUrl(challenge: Challenge, repository: string, registryUrl: string): { url: string } | { refused: string } {
  const realm = challenge.params.realm;
  if (!realm) return { refused: 'the Bearer challenge names no realm' };
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    return { refused: 'the Bearer realm is not a URL' };
  }
  const registry = new URL(registryUrl);
  const loopbackHttp = url.protocol === 'http:' && registry.protocol === 'http:' && isLoopback(registry.host) && isLoopback(url.host);
  if (url.protocol !== 'https:' && !loopbackHttp) return { refused: `the token realm ${url.protocol}//${url.host} is not https: credentials not sent` };
  if (url.username !== '' || url.password !== '') return { refused: 'the token realm carries a user or password' };
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  url.searchParams.set('scope', challenge.params.scope ?? `repository:${repository}:pull`);
  return { url: url.toString() };
}

export function tokenCacheKey(registry: string, challenge: Challenge, repository: string): string {
  return `${registry}|${challenge.params.scope ?? `repository:${repository}:pull`}`;
}

// A token goes into an Authorization header: visible ASCII only, and not absurdly long.
const TOKEN = /^[\x21-\x7e]{1,16384}$/;

/**
 * Asks the challenge's realm for a token (anonymously unless credentials exist), following redirects
 * under our rules; the credentials go to the realm's host only. `refused` says why there is none.
 */
export async function fetchToken(
  transport: Transport,
  challenge: Challenge,
  repository: string,
  registryUrl: string,
  credentials: Credentials | undefined,
  signal: AbortSignal,
): Promise<{ token: string } | { refused: string; status?: number }> {
  const target = tokenUrl(challenge, repository, registryUrl);
  if ('refused' in target) return target;
  const response = await requestFollowing(transport, target.url, {
    method: 'GET',
    signal,
    ...(credentials ? { authorization: basicAuthorization(credentials) } : {}),
  });
  if (!response.ok) {
    response.discard();
    return { refused: `the token service answered HTTP ${response.status}`, status: response.status };
  }
  let body: unknown;
  try {
    body = await readJson(response, BODY_LIMITS.token);
  } catch (error) {
    return { refused: error instanceof BodyTooLargeError ? `the token service: ${error.message}` : 'the token service did not answer JSON' };
  }
  const { token, access_token: accessToken } = (body ?? {}) as { token?: unknown; access_token?: unknown };
  const value = typeof token === 'string' && token !== '' ? token : accessToken;
  if (typeof value !== 'string' || !TOKEN.test(value)) return { refused: 'the token service answered no usable token' };
  return { token: value };
}
