// Commands for data (cp, packages) run over exec in the session's debug container: plan it, refuse what
// cannot work before the pod is changed, start or reuse it, then hand out an exec bound to it. The run
// is audited once it touched the pod (a container added, or an exec into one), however it ends.
import { Writable, type Readable } from 'node:stream';
import { FileAccessError, UsageError } from '../core/errors.js';
import { parseProbeOutput, probeCommand } from '../core/file-scripts.js';
import type { ProbePaths } from '../core/root-path.js';
import { execStream, type StreamExecResult } from '../kube/exec-stream.js';
import { audited, planFacts, type AuditFacts, type AuditTrail } from './audit-trail.js';
import { planDebug, startDebug, type DebugPlan, type DebugRequest, type DebugWhere, type SessionDeps, type StartedDebug } from './debug-session.js';

/** Runs one command in the debug container: stdout to `stdout`, stdin from `stdin` when given. */
export type DebugExec = (command: string[], stdout: Writable, stdin?: Readable) => Promise<StreamExecResult>;

export interface DebugExecSession {
  plan: DebugPlan;
  started: StartedDebug;
  exec: DebugExec;
}

/** What the commands need from the target: its files (through /proc/1/root), or only the debug container. */
export type Needs = 'target-files' | 'debug-container';

/** Refuses, before anything changes, a plan whose debug container could not read the target's files. */
export function checkCanReadTarget(plan: DebugPlan): void {
  if (plan.target.shareProcessNamespace) {
    throw new UsageError(`pod ${plan.podName} shares one PID namespace: /proc/1/root is the pause container's, not ${plan.target.container}'s`, {
      hint: `find the app's PID in a shell (cg-debug ${plan.podName}, then ps) and read /proc/<pid>/root there`,
    });
  }
  if (plan.security.abilities.readAppFiles === 'no') {
    throw new FileAccessError(`the debug container could not read ${plan.target.container}'s files: ${plan.security.abilities.readAppFilesWhy}`, {
      hint: 'leave out --as-root and --profile so the debug container runs as the app\'s user',
    });
  }
}

/** Where and how to open the debug exec. */
export interface DebugExecRequest {
  request: DebugRequest;
  where: DebugWhere;
  needs: Needs;
}

/** The run as the audit log names it: its action, what it did besides (cp's paths), and the trail. */
export interface DebugExecAudit {
  trail: AuditTrail;
  action: 'cp' | 'packages';
  facts?: Pick<AuditFacts, 'copy'>;
}

/** Opens the debug exec and runs `use` with it; resolves with `use`'s exit code, audited either way. */
export async function withDebugExec(
  deps: SessionDeps,
  open: DebugExecRequest,
  audit: DebugExecAudit,
  use: (session: DebugExecSession) => Promise<number>,
): Promise<number> {
  const session = audit.trail.track(deps);
  let plan: DebugPlan | undefined;
  let started: StartedDebug | undefined;
  let execd = false;
  const run = async (): Promise<number> => {
    plan = await planDebug(session, open.request, open.where);
    if (open.needs === 'target-files') checkCanReadTarget(plan);
    const facts = (entered: StartedDebug | undefined) => ({ ...planFacts(audit.action, plan as DebugPlan, { ...(entered ? { started: entered } : {}), added: audit.trail.added, exitCode: 130 }), ...audit.facts });
    audit.trail.touching(facts(undefined), { entered: false });
    started = await startDebug(session, plan);
    audit.trail.touching(facts(started), { entered: true });
    const { container } = started;
    const { namespace, podName } = plan;
    const exec: DebugExec = (command, stdout, stdin) => {
      execd = true;
      return execStream(deps.kube, { namespace, pod: podName, container, command, stdout, ...(stdin === undefined ? {} : { stdin }), signal: deps.signal });
    };
    return use({ plan, started, exec });
  };
  return audited(audit.trail, session, run, ({ exitCode }) =>
    plan && (execd || audit.trail.added) ? { ...planFacts(audit.action, plan, { ...(started ? { started } : {}), added: audit.trail.added, exitCode }), ...audit.facts } : undefined,
  );
}

/** What collect() keeps by default: the scripts' own output (probes, paths) is a few lines. */
export const COLLECT_LIMIT = 1024 * 1024;

export interface Collected {
  sink: Writable;
  text: () => string;
  bytes: () => Buffer;
  /** True when the command printed more than the limit: what it printed is then incomplete, and unusable. */
  overflowed: () => boolean;
}

/**
 * A sink that keeps what a command prints, for scripts whose output is small. The pod decides how much
 * that is: past `limit` bytes the rest is read and dropped (memory stays bounded, the command still
 * ends), and overflowed() says so.
 */
export function collect(limit = COLLECT_LIMIT): Collected {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (size + chunk.length > limit) overflow = true;
      else {
        chunks.push(chunk);
        size += chunk.length;
      }
      callback();
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString('utf8'), bytes: () => Buffer.concat(chunks), overflowed: () => overflow };
}

/** Probes paths under the target's root from the debug container (one exec per call). */
export function targetProbe(exec: DebugExec): ProbePaths {
  return async (paths) => {
    const out = collect();
    const result = await exec(probeCommand(paths), out.sink);
    const probes = result.exitCode === 0 && !out.overflowed() ? parseProbeOutput(out.text(), paths.length) : undefined;
    if (result.exitCode === 0 && probes) return probes;
    throw new FileAccessError("the debug container cannot read the target's files at /proc/1/root", {
      hint: "it must run as the app's user (the default), or as root with CAP_SYS_PTRACE (a privileged namespace)",
    });
  };
}
