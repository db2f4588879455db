import type { TerminalIO } from '../terminal/terminal-io.js';
import { connect } from '../kube/client.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import { auditTrail, type AuditTrail } from '../session/audit-trail.js';
import type { SessionDeps } from '../session/debug-session.js';
import { sessionDeps } from '../session/session-deps.js';
import { stepPrinter } from '../session/print-steps.js';
import type { Connection, TrailOptions } from './options.js';
import { auditDeps } from './trail-deps.js';

/**
 * What cp and packages share with direct mode: the kube client in session deps printing steps on
 * stderr, and the run's audit trail.
 */
export function directSessionDeps(
  options: { connection: Connection; quiet: boolean; trail: TrailOptions },
  io: Pick<TerminalIO, 'stderr'>,
  signal: AbortSignal,
): { deps: SessionDeps; audit: AuditTrail } {
  const started = performance.now();
  const kube = connect(options.connection);
  const onStep = stepPrinter((line) => io.stderr.write(line), { quiet: options.quiet });
  return {
    deps: sessionDeps({ kube, signal, registryAuth: hostRegistryAuth(process.env) }, onStep, started),
    audit: auditTrail(auditDeps(options.trail, kube)),
  };
}
