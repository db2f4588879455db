import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { ConfigError } from '../core/errors.js';
import { checkClusterCA, checkServerScheme, serverForMessages } from './cluster-ca.js';
import { execCredentialAuth, installExecCredentialAuth, processPluginRunner, type PluginRunner } from './exec-credential.js';

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** -n; when absent, the context's namespace, else `default`. */
  namespace?: string;
}

/** A connected Kubernetes client: everything kube/ functions need, passed explicitly. */
export interface Kube {
  kc: KubeConfig;
  core: CoreV1Api;
  namespace: string;
  context: string;
  server: string;
}

/** Where kubeconfig comes from when --kubeconfig is not given; defaults to this process's environment. */
export interface KubeconfigEnv {
  /** The KUBECONFIG variable: a path list. */
  KUBECONFIG?: string;
  home?: string;
  /** True inside a pod with a service account token mounted. */
  inCluster?: boolean;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export function processKubeconfigEnv(): KubeconfigEnv {
  return {
    KUBECONFIG: process.env.KUBECONFIG,
    home: homedir(),
    inCluster: process.env.KUBERNETES_SERVICE_HOST !== undefined && existsSync(SERVICE_ACCOUNT_TOKEN),
  };
}

function readFile(path: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`cannot read kubeconfig ${path}: ${reason}`, {
      hint: 'check the file (kubectl config view --kubeconfig PATH) or pass another --kubeconfig',
      cause: error,
    });
  }
  resolvePluginCommands(kc, dirname(resolve(path)));
  return kc;
}

/**
 * As client-go does: an exec plugin command with a path separator that is not absolute names a file
 * relative to the kubeconfig file that holds it, never to the working directory (where anyone could put a
 * `./bin/auth.sh` that would then run with the operator's credentials, on TAB too). A bare name is looked
 * up on PATH.
 */
function resolvePluginCommands(kc: KubeConfig, dir: string): void {
  for (const user of kc.users) {
    const exec = user.exec as { command?: unknown } | undefined;
    if (exec && typeof exec.command === 'string' && exec.command.includes('/') && !isAbsolute(exec.command)) {
      exec.command = resolve(dir, exec.command);
    }
  }
}

/**
 * Merges kubeconfig files like kubectl: the first file that sets a name or the current context wins.
 * client-node's own merge throws on duplicate names and on missing files, which kubectl tolerates.
 */
function mergeFiles(paths: string[]): KubeConfig {
  const configs = paths.map(readFile);
  const first = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const item of lists.flat()) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: first(configs.map((c) => c.clusters)),
    users: first(configs.map((c) => c.users)),
    contexts: first(configs.map((c) => c.contexts)),
    currentContext: configs.map((c) => c.currentContext).find((name) => name) ?? '',
  });
  return merged;
}

const NO_KUBECONFIG_HINT = 'pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config';

function load(options: ConnectOptions, env: KubeconfigEnv): KubeConfig {
  if (options.kubeconfig) {
    if (!existsSync(options.kubeconfig)) {
      throw new ConfigError(`kubeconfig ${options.kubeconfig} does not exist`, { hint: NO_KUBECONFIG_HINT });
    }
    return readFile(options.kubeconfig);
  }
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter((path) => path !== '');
  if (listed.length > 0) {
    const existing = listed.filter((path) => existsSync(path));
    if (existing.length === 0) {
      throw new ConfigError(`none of the KUBECONFIG files exist: ${listed.join(delimiter)}`, { hint: NO_KUBECONFIG_HINT });
    }
    return mergeFiles(existing);
  }
  const home = env.home ? join(env.home, '.kube', 'config') : undefined;
  if (home && existsSync(home)) return readFile(home);
  if (env.inCluster) {
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return kc;
  }
  throw new ConfigError('no kubeconfig found', { hint: NO_KUBECONFIG_HINT });
}

function contextList(kc: KubeConfig): string {
  const names = kc.getContexts().map((c) => c.name);
  return names.length > 0 ? names.join(', ') : '(none)';
}

/** How exec credential plugins run; defaults to this process's environment and terminal. */
export interface CredentialPluginDeps {
  run: PluginRunner;
  stdinIsTTY: boolean;
  now: () => number;
  /** The first signal ends a plugin that is still running. */
  signal?: AbortSignal;
}

export function processPluginDeps(signal?: AbortSignal): CredentialPluginDeps {
  return { run: processPluginRunner(process.env), stdinIsTTY: process.stdin.isTTY === true, now: Date.now, ...(signal ? { signal } : {}) };
}

/** Loads kubeconfig (--kubeconfig, else KUBECONFIG merged, else ~/.kube/config); throws ConfigError. */
export function connect(
  options: ConnectOptions,
  env: KubeconfigEnv = processKubeconfigEnv(),
  plugins: CredentialPluginDeps = processPluginDeps(),
): Kube {
  const kc = load(options, env);
  installExecCredentialAuth(kc, execCredentialAuth(plugins));
  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      throw new ConfigError(`context "${options.context}" not found in kubeconfig`, {
        hint: `available contexts: ${contextList(kc)}`,
      });
    }
    kc.setCurrentContext(options.context);
  }
  const contextName = kc.getCurrentContext();
  const context = contextName ? kc.getContextObject(contextName) : null;
  if (!context) {
    throw new ConfigError(contextName ? `current context "${contextName}" is not defined` : 'kubeconfig has no current context', {
      hint: `pass --context NAME or run kubectl config use-context NAME (available: ${contextList(kc)})`,
    });
  }
  const cluster = kc.getCluster(context.cluster);
  if (!cluster?.server) {
    throw new ConfigError(`context "${context.name}" refers to cluster "${context.cluster}", which has no server`, {
      hint: 'fix the kubeconfig (kubectl config view) or pick another --context',
    });
  }
  checkServerScheme(cluster);
  checkClusterCA(cluster);
  let core: CoreV1Api;
  try {
    core = kc.makeApiClient(CoreV1Api);
  } catch (error) {
    throw new ConfigError(`cannot use context "${context.name}": ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'fix the kubeconfig (kubectl config view) or pick another --context',
      cause: error,
    });
  }
  return {
    kc,
    core,
    namespace: options.namespace || context.namespace || 'default',
    context: context.name,
    server: serverForMessages(cluster.server),
  };
}
