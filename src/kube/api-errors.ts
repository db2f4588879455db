// Maps whatever the Kubernetes client threw (ApiException, node-fetch/system errors, websocket handshake
// failures, watch errors) to one typed error that says what failed and how to fix it. Pure: no I/O.
import {
  CgDebugError,
  ConfigError,
  ForbiddenError,
  InterruptedError,
  NotFoundError,
  PodSecurityError,
  UnreachableError,
  UnsupportedError,
  UsageError,
} from '../core/errors.js';
import { systemErrorCode } from '../core/system-error.js';
import { profilesAdmittedBy, type PodSecurityLevel } from '../core/profiles.js';

/** What was being done when the error happened: enough to name the missing permission or object. */
export interface ApiAction {
  verb: string;
  /** e.g. `pods`, `pods/ephemeralcontainers`, `deployments`. */
  resource: string;
  namespace?: string;
  name?: string;
  /** API server URL, for unreachable errors. */
  server?: string;
  /** The kubeconfig context, for credential errors. */
  context?: string;
  /** The container being added, to tell its Pod Security violations from older containers'. */
  container?: string;
  /**
   * The caller's abort signal. A request aborted while it is not aborted ran out of its own deadline
   * (the server never answered); aborted with it, the user interrupted.
   */
  signal?: AbortSignal | undefined;
  /** The deadline the request had, for the message. */
  timeoutMs?: number;
}

/** The parts of a metav1.Status that the mapping reads. */
export interface ApiStatus {
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; kind?: string; causes?: { reason?: string; message?: string; field?: string }[] };
}

export interface PodSecurityRejection {
  level: PodSecurityLevel | undefined;
  /** e.g. `privileged (container "x" must not set securityContext.privileged=true)`. */
  violations: string[];
  /** Containers named in the violations, in order of first mention. */
  containers: string[];
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** node-fetch's AbortError, a DOM AbortError or TimeoutError, ws's "aborted" handshake. */
function isAbort(error: unknown): boolean {
  return isRecord(error) && (error.name === 'AbortError' || error.name === 'TimeoutError' || error.type === 'aborted');
}

/** The HTTP status the server answered with, if it answered at all. */
export function httpStatusOf(error: unknown): number | undefined {
  if (!isRecord(error)) return undefined;
  if (typeof error.code === 'number') return error.code;
  if (typeof error.statusCode === 'number') return error.statusCode;
  // `ws` handshake failure: "Unexpected server response: 403".
  const match = typeof error.message === 'string' ? /Unexpected server response: (\d{3})/.exec(error.message) : null;
  return match?.[1] ? Number(match[1]) : undefined;
}

/** The Status object from an error body: ApiException bodies are JSON text, watch ERROR events objects. */
export function parseStatus(body: unknown): ApiStatus | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() === '' ? undefined : { message: body.trim() };
    }
  }
  if (!isRecord(value)) return undefined;
  return value as ApiStatus;
}

/** Splits on `, ` outside parentheses and quotes: violation texts contain both. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && ch === ',' && text[i + 1] === ' ') {
      parts.push(text.slice(start, i).trim());
      start = i + 2;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.filter((part) => part !== '');
}

/** Containers named in a violation: `container "a"`, `containers "a", "b"`, `pod or container "a"`. */
function containersNamed(violation: string): string[] {
  const names: string[] = [];
  for (const match of violation.matchAll(/containers? ((?:"[^"]*"(?:, | and )?)+)/g)) {
    for (const quoted of (match[1] ?? '').matchAll(/"([^"]*)"/g)) {
      if (quoted[1] !== undefined) names.push(quoted[1]);
    }
  }
  return names;
}

/** Parses a Pod Security admission rejection; undefined when the message is not one. */
export function parsePodSecurityMessage(message: string): PodSecurityRejection | undefined {
  const match = /violates PodSecurity "([a-z]+)(?::[^"]*)?":\s*(.*)$/s.exec(message);
  if (!match) return undefined;
  const level = match[1] === 'privileged' || match[1] === 'baseline' || match[1] === 'restricted' ? match[1] : undefined;
  const violations = splitTopLevel((match[2] ?? '').trim());
  const containers = [...new Set(violations.flatMap(containersNamed))];
  return { level, violations, containers };
}

function profileHint(level: PodSecurityLevel | undefined): string {
  if (!level) return 'use --profile auto to fit the namespace Pod Security level';
  const profiles = profilesAdmittedBy(level);
  if (profiles.length === 0) return `no debug profile passes Pod Security "${level}"; ask for a less strict namespace`;
  return `use ${profiles.map((p) => `--profile ${p}`).join(' or ')}`;
}

export function podSecurityError(rejection: PodSecurityRejection, action: ApiAction, cause?: unknown, subject = 'the debug container'): PodSecurityError {
  const where = action.namespace ? ` in namespace ${action.namespace}` : '';
  const level = rejection.level ?? 'unknown';
  let message = `Pod Security "${level}"${where} rejected ${subject}: ${rejection.violations.join('; ')}`;
  let hint = profileHint(rejection.level);
  const others = action.container ? rejection.containers.filter((name) => name !== action.container) : [];
  if (others.length > 0) {
    // Admission re-validates every ephemeral container on each patch, so an old privileged debug container
    // (or an app container admitted before the label was set) blocks every new one; no profile helps.
    message += ` (also names ${others.map((n) => `"${n}"`).join(', ')}, not the new container)`;
    hint +=
      `; Pod Security checks every container of the pod on each patch, so ${others.map((n) => `"${n}"`).join(', ')}` +
      ' blocks new debug containers: debug a fresh pod (e.g. restart the workload)';
  }
  return new PodSecurityError(message, rejection.violations, { hint, cause });
}

function forbiddenUser(message: string | undefined): string | undefined {
  const match = message ? /User "([^"]+)" cannot/.exec(message) : null;
  return match?.[1];
}

function notFoundMessage(action: ApiAction): string {
  const kind = action.resource.split('/')[0] ?? action.resource;
  const singular = kind.endsWith('s') ? kind.slice(0, -1) : kind;
  const name = action.name ? ` "${action.name}"` : '';
  const where = action.namespace ? ` in namespace ${action.namespace}` : '';
  return `${singular}${name} not found${where}`;
}

function unreachable(action: ApiAction, reason: string, cause: unknown): UnreachableError {
  const server = action.server ?? 'the API server';
  return new UnreachableError(`cannot reach ${server} (${reason})`, {
    hint: 'check --context / kubeconfig, VPN, and that the cluster is up',
    cause,
  });
}

/**
 * One typed error for any failure of an API call. Already-typed errors pass through unchanged.
 * A 404 on a subresource means the subresource is missing (old cluster) unless the Status names the pod.
 */
export function toKubeError(error: unknown, action: ApiAction): CgDebugError {
  if (error instanceof CgDebugError) return error;
  if (isAbort(error)) {
    if (action.signal?.aborted) {
      return new InterruptedError(`interrupted while trying to ${action.verb} ${action.resource}`, { cause: error });
    }
    const within = action.timeoutMs === undefined ? '' : ` within ${Math.round(action.timeoutMs / 100) / 10}s`;
    return new UnreachableError(`${action.server ?? 'the API server'} did not answer${within} to ${action.verb} ${action.resource}`, {
      hint: 'the server accepts connections but does not answer: check the control plane (kubectl get --raw /readyz), the VPN or proxy',
      cause: error,
    });
  }

  const status = httpStatusOf(error);
  if (status === undefined) {
    const code = systemErrorCode(error);
    if (code && TLS_CODES.has(code)) return unreachable(action, `TLS: ${code}`, error);
    if (code && (NETWORK_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
      return unreachable(action, code, error);
    }
    const text = error instanceof Error ? error.message : String(error);
    if (/certificate|self[- ]signed|TLS|SSL/i.test(text)) return unreachable(action, text, error);
    return unreachable(action, text.split('\n')[0] ?? 'unknown error', error);
  }

  const body = isRecord(error) ? parseStatus(error.body) : undefined;
  const message = body?.message;

  switch (status) {
    case 401:
      return new ConfigError(
        `${action.server ?? 'the API server'} rejected the credentials${action.context ? ` of context ${action.context}` : ''} (expired or invalid)`,
        { hint: 'log in again or refresh the credentials in your kubeconfig (kubectl get pods should work first)', cause: error },
      );
    case 403: {
      const rejection = message ? parsePodSecurityMessage(message) : undefined;
      if (rejection) return podSecurityError(rejection, action, error);
      const ns = action.namespace;
      const user = forbiddenUser(message);
      return new ForbiddenError(
        `cannot ${action.verb} ${action.resource}${ns ? ` in namespace ${ns}` : ''}${user ? ` (as ${user})` : ''}`,
        { verb: action.verb, resource: action.resource, namespace: ns },
        { hint: `ask for RBAC: kubectl auth can-i ${action.verb} ${action.resource}${ns ? ` -n ${ns}` : ''}`, cause: error },
      );
    }
    case 404: {
      const isSubresource = action.resource.includes('/');
      const namesObject = body?.details?.name !== undefined && body.details.name !== '';
      if (isSubresource && !namesObject) {
        return new UnsupportedError(`the cluster has no ${action.resource} API`, {
          hint: 'ephemeral containers need Kubernetes 1.25+ (kubectl version)',
          cause: error,
        });
      }
      const kind = action.resource.split('/')[0] ?? action.resource;
      return new NotFoundError(notFoundMessage(action), {
        hint: `kubectl get ${kind}${action.namespace ? ` -n ${action.namespace}` : ''}`,
        cause: error,
      });
    }
    case 400:
    case 409:
    case 422:
      return new UsageError(`the API refused to ${action.verb} ${action.resource}: ${message ?? `HTTP ${status}`}`, {
        hint: 'check the container name, image and command; if they look right, report this message as a cg-debug bug',
        cause: error,
      });
    default:
      return new UnreachableError(
        `${action.server ?? 'the API server'} answered HTTP ${status} to ${action.verb} ${action.resource}${message ? `: ${message}` : ''}`,
        { hint: 'retry; if it persists, check the control plane (kubectl get --raw /readyz)', cause: error },
      );
  }
}
