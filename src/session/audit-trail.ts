// The audit log's one line per run that touched a pod (a debug container added, or a command exec'd into
// one), written the same way for shells, commands, cp, packages and stop: the run says what it did to
// which pod; the trail adds who (asked once, when the run starts), the context, when and for how long.
import { auditLine, imageDigest, type AuditAction, type AuditEntry } from '../core/audit-entry.js';
import { ExitCode, isCgDebugError } from '../core/errors.js';
import type { KubeUser } from '../kube/self-subject.js';
import type { DebugPlan, SessionDeps, StartedDebug } from './debug-session.js';

export interface AuditDeps {
  /** Wall clock in milliseconds since the epoch. */
  clock: () => number;
  context: string;
  /** The kube user, asked for once when the run starts; called only when there is an audit log. */
  whoAmI: () => Promise<KubeUser>;
  /** Appends one line to the audit log (throws on failure); absent: the audit log is off. */
  appendAudit?: (line: string) => void;
  /**
   * Registers `flush` to run synchronously if the process exits before the run's line is written (a
   * second Ctrl-C exits at once); returns the unregistration. Absent: no such exit path.
   */
  onExit?: (flush: () => void) => () => void;
}

/** What a run did, and to which pod; the trail fills in the rest of the line. */
export type AuditFacts = Omit<AuditEntry, 'time' | 'user' | 'userSource' | 'context' | 'durationMs' | 'recorded' | 'recordFile'> &
  Partial<Pick<AuditEntry, 'recorded' | 'recordFile'>>;

/** Where a warning goes: the run's steps. */
export type StepSink = Pick<SessionDeps, 'onStep' | 'now'>;

export interface AuditTrail {
  /** The session deps, with the trail told when startDebug adds a container (a failure after that is audited). */
  track(deps: SessionDeps): SessionDeps;
  /** A debug container was added by this run. */
  readonly added: boolean;
  /** Writes the run's line, once: later calls do nothing. A log that cannot be written is a warning step. */
  write(sink: StepSink, facts: AuditFacts): Promise<void>;
  /**
   * The run's facts so far, once planned (`entered: false`) and again as it execs into its container
   * (`entered: true`): should the process exit before write() (a second Ctrl-C exits at once), the line is
   * still written then, with exit code 130, when the run had added a container or entered one.
   */
  touching(facts: AuditFacts, progress: { entered: boolean }): void;
}

/** The audit trail of one run, starting now. */
export function auditTrail(deps: AuditDeps): AuditTrail {
  const startedAt = deps.clock();
  const user = deps.appendAudit ? deps.whoAmI() : undefined;
  // Known by the time a shell runs, usually: an exit path cannot wait for it.
  let known: KubeUser = { name: null, source: null };
  void user?.then((who) => (known = who), () => undefined);
  let added = false;
  let written = false;
  let pending: AuditFacts | undefined;
  // write() has the run's own exit code: the exit path then writes that rather than 130.
  let closing = false;
  let entered = false;
  let unregister: (() => void) | undefined;
  const line = (who: KubeUser, facts: AuditFacts): string => {
    // Keys in the order the README lists them: what the run did sits between who and how it ended.
    const { action, exitCode, recorded, recordFile, ...what } = facts;
    const entry: AuditEntry = {
      time: new Date(startedAt).toISOString(),
      action,
      user: who.name,
      userSource: who.source,
      context: deps.context,
      ...what,
      durationMs: Math.max(0, Math.round(deps.clock() - startedAt)),
      exitCode,
      recorded: recorded ?? false,
      recordFile: recordFile ?? null,
    };
    return auditLine(entry);
  };
  return {
    touching(facts, progress) {
      if (!deps.appendAudit || written || closing) return;
      pending = facts;
      entered ||= progress.entered;
      unregister ??= deps.onExit?.(() => {
        if (written || !pending || !deps.appendAudit || !(entered || added || closing)) return;
        written = true;
        try {
          deps.appendAudit(line(known, closing ? pending : { ...pending, exitCode: ExitCode.interrupted }));
        } catch {
          // Exiting: there is no one left to warn.
        }
      });
    },
    track: (deps) => ({
      ...deps,
      onAdded: (container) => {
        added = true;
        deps.onAdded?.(container);
      },
    }),
    get added() {
      return added;
    },
    async write(sink, facts) {
      if (!deps.appendAudit || !user || written || closing) return;
      closing = true;
      pending = facts;
      const who = await user;
      // The process may have exited meanwhile, its exit path writing the line.
      if (written) return;
      written = true;
      unregister?.();
      try {
        deps.appendAudit(line(who, facts));
      } catch (error) {
        sink.onStep({ id: 'audit', status: 'warn', message: `could not append to the audit log (${failureReason(error)}); the run itself is unaffected`, at: sink.now() });
      }
    },
  };
}

/**
 * Runs `run` and writes the trail's line however it ends: `factsFor` gets the exit code (the run's own
 * when it resolves with a number, 0 for another value, the error's when it throws) and whether it
 * resolved, and answers the line's facts, or undefined when the run touched no pod.
 */
export async function audited<T>(
  trail: AuditTrail,
  sink: StepSink,
  run: () => Promise<T>,
  factsFor: (end: { exitCode: number; ok: boolean }) => AuditFacts | undefined,
): Promise<T> {
  let end = { exitCode: 1, ok: false };
  try {
    const value = await run();
    end = { exitCode: typeof value === 'number' ? value : 0, ok: true };
    return value;
  } catch (error) {
    end = { exitCode: exitCodeOf(error), ok: false };
    throw error;
  } finally {
    const facts = factsFor(end);
    if (facts) await trail.write(sink, facts);
  }
}

/** The run's exit code for an error: a cg-debug error's own, else 1. */
export function exitCodeOf(error: unknown): number {
  return isCgDebugError(error) ? error.exitCode : 1;
}

/**
 * The line's fields for a run in a planned debug container: the pod, target, container, image and
 * security. `started` is absent when the run failed before it had a container to use.
 */
export function planFacts(
  action: AuditAction,
  plan: DebugPlan,
  outcome: { started?: StartedDebug; added: boolean; exitCode: number },
): AuditFacts {
  const { started } = outcome;
  const container = started?.container ?? plan.reuse?.name ?? plan.container?.name ?? null;
  const image = plan.reuse ? plan.reuse.image : (plan.container?.image ?? null);
  return {
    action,
    namespace: plan.namespace,
    pod: plan.podName,
    target: plan.target.container,
    container,
    added: started ? !started.reused : outcome.added,
    image,
    imageDigest: imageDigest(plan.reuse ? (plan.reuse.imageID ?? plan.reuse.image) : (image ?? undefined)) ?? imageDigest(plan.image.pinned),
    profile: plan.security.applied,
    uid: plan.security.uid ?? null,
    ...(plan.command ? { command: plan.command } : {}),
    ...(plan.copy ? { copyOf: plan.copy.original } : {}),
    ...(plan.importEnv ? { importEnv: true as const } : {}),
    ...(plan.volumes ? { mountVolumes: plan.volumes.mounts.some((m) => !m.readOnly) ? ('rw' as const) : ('ro' as const) } : {}),
    exitCode: outcome.exitCode,
  };
}

/** A local file failure in a few words: its system code (ENOSPC, EACCES...), else its message. */
export function failureReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}
