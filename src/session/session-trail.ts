// What a session leaves behind: its --record cast file and one line in the audit log. Shared by plain
// mode and the TUI, so both record and audit the same way. The audit line is written for every session
// that touched the pod (a container added, or a shell or command exec'd into one), however it ended.
import type { OnStep } from '../core/steps.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import type { CastFile } from '../record/cast-file.js';
import { recordingTerminal } from '../record/recording-terminal.js';
import { auditTrail, exitCodeOf, failureReason, planFacts, type AuditDeps, type StepSink } from './audit-trail.js';
import { connectDebug, type DebugPlan, type SessionDeps, type StartedDebug } from './debug-session.js';

export interface TrailDeps extends AuditDeps {
  /** --record: the cast file, already created; the terminal's TERM goes into its header. */
  record?: { cast: CastFile; input: boolean; term: string | undefined };
}

export interface SessionTrail {
  /** Passes steps on, noting when the pod got its debug container (a failure after that is audited). */
  watch(onStep: OnStep): OnStep;
  /** connectDebug with the terminal teed into the recording; the audit line follows, whatever the end. */
  connect(session: SessionDeps, plan: DebugPlan, started: StartedDebug, io: TerminalIO): Promise<number>;
  /**
   * A session that failed before connect: audited when its container was already added. The recording
   * stays open (the picker may start another session into it); its opener closes it.
   */
  failed(sink: StepSink, plan: DebugPlan | undefined, error: unknown): Promise<void>;
}

/** The trail of one session, starting now. */
export function sessionTrail(deps: TrailDeps): SessionTrail {
  const audit = auditTrail(deps);
  const action = (plan: DebugPlan) => (plan.command ? 'command' : 'shell');
  return {
    watch: (onStep) => audit.watch(onStep),
    async connect(session, plan, started, io) {
      const record = deps.record;
      const recording = record
        ? recordingTerminal(io, record.cast, {
            input: record.input,
            title: `cg-debug ${plan.namespace}/${plan.podName} ${started.container}`,
            env: { TERM: record.term },
            ...(plan.command ? { command: plan.command.join(' ') } : {}),
          })
        : undefined;
      let exitCode: number = 1;
      audit.touching({ ...planFacts(action(plan), plan, { started, added: audit.added, exitCode: 130 }), recorded: record !== undefined, recordFile: record?.cast.path ?? null }, { entered: true });
      try {
        exitCode = await connectDebug(session, plan, started, recording?.io ?? io);
        return exitCode;
      } catch (error) {
        exitCode = exitCodeOf(error);
        throw error;
      } finally {
        recording?.stop();
        closeCast(session, record?.cast);
        await audit.write(session, {
          ...planFacts(action(plan), plan, { started, added: audit.added, exitCode }),
          recorded: record?.cast.started ?? false,
          recordFile: record?.cast.path ?? null,
        });
      }
    },
    async failed(session, plan, error) {
      if (plan && audit.added) {
        await audit.write(session, { ...planFacts(action(plan), plan, { added: true, exitCode: exitCodeOf(error) }), recordFile: deps.record?.cast.path ?? null });
      }
    },
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
