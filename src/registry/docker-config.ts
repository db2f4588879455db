// Where Docker's config.json says a registry's credentials are. Pure: reading the file and running
// helpers happen in docker-credentials.ts.

/** The parts of ~/.docker/config.json that say where credentials are. */
export interface DockerConfig {
  auths: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers: Record<string, string>;
}

/** How to get one registry's credentials; `source` names it for messages and never holds a secret. */
export type CredentialSource =
  | { kind: 'inline'; username: string; password: string; source: string }
  | { kind: 'helper'; helper: string; serverUrl: string; source: string };

const DOCKER_HUB_KEYS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

/** Throws a plain Error naming the problem when the text is not a config.json. */
export function parseDockerConfig(text: string): DockerConfig {
  const document: unknown = JSON.parse(text);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new Error('not a JSON object');
  const raw = document as Record<string, unknown>;
  const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  const auths: DockerConfig['auths'] = {};
  for (const [key, value] of Object.entries(record(raw.auths))) {
    const entry = record(value);
    const pick = (name: string) => (typeof entry[name] === 'string' ? { [name]: entry[name] } : {});
    auths[key] = { ...pick('auth'), ...pick('username'), ...pick('password'), ...pick('identitytoken') };
  }
  const credHelpers = Object.fromEntries(Object.entries(record(raw.credHelpers)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { auths, credHelpers, ...(typeof raw.credsStore === 'string' && raw.credsStore !== '' ? { credsStore: raw.credsStore } : {}) };
}

/** `https://index.docker.io/v1/`, `http://reg:5000/v2/`, `reg:5000` -> the host as image references name it. */
export function registryKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return DOCKER_HUB_KEYS.includes(host) ? 'docker.io' : host;
}

/** The server URL Docker passes to helpers for a registry (Docker Hub keeps its historic v1 URL). */
function serverUrlOf(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/** Decodes an `auths` entry; undefined when it holds no usable username and password. */
function inlineCredentials(entry: DockerConfig['auths'][string]): { username: string; password: string } | undefined {
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  return undefined;
}

/**
 * Where `registry`'s credentials are, in Docker's order: a `credHelpers` entry, then an `auths` entry
 * with a username and password, then the `credsStore`. Undefined: anonymous.
 */
export function credentialSourceFor(config: DockerConfig, registry: string, configPath: string): CredentialSource | undefined {
  const wanted = registryKey(registry);
  const helper = Object.entries(config.credHelpers).find(([key]) => registryKey(key) === wanted)?.[1];
  if (helper) return { kind: 'helper', helper, serverUrl: serverUrlOf(wanted), source: `docker-credential-${helper} (credHelpers in ${configPath})` };
  for (const [key, entry] of Object.entries(config.auths)) {
    if (registryKey(key) !== wanted) continue;
    const credentials = inlineCredentials(entry);
    if (credentials) return { kind: 'inline', ...credentials, source: `auths["${key}"] in ${configPath}` };
  }
  if (config.credsStore) {
    return { kind: 'helper', helper: config.credsStore, serverUrl: serverUrlOf(wanted), source: `docker-credential-${config.credsStore} (credsStore in ${configPath})` };
  }
  return undefined;
}
