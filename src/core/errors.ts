// Typed errors: each carries a one-line message, a hint that names the fix, and a documented exit code.
// They are thrown where the problem is found (core, kube/, registry/) and printed only by main.ts.

/** Exit codes cg-debug itself uses. Any other code is the debug shell's or the command's own. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 64,
  config: 65,
  unreachable: 66,
  notFound: 67,
  notRunning: 68,
  forbidden: 69,
  podSecurity: 70,
  unsupported: 71,
  imagePull: 72,
  timeout: 73,
  containerFailed: 74,
  disconnected: 75,
  fileAccess: 76,
  configFile: 78,
  interrupted: 130,
} as const;
export type ExitCodeName = keyof typeof ExitCode;

export interface CgDebugErrorOptions {
  hint?: string;
  cause?: unknown;
}

export abstract class CgDebugError extends Error {
  abstract readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: CgDebugErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

/** Bad flags, arguments, image references or names: found before any API call. */
export class UsageError extends CgDebugError {
  readonly exitCode = ExitCode.usage;
}

/** kubeconfig missing or unreadable, context unknown, no current context. */
export class ConfigError extends CgDebugError {
  readonly exitCode = ExitCode.config;
}

/** cg-debug's own config file (CG_DEBUG_CONFIG, ~/.config/cg-debug/config.yaml) is unreadable or wrong. */
export class ConfigFileError extends CgDebugError {
  readonly exitCode = ExitCode.configFile;
}

/** The API server (or another endpoint that must answer) could not be reached. */
export class UnreachableError extends CgDebugError {
  readonly exitCode = ExitCode.unreachable;
}

/** A pod, workload, namespace or container that does not exist. */
export class NotFoundError extends CgDebugError {
  readonly exitCode = ExitCode.notFound;
}

/** The pod exists but is not Running, so nothing can be attached to it. */
export class NotRunningError extends CgDebugError {
  readonly exitCode = ExitCode.notRunning;
}

/** RBAC said no. `verb` and `resource` name the missing permission, e.g. patch pods/ephemeralcontainers. */
export class ForbiddenError extends CgDebugError {
  readonly exitCode = ExitCode.forbidden;
  constructor(
    message: string,
    readonly permission: { verb: string; resource: string; namespace?: string },
    options: CgDebugErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** Pod Security admission rejected the debug container. */
export class PodSecurityError extends CgDebugError {
  readonly exitCode = ExitCode.podSecurity;
  constructor(
    message: string,
    readonly violations: string[],
    options: CgDebugErrorOptions = {},
  ) {
    super(message, options);
  }
}

/** The cluster has no ephemeralcontainers subresource (too old, or disabled). */
export class UnsupportedError extends CgDebugError {
  readonly exitCode = ExitCode.unsupported;
}

/** The kubelet could not pull the debug image (ErrImagePull, ImagePullBackOff, InvalidImageName). */
export class ImagePullError extends CgDebugError {
  readonly exitCode = ExitCode.imagePull;
}

/** The debug container did not start in time. */
export class TimeoutError extends CgDebugError {
  readonly exitCode = ExitCode.timeout;
}

/** The debug container could not be created or started for a reason other than the image. */
export class ContainerFailedError extends CgDebugError {
  readonly exitCode = ExitCode.containerFailed;
}

/** The connection to the shell dropped while the debug container still runs. */
export class DisconnectedError extends CgDebugError {
  readonly exitCode = ExitCode.disconnected;
}

/** Ctrl-C, SIGTERM or SIGHUP before the shell took over the terminal. */
export class InterruptedError extends CgDebugError {
  readonly exitCode = ExitCode.interrupted;
}

/** cp or packages could not read or write a file: permission denied, disk full, a read-only place. */
export class FileAccessError extends CgDebugError {
  readonly exitCode = ExitCode.fileAccess;
}

export function isCgDebugError(error: unknown): error is CgDebugError {
  return error instanceof CgDebugError;
}
