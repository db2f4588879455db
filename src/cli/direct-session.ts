import type { TerminalIO } from '../kube/attach.js';
import { connect } from '../kube/client.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import type { SessionDeps } from '../session/debug-session.js';
import { sessionDeps } from '../session/session-deps.js';
import { stepPrinter } from '../session/print-steps.js';
import type { Connection } from './options.js';

/** What cp and packages share with direct mode: the kube client in session deps printing steps on stderr. */
export function directSessionDeps(
  options: { connection: Connection; quiet: boolean },
  io: Pick<TerminalIO, 'stderr'>,
  signal: AbortSignal,
): SessionDeps {
  const started = performance.now();
  const kube = connect(options.connection);
  const onStep = stepPrinter((line) => io.stderr.write(line), { quiet: options.quiet });
  return sessionDeps({ kube, signal, registryAuth: hostRegistryAuth(process.env) }, onStep, started);
}
