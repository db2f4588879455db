// Kubeconfig without the whole Kubernetes client. client-node's KubeConfig imports its generated API (1.6 MB
// of code that every run would read and compile); this reads the same files with the same parsing
// (js-yaml and client-node's own config_types) and applies the credentials direct mode needs: certificates,
// tokens, basic auth, exec plugins (exec-credential.ts) and the in-cluster token file. Anything else (the
// oidc, azure and gcp auth providers, proxy-url) is handed to client-node's KubeConfig, loaded on first use.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https, { type RequestOptions } from 'node:https';
import path from 'node:path';
import yaml from 'js-yaml';
import type { Cluster, Context, KubeConfig, User } from '@kubernetes/client-node';
// Only the kubeconfig types' parsers: the package index would load the generated API too.
import { exportCluster, exportContext, exportUser, newClusters, newContexts, newUsers } from '@kubernetes/client-node/dist/config_types.js';
import type { Authenticator } from './exec-credential.js';

/** The parsed, merged kubeconfig: the same shape as client-node's loadFromOptions takes. */
export interface KubeconfigOptions {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext: string;
}

/**
 * What a request or a websocket needs from the kubeconfig, as client-node's applyToHTTPSOptions fills
 * https.RequestOptions: TLS material, the Authorization header, basic auth (a proxy's agent).
 */
export type HttpsOptions = RequestOptions;

/** Reads one kubeconfig file as client-node does: YAML, then its parsers, relative file paths made absolute. */
export function readKubeconfigFile(file: string): KubeconfigOptions {
  const obj = (yaml.load(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  if (typeof obj !== 'object') throw new Error('the file is not a YAML mapping');
  const root = path.dirname(file);
  const absolute = (p: string | undefined) => (p === undefined || path.isAbsolute(p) ? p : path.join(root, p));
  const clusters = newClusters(obj.clusters).map((c) => (c.caFile ? { ...c, caFile: absolute(c.caFile) } : c));
  const users = newUsers(obj.users).map((u) => ({
    ...u,
    ...(u.certFile ? { certFile: absolute(u.certFile) } : {}),
    ...(u.keyFile ? { keyFile: absolute(u.keyFile) } : {}),
  }));
  const current = obj['current-context'];
  return { clusters, users, contexts: newContexts(obj.contexts), currentContext: typeof current === 'string' ? current : '' };
}

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The in-cluster configuration, as client-node's loadFromCluster builds it. */
export function inClusterOptions(env: NodeJS.ProcessEnv = process.env): KubeconfigOptions {
  const host = env.KUBERNETES_SERVICE_HOST ?? '';
  const port = env.KUBERNETES_SERVICE_PORT ?? '';
  const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    clusters: [{ name: 'inCluster', caFile: `${SERVICE_ACCOUNT_DIR}/ca.crt`, server, skipTLSVerify: false }],
    users: [{ name: 'inClusterUser', authProvider: { name: 'tokenFile', config: { tokenFile: `${SERVICE_ACCOUNT_DIR}/token` } } }],
    contexts: [{ cluster: 'inCluster', name: 'inClusterContext', user: 'inClusterUser' }],
    currentContext: 'inClusterContext',
  };
}

function fileOrData(file: string | undefined, data: string | undefined): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}

/** The token file of an auth provider (the in-cluster one), when that is all it is. */
function tokenFileOf(user: User): string | undefined {
  const provider = user.authProvider as { name?: string; config?: { tokenFile?: unknown; exec?: unknown } } | undefined;
  const file = provider?.config?.tokenFile;
  return typeof file === 'string' ? file : undefined;
}

/**
 * Whether this user or cluster needs client-node's own code: an auth provider other than a token file or an
 * exec plugin (oidc, azure, gcp), or a proxy.
 */
export function needsFullClient(user: User | null, cluster: Cluster | null): boolean {
  if (cluster?.proxyUrl) return true;
  const provider = user?.authProvider as { config?: { exec?: unknown } } | undefined;
  return provider !== undefined && tokenFileOf(user as User) === undefined && provider.config?.exec === undefined;
}

/**
 * The kubeconfig, with the parts of client-node's KubeConfig API that cg-debug and client-node's exec and
 * attach streams use. Contexts, clusters and users are the parsed objects, read-only.
 */
export class LightKubeConfig {
  readonly clusters: Cluster[];
  readonly users: User[];
  readonly contexts: Context[];
  private current: string;
  private full: Promise<KubeConfig> | undefined;
  /**
   * One keep-alive pool for the session's requests and its exec and attach upgrades: an exec then reuses
   * a connection whose TLS handshake a request already paid for. It pools by the TLS options too.
   */
  private readonly agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

  constructor(
    options: KubeconfigOptions,
    /** Runs exec plugins (and caches their credentials); also installed in the full KubeConfig. */
    private readonly execAuth: Authenticator,
  ) {
    this.clusters = options.clusters;
    this.users = options.users;
    this.contexts = options.contexts;
    this.current = options.currentContext;
  }

  options(): KubeconfigOptions {
    return { clusters: this.clusters, users: this.users, contexts: this.contexts, currentContext: this.current };
  }

  /** The configuration as a kubeconfig file's JSON, as client-node's exportConfig writes it. */
  exportConfig(): string {
    return JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: this.clusters.map(exportCluster),
      users: this.users.map(exportUser),
      contexts: this.contexts.map(exportContext),
      preferences: {},
      'current-context': this.current,
    });
  }

  getContexts(): Context[] {
    return this.contexts;
  }
  getCurrentContext(): string {
    return this.current;
  }
  setCurrentContext(name: string): void {
    this.current = name;
  }
  getContextObject(name: string): Context | null {
    return this.contexts.find((c) => c.name === name) ?? null;
  }
  getCluster(name: string): Cluster | null {
    return this.clusters.find((c) => c.name === name) ?? null;
  }
  getUser(name: string): User | null {
    return this.users.find((u) => u.name === name) ?? null;
  }
  getCurrentCluster(): Cluster | null {
    const context = this.getContextObject(this.current);
    return context ? this.getCluster(context.cluster) : null;
  }
  getCurrentUser(): User | null {
    const context = this.getContextObject(this.current);
    return context ? this.getUser(context.user) : null;
  }

  /** client-node's KubeConfig for the same configuration and context, with our exec plugin runner; loaded once. */
  fullConfig(): Promise<KubeConfig> {
    this.full ??= (async () => {
      const [{ KubeConfig }, { installExecCredentialAuth }] = await Promise.all([import('./full-client.js'), import('./exec-credential.js')]);
      const kc = new KubeConfig();
      kc.loadFromOptions(this.options());
      installExecCredentialAuth(kc, this.execAuth);
      return kc;
    })();
    return this.full;
  }

  /** Fills TLS options and credentials for one request, as client-node's applyToHTTPSOptions does. */
  async applyToHTTPSOptions(opts: HttpsOptions): Promise<void> {
    const user = this.getCurrentUser();
    const cluster = this.getCurrentCluster();
    if (needsFullClient(user, cluster)) {
      await (await this.fullConfig()).applyToHTTPSOptions(opts as Parameters<KubeConfig['applyToHTTPSOptions']>[0]);
      return;
    }
    opts.agent = cluster?.server.startsWith('http:') ? this.agents.http : this.agents.https;
    if (!user) return;
    if (cluster?.skipTLSVerify) opts.rejectUnauthorized = false;
    if (cluster?.tlsServerName) opts.servername = cluster.tlsServerName;
    const ca = cluster ? fileOrData(cluster.caFile, cluster.caData) : undefined;
    if (ca) opts.ca = ca;
    const cert = fileOrData(user.certFile, user.certData);
    if (cert) opts.cert = cert;
    const key = fileOrData(user.keyFile, user.keyData);
    if (key) opts.key = key;
    const headers = (opts.headers ??= {}) as Record<string, string | string[] | number | undefined>;
    if (user.impersonateUser != null) headers['Impersonate-User'] = user.impersonateUser;
    if (this.execAuth.isAuthProvider(user)) await this.execAuth.applyAuthentication(user, opts as Parameters<Authenticator['applyAuthentication']>[1]);
    const tokenFile = tokenFileOf(user);
    const withAuth = opts.headers as Record<string, string | string[] | number | undefined>;
    // Read on every request: the kubelet rotates a projected service account token in place.
    if (tokenFile) withAuth.Authorization = `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`;
    if (user.token) withAuth.Authorization = `Bearer ${user.token}`;
    if (user.username) opts.auth = `${user.username}:${user.password ?? ''}`;
  }
}
