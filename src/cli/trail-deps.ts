import type { Kube } from '../kube/client.js';
import { kubeUser } from '../kube/self-subject.js';
import { appendAuditLine } from '../record/audit-log.js';
import { openCastFile, type CastFile } from '../record/cast-file.js';
import type { AuditDeps } from '../session/audit-trail.js';
import type { TrailDeps } from '../session/session-trail.js';
import type { TrailOptions } from './options.js';

export interface OpenTrail {
  deps: TrailDeps;
  /** Closes the recording if no session did (removing a file this run created and never wrote). */
  close(): void;
}

/**
 * The audit log of a run: who (asked only when there is a log), the kube context, and the append. An
 * audit log with no place to go (neither XDG_STATE_HOME nor HOME is absolute) fails each append, so
 * the run warns, as for a log that cannot be written.
 */
export function auditDeps(trail: TrailOptions, kube: Kube): AuditDeps {
  const { auditLog, auditUnavailable } = trail;
  const appendAudit =
    auditLog !== undefined
      ? (line: string) => appendAuditLine(auditLog, line)
      : auditUnavailable !== undefined
        ? () => {
            throw new Error(auditUnavailable);
          }
        : undefined;
  return { clock: Date.now, context: kube.context, whoAmI: () => kubeUser(kube), ...(appendAudit ? { appendAudit } : {}), onExit: processExitHook };
}

/** A second Ctrl-C ends the process at once (main.ts): Node still runs 'exit' listeners, synchronously. */
function processExitHook(flush: () => void): () => void {
  process.once('exit', flush);
  return () => process.removeListener('exit', flush);
}

/**
 * The audit log and the --record file of a run. The file is created here, before the pod is changed:
 * a path that cannot be written fails while nothing has happened.
 */
export function openTrail(trail: TrailOptions, kube: Kube, env: { TERM?: string | undefined }): OpenTrail {
  const cast: CastFile | undefined = trail.record ? openCastFile(trail.record.file, Date.now) : undefined;
  const deps: TrailDeps = {
    ...auditDeps(trail, kube),
    ...(cast && trail.record ? { record: { cast, input: trail.record.input, term: env.TERM } } : {}),
  };
  return {
    deps,
    close: () => {
      try {
        cast?.close();
      } catch {
        // The session's own close already warned; this one only cleans up after a run with no session.
      }
    },
  };
}
