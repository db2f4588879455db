// kubeconfig exec credential plugins (users[].user.exec: gke-gcloud-auth-plugin, aws eks get-token,
// kubelogin...), run the way kubectl runs them and in place of client-node's ExecAuth, which captured the
// plugin's stderr (a device-code login then waited invisibly), never connected stdin, had no deadline,
// reported every failure as an unreachable server, and ran the plugin again for every request when the
// credential had no expiry.
import type { KubeConfig, User } from '@kubernetes/client-node';
import { ConfigError, InterruptedError } from '../core/errors.js';
import { boundProcessGroup } from '../proc/process-group.js';

/** client-node's Authenticator interface, which its package index does not export. */
export type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];

/** users[].user.exec, as far as cg-debug reads it. */
export interface ExecConfig {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  apiVersion?: string;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  installHint?: string;
}

export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** Milliseconds since the epoch; absent: valid until the process ends (as client-go caches it). */
  expiresAt?: number;
}

/** How one run of a plugin ended. */
export interface PluginRun {
  stdout: string;
  exitCode?: number;
  timedOut: boolean;
  aborted: boolean;
  notFound: boolean;
}

export type PluginRunner = (exec: ExecConfig, options: { interactive: boolean; timeoutMs: number; signal?: AbortSignal }) => Promise<PluginRun>;

/** A plugin that may ask the user something (a device code, a password) gets minutes; others a minute. */
export const INTERACTIVE_PLUGIN_TIMEOUT_MS = 5 * 60_000;
export const PLUGIN_TIMEOUT_MS = 60_000;
/** A credential this close to its expiry is fetched again rather than sent and rejected. */
const EXPIRY_SKEW_MS = 10_000;

/** Pure: the credential in a plugin's stdout (an ExecCredential object), or why there is none. */
export function parseExecCredential(stdout: string): ExecCredential | { problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(stdout);
  } catch {
    return { problem: 'its output is not JSON' };
  }
  const status = (body as { status?: Record<string, unknown> } | null)?.status;
  if (typeof status !== 'object' || status === null) return { problem: 'its output has no status' };
  const text = (key: string): string | undefined => (typeof status[key] === 'string' && status[key] !== '' ? (status[key] as string) : undefined);
  const credential: ExecCredential = {};
  const token = text('token');
  const cert = text('clientCertificateData');
  const key = text('clientKeyData');
  if (token) credential.token = token;
  if (cert && key) {
    credential.clientCertificateData = cert;
    credential.clientKeyData = key;
  }
  if (!credential.token && !credential.clientCertificateData) return { problem: 'its output has neither a token nor a client certificate and key' };
  const expiry = text('expirationTimestamp');
  if (expiry !== undefined) {
    const at = Date.parse(expiry);
    if (Number.isNaN(at)) return { problem: `its expirationTimestamp ${JSON.stringify(expiry.slice(0, 40))} is not a time` };
    credential.expiresAt = at;
  }
  return credential;
}

/** Pure: whether a cached credential can still be sent at `now`. */
export function isFresh(credential: ExecCredential, now: number): boolean {
  return credential.expiresAt === undefined || credential.expiresAt - EXPIRY_SKEW_MS > now;
}

function execConfigOf(user: User): ExecConfig | undefined {
  const exec: unknown = user.exec ?? (user.authProvider as { config?: { exec?: unknown } } | undefined)?.config?.exec;
  return typeof exec === 'object' && exec !== null ? (exec as ExecConfig) : undefined;
}

function commandLine(exec: ExecConfig): string {
  return [exec.command, ...(exec.args ?? [])].join(' ');
}

export interface ExecCredentialDeps {
  run: PluginRunner;
  now: () => number;
  /** Whether stdin is a terminal the plugin may read. */
  stdinIsTTY: boolean;
  signal?: AbortSignal;
}

/** The Authenticator that replaces client-node's ExecAuth (see installExecCredentialAuth). */
export function execCredentialAuth(deps: ExecCredentialDeps): Authenticator {
  // One entry per kubeconfig user; concurrent requests share one run of the plugin.
  const cache = new Map<string, { pending: Promise<ExecCredential>; credential?: ExecCredential }>();

  const fetch = async (user: User, exec: ExecConfig): Promise<ExecCredential> => {
    const where = `the credential plugin ${JSON.stringify(exec.command)} of kubeconfig user ${JSON.stringify(user.name)}`;
    const hint = `run it yourself to see why: ${commandLine(exec)}; or fix users[].user.exec in the kubeconfig`;
    if (typeof exec.command !== 'string' || exec.command === '') throw new ConfigError(`kubeconfig user ${JSON.stringify(user.name)} has an exec plugin without a command`, { hint: 'fix users[].user.exec.command in the kubeconfig' });
    const mode = exec.interactiveMode ?? 'IfAvailable';
    if (mode === 'Always' && !deps.stdinIsTTY) {
      throw new ConfigError(`${where} needs a terminal to ask you something, and stdin is not one`, { hint: `log in from a terminal first: ${commandLine(exec)}` });
    }
    const interactive = mode !== 'Never' && deps.stdinIsTTY;
    const timeoutMs = interactive ? INTERACTIVE_PLUGIN_TIMEOUT_MS : PLUGIN_TIMEOUT_MS;
    const run = await deps.run(exec, { interactive, timeoutMs, ...(deps.signal ? { signal: deps.signal } : {}) });
    if (run.aborted) throw new InterruptedError(`interrupted while ${where} ran`);
    if (run.notFound) {
      const install = exec.installHint?.split('\n').find((line) => line.trim() !== '')?.trim();
      throw new ConfigError(`${where} is not installed (not found on PATH)`, { hint: install ?? 'install it, or fix users[].user.exec.command in the kubeconfig' });
    }
    if (run.timedOut) throw new ConfigError(`${where} did not finish within ${Math.round(timeoutMs / 1000)}s`, { hint });
    if (run.exitCode !== 0) throw new ConfigError(`${where} failed (exit ${run.exitCode ?? 'unknown'}); its messages are above`, { hint });
    const parsed = parseExecCredential(run.stdout);
    if ('problem' in parsed) throw new ConfigError(`${where} gave no usable credential: ${parsed.problem}`, { hint });
    return parsed;
  };

  const credentialFor = async (user: User, exec: ExecConfig): Promise<ExecCredential> => {
    const entry = cache.get(user.name);
    if (entry && (entry.credential === undefined || isFresh(entry.credential, deps.now()))) return entry.pending;
    const pending = fetch(user, exec);
    const fresh: { pending: Promise<ExecCredential>; credential?: ExecCredential } = { pending };
    cache.set(user.name, fresh);
    try {
      fresh.credential = await pending;
      return fresh.credential;
    } catch (error) {
      // A failed run is not cached: the next request asks again.
      if (cache.get(user.name) === fresh) cache.delete(user.name);
      throw error;
    }
  };

  return {
    isAuthProvider: (user) => execConfigOf(user) !== undefined,
    async applyAuthentication(user, opts) {
      const exec = execConfigOf(user);
      if (!exec) return;
      const credential = await credentialFor(user, exec);
      const target = opts as { cert?: string; key?: string; headers?: Record<string, string | string[] | number | undefined> };
      if (credential.clientCertificateData && credential.clientKeyData) {
        target.cert = credential.clientCertificateData;
        target.key = credential.clientKeyData;
      }
      if (credential.token) target.headers = { ...target.headers, Authorization: `Bearer ${credential.token}` };
    },
  };
}

/** The real runner: stderr to our stderr, stdin from our terminal when interactive, a deadline. */
export function processPluginRunner(env: Record<string, string | undefined>): PluginRunner {
  return async (exec, { interactive, timeoutMs, signal }) => {
    const execInfo = JSON.stringify({ apiVersion: exec.apiVersion, kind: 'ExecCredential', spec: { interactive } });
    // execa is evaluated only when a kubeconfig really has a plugin: most runs never need it.
    const { execa } = await import('execa');
    const subprocess = execa(exec.command, exec.args ?? [], {
      env: { ...env, ...Object.fromEntries((exec.env ?? []).map((e) => [e.name, e.value])), KUBERNETES_EXEC_INFO: execInfo },
      extendEnv: false,
      stdin: interactive ? 'inherit' : 'ignore',
      stdout: 'pipe',
      stderr: 'inherit',
      reject: false,
      // A plugin that reads the terminal must stay in its foreground process group (else SIGTTIN stops
      // it); one that does not gets a group of its own, killed whole at the deadline.
      detached: !interactive,
    });
    const bound = boundProcessGroup(subprocess, timeoutMs, signal, !interactive);
    const result = await subprocess.finally(bound.release);
    const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    return {
      stdout: String(result.stdout ?? ''),
      ...(result.exitCode === undefined ? {} : { exitCode: result.exitCode }),
      timedOut: bound.timedOut(),
      aborted: bound.aborted(),
      notFound: code === 'ENOENT',
    };
  };
}

// Only client-node's ExecAuth claims a user that has nothing but `exec`.
const EXEC_ONLY_USER: User = { name: 'exec-probe', exec: { command: 'probe' } };

/**
 * Puts `auth` in place of client-node's ExecAuth. Its built-in authenticators are consulted before any
 * added one and are private, so the list is replaced: ours first, ExecAuth (the only one that claims an
 * exec-only user; class names do not survive bundling) removed.
 */
export function installExecCredentialAuth(kc: KubeConfig, auth: Authenticator): void {
  const internals = kc as unknown as { authenticators: Authenticator[] };
  internals.authenticators = [auth, ...internals.authenticators.filter((a) => !a.isAuthProvider(EXEC_ONLY_USER))];
}
