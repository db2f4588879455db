// What every request to the API server carries beyond the kubeconfig's credentials: --as, --as-group and
// --as-uid impersonation, and the --request-timeout deadline. Installed on the KubeConfig once, where
// client-node builds every request: the generated API clients (applySecurityAuthentication), watches
// and the exec/attach websockets (applyToHTTPSOptions). Both go through applyOptions.
import type { KubeConfig } from '@kubernetes/client-node';
import { deadlineSignal } from '../timing/deadline-signal.js';

export interface Impersonation {
  /** Impersonate-User: the user every request acts as (RBAC and admission judge this user). */
  user: string;
  /** Impersonate-Group, once per group. */
  groups: readonly string[];
  /** Impersonate-Uid. */
  uid?: string;
}

export interface RequestPolicy {
  impersonate?: Impersonation;
  /** Each REST request is abandoned after this long (within the built-in per-request deadline). */
  requestTimeoutMs?: number;
}

type Headers = Record<string, string | string[] | number | undefined>;

interface RequestContextLike {
  getHeaders(): Record<string, string>;
  setSignal(signal: AbortSignal): void;
}

interface KubeConfigInternals {
  applyOptions(opts: { headers?: Headers }): Promise<void>;
  applySecurityAuthentication(context: RequestContextLike): Promise<void>;
}

const GROUP = 'Impersonate-Group';

/** The headers the policy adds to every request, whichever client sends it: impersonation, or none. */
export function policyHeaders({ impersonate }: RequestPolicy): Record<string, string | string[]> {
  if (impersonate === undefined) return {};
  return {
    'Impersonate-User': impersonate.user,
    ...(impersonate.groups.length > 0 ? { [GROUP]: [...impersonate.groups] } : {}),
    ...(impersonate.uid === undefined ? {} : { 'Impersonate-Uid': impersonate.uid }),
  };
}

/**
 * A kubeconfig's per-request fill (client-node's applyOptions, the light config's applyToHTTPSOptions)
 * followed by the policy's headers: after the kubeconfig's own, so --as wins over a kubeconfig user's
 * `as:`, as in kubectl. Unchanged when the policy adds no header.
 */
function withPolicyHeaders<O extends { headers?: Headers }>(apply: (opts: O) => Promise<void>, policy: RequestPolicy): (opts: O) => Promise<void> {
  const headers = policyHeaders(policy);
  if (Object.keys(headers).length === 0) return apply;
  return async (opts) => {
    await apply(opts);
    opts.headers = { ...opts.headers, ...headers };
  };
}

/**
 * The API server reads each Impersonate-Group header line as one group; a comma-joined line would be one
 * group named "a,b". The generated clients keep headers in a plain object of strings, which node-fetch
 * sends one line per key; an object that is also iterable is read as [name, value] pairs instead, so a
 * name can repeat.
 */
function repeatGroups(context: RequestContextLike, groups: readonly string[]): void {
  const headers = context.getHeaders();
  Reflect.deleteProperty(headers, GROUP);
  Object.defineProperty(headers, Symbol.iterator, {
    enumerable: false,
    configurable: true,
    value: function* pairs(): Generator<[string, string]> {
      for (const [name, value] of Object.entries(headers)) yield [name, value];
      for (const group of groups) yield [GROUP, group];
    },
  });
}

export function installRequestPolicy(kc: KubeConfig, policy: RequestPolicy): void {
  const internals = kc as unknown as KubeConfigInternals;
  const { impersonate, requestTimeoutMs } = policy;
  if (impersonate === undefined && requestTimeoutMs === undefined) return;
  internals.applyOptions = withPolicyHeaders(internals.applyOptions.bind(kc), policy);
  const applySecurity = internals.applySecurityAuthentication.bind(kc);
  internals.applySecurityAuthentication = async (context) => {
    await applySecurity(context);
    if (impersonate !== undefined && impersonate.groups.length > 0) repeatGroups(context, impersonate.groups);
    if (requestTimeoutMs !== undefined) {
      // The per-call middleware sets the caller's signal when the request is sent: bound it there too.
      const setSignal = context.setSignal.bind(context);
      context.setSignal = (signal) => setSignal(AbortSignal.any([signal, deadlineSignal(requestTimeoutMs)]));
    }
  };
}

/** The part of kubeconfig.ts's LightKubeConfig the policy wraps (a type only: no import cycle). */
interface LightConfigLike {
  applyToHTTPSOptions(opts: { headers?: Headers }): Promise<void>;
  fullConfig(): Promise<KubeConfig>;
}

/**
 * The same policy on the light kubeconfig: its applyToHTTPSOptions fills every REST request, watch and
 * exec socket, so the policy's headers are added there; the generated client it loads later gets
 * installRequestPolicy. The request timeout of the REST client is its own (rest.ts's
 * RestTarget.requestTimeoutMs).
 */
export function installLightRequestPolicy(kc: LightConfigLike, policy: RequestPolicy): void {
  if (policy.impersonate === undefined && policy.requestTimeoutMs === undefined) return;
  kc.applyToHTTPSOptions = withPolicyHeaders(kc.applyToHTTPSOptions.bind(kc), policy);
  const full = kc.fullConfig.bind(kc);
  let installed: Promise<KubeConfig> | undefined;
  kc.fullConfig = () =>
    (installed ??= full().then((config) => {
      installRequestPolicy(config, policy);
      return config;
    }));
}
