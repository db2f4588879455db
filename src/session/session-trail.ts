// What a session leaves behind: its --record cast file and one line in the audit log. Shared by plain
// mode and the TUI, so both record and audit the same way. The audit line is written for every session
// that touched the pod (a container added, or a shell or command exec'd into one), however it ended.
import { auditLine, imageDigest, type AuditAction, type AuditEntry } from '../core/audit-entry.js';
import { isCgDebugError } from '../core/errors.js';
import type { OnStep } from '../core/steps.js';
import type { TerminalIO } from '../kube/attach.js';
import type { KubeUser } from '../kube/self-subject.js';
import type { CastFile } from '../record/cast-file.js';
import { recordingTerminal } from '../record/recording-terminal.js';
import { connectDebug, type DebugPlan, type SessionDeps, type StartedDebug } from './debug-session.js';

export interface TrailDeps {
  /** Wall clock in milliseconds since the epoch. */
  clock: () => number;
  context: string;
  /** The kube user, asked for once when the session starts; called only when there is an audit log. */
  whoAmI: () => Promise<KubeUser>;
  /** Appends one line to the audit log (throws on failure); absent: the audit log is off. */
  appendAudit?: (line: string) => void;
  /** --record: the cast file, already created; the terminal's TERM goes into its header. */
  record?: { cast: CastFile; input: boolean; term: string | undefined };
}

export interface SessionTrail {
  /** Passes steps on, noting when the pod got its debug container (a failure after that is audited). */
  watch(onStep: OnStep): OnStep;
  /** connectDebug with the terminal teed into the recording; the audit line follows, whatever the end. */
  connect(deps: SessionDeps, plan: DebugPlan, started: StartedDebug, io: TerminalIO): Promise<number>;
  /** A session that failed before connect: audited when its container was already added. */
  failed(deps: Pick<SessionDeps, 'onStep' | 'now'>, plan: DebugPlan | undefined, error: unknown): Promise<void>;
}

/** The trail of one session, starting now. */
export function sessionTrail(deps: TrailDeps): SessionTrail {
  const startedAt = deps.clock();
  const user = deps.appendAudit ? deps.whoAmI() : undefined;
  let added = false;
  let audited = false;

  const audit = async (
    session: Pick<SessionDeps, 'onStep' | 'now'>,
    facts: { plan: DebugPlan; started?: StartedDebug; exitCode: number },
  ): Promise<void> => {
    if (!deps.appendAudit || !user || audited) return;
    audited = true;
    const entry = auditEntry({ ...facts, startedAt, endedAt: deps.clock(), context: deps.context, user: await user, added, ...(deps.record ? { recordFile: deps.record.cast.path } : {}), recorded: deps.record?.cast.started ?? false });
    try {
      deps.appendAudit(auditLine(entry));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      session.onStep({ id: 'audit', status: 'warn', message: `could not append to the audit log (${code}); the session itself is unaffected`, at: session.now() });
    }
  };

  return {
    watch: (onStep) => (step) => {
      if (step.id === 'patch' && step.status === 'done') added = true;
      onStep(step);
    },
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
      try {
        exitCode = await connectDebug(session, plan, started, recording?.io ?? io);
        return exitCode;
      } catch (error) {
        exitCode = exitCodeOf(error);
        throw error;
      } finally {
        recording?.stop();
        closeCast(session, record?.cast);
        await audit(session, { plan, started, exitCode });
      }
    },
    async failed(session, plan, error) {
      closeCast(session, deps.record?.cast);
      if (plan && added) await audit(session, { plan, exitCode: exitCodeOf(error) });
    },
  };
}

/** Closes the recording; a failure to finish it is a warning, never the session's error. */
function closeCast(session: Pick<SessionDeps, 'onStep' | 'now'>, cast: CastFile | undefined): void {
  try {
    cast?.close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    session.onStep({ id: 'record', status: 'warn', message: `could not finish the recording ${cast?.path ?? ''} (${code})`, at: session.now() });
  }
}

function exitCodeOf(error: unknown): number {
  return isCgDebugError(error) ? error.exitCode : 1;
}

interface AuditFacts {
  plan: DebugPlan;
  started?: StartedDebug;
  exitCode: number;
  startedAt: number;
  endedAt: number;
  context: string;
  user: KubeUser;
  added: boolean;
  recorded: boolean;
  recordFile?: string;
}

/** The audit line's fields from the plan and how the session went. */
export function auditEntry(facts: AuditFacts): AuditEntry {
  const { plan } = facts;
  const action: AuditAction = plan.command ? 'command' : 'shell';
  const container = facts.started?.container ?? plan.reuse?.name ?? plan.container?.name ?? null;
  const image = plan.reuse ? plan.reuse.image : (plan.container?.image ?? null);
  return {
    time: new Date(facts.startedAt).toISOString(),
    action,
    user: facts.user.name,
    userSource: facts.user.source,
    context: facts.context,
    namespace: plan.namespace,
    pod: plan.podName,
    target: plan.target.container,
    container,
    added: facts.started ? !facts.started.reused : facts.added,
    image,
    imageDigest: imageDigest(plan.reuse ? (plan.reuse.imageID ?? plan.reuse.image) : (image ?? undefined)) ?? imageDigest(plan.image.pinned),
    profile: plan.security.applied,
    uid: plan.security.uid ?? null,
    ...(plan.command ? { command: plan.command } : {}),
    durationMs: Math.max(0, Math.round(facts.endedAt - facts.startedAt)),
    exitCode: facts.exitCode,
    recorded: facts.recorded,
    recordFile: facts.recordFile ?? null,
  };
}
