import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import type { CoreV1Api } from '@kubernetes/client-node';
import { ConfigError } from '../core/errors.js';
import { checkClusterCA, checkServerScheme, serverForMessages } from './cluster-ca.js';
import { execCredentialAuth, processPluginRunner, type Authenticator, type PluginRunner } from './exec-credential.js';
import { inClusterOptions, LightKubeConfig, readKubeconfigFile, type KubeconfigOptions } from './kubeconfig.js';
import { restClient, type RestClient } from './rest.js';

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** -n; when absent, the context's namespace, else `default`. */
  namespace?: string;
}

/**
 * A connected Kubernetes client: everything kube/ functions need, passed explicitly. A session's calls go
 * through `rest` (rest.ts); `core` is client-node's generated client, loaded on its first call by the
 * commands that still use it (doctor, ls, the picker's lists), so direct mode never loads it.
 */
export interface Kube {
  kc: LightKubeConfig;
  rest: RestClient;
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

function readFile(path: string): KubeconfigOptions {
  let options: KubeconfigOptions;
  try {
    options = readKubeconfigFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`cannot read kubeconfig ${path}: ${reason}`, {
      hint: 'check the file (kubectl config view --kubeconfig PATH) or pass another --kubeconfig',
      cause: error,
    });
  }
  resolvePluginCommands(options, dirname(resolve(path)));
  return options;
}

/**
 * As client-go does: an exec plugin command with a path separator that is not absolute names a file
 * relative to the kubeconfig file that holds it, never to the working directory (where anyone could put a
 * `./bin/auth.sh` that would then run with the operator's credentials, on TAB too). A bare name is looked
 * up on PATH.
 */
function resolvePluginCommands(options: KubeconfigOptions, dir: string): void {
  for (const user of options.users) {
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
function mergeFiles(paths: string[]): KubeconfigOptions {
  const configs = paths.map(readFile);
  const first = <T extends { name: string }>(lists: T[][]): T[] => {
    const seen = new Map<string, T>();
    for (const item of lists.flat()) if (!seen.has(item.name)) seen.set(item.name, item);
    return [...seen.values()];
  };
  return {
    clusters: first(configs.map((c) => c.clusters)),
    users: first(configs.map((c) => c.users)),
    contexts: first(configs.map((c) => c.contexts)),
    currentContext: configs.map((c) => c.currentContext).find((name) => name) ?? '',
  };
}

const NO_KUBECONFIG_HINT = 'pass --kubeconfig PATH, set KUBECONFIG, or create ~/.kube/config';

function load(options: ConnectOptions, env: KubeconfigEnv): KubeconfigOptions {
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
  if (env.inCluster) return inClusterOptions();
  throw new ConfigError('no kubeconfig found', { hint: NO_KUBECONFIG_HINT });
}

function contextList(kc: LightKubeConfig): string {
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

/**
 * client-node's CoreV1Api, loaded with the package on its first call. Every method of the generated client
 * returns a promise, so a stand-in whose methods wait for the real one is used the same way.
 */
function lazyCore(kc: LightKubeConfig, contextName: string): CoreV1Api {
  let core: Promise<CoreV1Api> | undefined;
  const load = () =>
    (core ??= (async () => {
      const { CoreV1Api } = await import('./full-client.js');
      try {
        return (await kc.fullConfig()).makeApiClient(CoreV1Api);
      } catch (error) {
        throw new ConfigError(`cannot use context "${contextName}": ${error instanceof Error ? error.message : String(error)}`, {
          hint: 'fix the kubeconfig (kubectl config view) or pick another --context',
          cause: error,
        });
      }
    })());
  return new Proxy({} as CoreV1Api, {
    // Not a thenable: `await kube.core` must not call through.
    get: (_target, name) => (name === 'then' ? undefined : (...args: unknown[]) => load().then((c) => (c as unknown as Record<string | symbol, (...a: unknown[]) => unknown>)[name]?.(...args))),
  });
}

/** A client for the kubeconfig's current context (already checked), in `namespace`. */
export function kubeFor(kc: LightKubeConfig, namespace: string | undefined): Kube {
  const contextName = kc.getCurrentContext();
  const context = kc.getContextObject(contextName);
  const cluster = context ? kc.getCluster(context.cluster) : null;
  if (!context || !cluster) throw new Error(`context "${contextName}" has no cluster`);
  return {
    kc,
    rest: restClient({ server: cluster.server, applyToHTTPSOptions: (opts) => kc.applyToHTTPSOptions(opts) }),
    core: lazyCore(kc, context.name),
    namespace: namespace || context.namespace || 'default',
    context: context.name,
    server: serverForMessages(cluster.server),
  };
}

/** A client from kubeconfig objects already parsed (tests' loopback servers). */
export function kubeFromOptions(options: KubeconfigOptions, namespace?: string, execAuth: Authenticator = execCredentialAuth(processPluginDeps())): Kube {
  return kubeFor(new LightKubeConfig(options, execAuth), namespace);
}

/** Loads kubeconfig (--kubeconfig, else KUBECONFIG merged, else ~/.kube/config); throws ConfigError. */
export function connect(
  options: ConnectOptions,
  env: KubeconfigEnv = processKubeconfigEnv(),
  plugins: CredentialPluginDeps = processPluginDeps(),
): Kube {
  const kc = new LightKubeConfig(load(options, env), execCredentialAuth(plugins));
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
  return kubeFor(kc, options.namespace);
}
