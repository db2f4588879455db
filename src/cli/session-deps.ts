import type { TerminalIO } from '../kube/attach.js';
import { connect, type Kube } from '../kube/client.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import { DEFAULT_REGISTRY_TIMEOUT_MS } from '../registry/resolve-dev-image.js';
import type { DebugRequest, SessionDeps } from '../session/debug-session.js';
import { stepPrinter } from '../session/print-steps.js';
import type { Connection, RequestBase } from './options.js';

export interface DirectSession {
  kube: Kube;
  deps: SessionDeps;
  request: DebugRequest;
}

/**
 * What cp and packages share with direct mode: the kube client, the request completed with the
 * context's namespace, and session deps printing steps on stderr.
 */
export function directSession(
  options: { connection: Connection; request: RequestBase; target?: string; quiet: boolean },
  podArg: string,
  io: Pick<TerminalIO, 'stderr'>,
  signal: AbortSignal,
): DirectSession {
  const started = performance.now();
  const kube = connect(options.connection);
  const request: DebugRequest = {
    ...options.request,
    namespace: kube.namespace,
    podArg,
    ...(options.target === undefined ? {} : { target: options.target }),
  };
  const deps: SessionDeps = {
    kube,
    onStep: stepPrinter((line) => io.stderr.write(line), { quiet: options.quiet }),
    signal,
    random: Math.random,
    now: () => Math.round(performance.now() - started),
    registryTimeoutMs: DEFAULT_REGISTRY_TIMEOUT_MS,
    registryAuth: hostRegistryAuth(process.env, DEFAULT_REGISTRY_TIMEOUT_MS),
  };
  return { kube, deps, request };
}
