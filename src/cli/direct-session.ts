import type { TerminalIO } from '../kube/attach.js';
import { connect, type Kube } from '../kube/client.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import type { DebugRequest, SessionDeps } from '../session/debug-session.js';
import { sessionDeps } from '../session/session-deps.js';
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
  const onStep = stepPrinter((line) => io.stderr.write(line), { quiet: options.quiet });
  const deps = sessionDeps({ kube, signal, registryAuth: hostRegistryAuth(process.env) }, onStep, started);
  return { kube, deps, request };
}
