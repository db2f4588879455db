import { hostAnswerCache } from '../registry/answer-cache.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import { auditTrail, type AuditTrail } from '../session/audit-trail.js';
import type { SessionDeps } from '../session/debug-session.js';
import { sessionDeps } from '../session/session-deps.js';
import { stepPrinter } from '../session/print-steps.js';
import type { Connection, TrailOptions } from './options.js';
import type { Output } from './output.js';
import { auditDeps } from './trail-deps.js';
import { connectKube } from './kube-connect.js';

/**
 * What cp and packages share with direct mode: the kube client in session deps printing steps on
 * stderr, and the run's audit trail.
 */
export function directSessionDeps(
  options: { connection: Connection; quiet: boolean; trail: TrailOptions },
  out: Pick<Output, 'note'>,
  signal: AbortSignal,
): { deps: SessionDeps; audit: AuditTrail } {
  const started = performance.now();
  const kube = connectKube(options.connection, signal);
  const onStep = stepPrinter((line) => out.note(line), { quiet: options.quiet });
  return {
    deps: sessionDeps({ kube, signal, registryAuth: hostRegistryAuth(process.env), registryCache: hostAnswerCache(process.env) }, onStep, started),
    audit: auditTrail(auditDeps(options.trail, kube)),
  };
}
