// What a session leaves behind: its --record cast file and one line in the audit log. Shared by plain
// mode and the TUI, so both record and audit the same way. The audit line is written for every session
// that touched the pod (a container added, or a shell or command exec'd into one), however it ended.
import type { TerminalIO } from '../terminal/terminal-io.js';
import type { CastFile } from '../record/cast-file.js';
import { recordingTerminal } from '../record/recording-terminal.js';
import { audited, auditTrail, failureReason, planFacts, type AuditDeps, type StepSink } from './audit-trail.js';
import { connectDebug, startDebug, type DebugPlan, type SessionDeps, type StartedDebug, type StartOptions } from './debug-session.js';

export interface TrailDeps extends AuditDeps {
  /** --record: the cast file, already created; the terminal's TERM goes into its header. */
  record?: { cast: CastFile; input: boolean; term: string | undefined };
}

export interface SessionTrail {
  /**
   * startDebug, audited when it fails after adding the container. The recording stays open (the picker
   * may start another session into it); its opener closes it.
   */
  start(session: SessionDeps, plan: DebugPlan, options?: StartOptions): Promise<StartedDebug>;
  /** connectDebug with the terminal teed into the recording; the audit line follows, whatever the end. */
  connect(session: SessionDeps, plan: DebugPlan, started: StartedDebug, io: TerminalIO): Promise<number>;
}

/** A started session and how to connect to it, with the trail (if any) that audits it. */
export interface SessionRun {
  started: StartedDebug;
  connect(session: SessionDeps, io: TerminalIO): Promise<number>;
}

/** The trail of one session, starting now. */
export function sessionTrail(deps: TrailDeps): SessionTrail {
  const audit = auditTrail(deps);
  const action = (plan: DebugPlan) => (plan.command ? 'command' : 'shell');
  return {
    start(session, plan, options) {
      const tracked = audit.track(session);
      return audited(audit, session, () => startDebug(tracked, plan, options), ({ exitCode, ok }) =>
        !ok && audit.added ? { ...planFacts(action(plan), plan, { added: true, exitCode }), recordFile: deps.record?.cast.path ?? null } : undefined,
      );
    },
    connect(session, plan, started, io) {
      const record = deps.record;
      const recording = record
        ? recordingTerminal(io, record.cast, {
            input: record.input,
            title: `cg-debug ${plan.namespace}/${plan.podName} ${started.container}`,
            env: { TERM: record.term },
            ...(plan.command ? { command: plan.command.join(' ') } : {}),
          })
        : undefined;
      // Should the process exit mid-shell (a second Ctrl-C), the line is still written, with exit 130.
      audit.touching({ ...planFacts(action(plan), plan, { started, added: audit.added, exitCode: 130 }), recorded: record !== undefined, recordFile: record?.cast.path ?? null }, { entered: true });
      const run = async () => {
        try {
          return await connectDebug(session, plan, started, recording?.io ?? io);
        } finally {
          recording?.stop();
          closeCast(session, record?.cast);
        }
      };
      return audited(audit, session, run, ({ exitCode }) => ({
        ...planFacts(action(plan), plan, { started, added: audit.added, exitCode }),
        recorded: record?.cast.started ?? false,
        recordFile: record?.cast.path ?? null,
      }));
    },
  };
}

/** The session run after startDebug: connected through the trail when there is one. */
export function sessionRun(plan: DebugPlan, started: StartedDebug, trail: SessionTrail | undefined): SessionRun {
  return {
    started,
    connect: (session, io) => (trail ? trail.connect(session, plan, started, io) : connectDebug(session, plan, started, io)),
  };
}

/** Closes the recording; a failure to finish it is a warning, never the session's error. */
function closeCast(session: StepSink, cast: CastFile | undefined): void {
  try {
    cast?.close();
  } catch (error) {
    session.onStep({ id: 'record', status: 'warn', message: `could not finish the recording ${cast?.path ?? ''} (${failureReason(error)})`, at: session.now() });
  }
}
