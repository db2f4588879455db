// Commands for data (cp, packages) run over exec in the session's debug container: plan it, refuse what
// cannot work before the pod is changed, start or reuse it, then hand out an exec bound to it.
import { Writable, type Readable } from 'node:stream';
import { FileAccessError, UsageError } from '../core/errors.js';
import { parseProbeOutput, probeCommand } from '../core/file-scripts.js';
import type { ProbePaths } from '../core/root-path.js';
import { execStream, type StreamExecResult } from '../kube/exec-stream.js';
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

export async function openDebugExec(deps: SessionDeps, request: DebugRequest, where: DebugWhere, needs: Needs): Promise<DebugExecSession> {
  const plan = await planDebug(deps, request, where);
  if (needs === 'target-files') checkCanReadTarget(plan);
  const started = await startDebug(deps, plan);
  const exec: DebugExec = (command, stdout, stdin) =>
    execStream(deps.kube, {
      namespace: plan.namespace,
      pod: plan.podName,
      container: started.container,
      command,
      stdout,
      ...(stdin === undefined ? {} : { stdin }),
      signal: deps.signal,
    });
  return { plan, started, exec };
}

/** A sink that keeps what a command prints, for scripts whose output is small. */
export function collect(): { sink: Writable; text: () => string; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink, text: () => Buffer.concat(chunks).toString('utf8'), bytes: () => Buffer.concat(chunks) };
}

/** Probes paths under the target's root from the debug container (one exec per call). */
export function targetProbe(exec: DebugExec): ProbePaths {
  return async (paths) => {
    const out = collect();
    const result = await exec(probeCommand(paths), out.sink);
    const probes = result.exitCode === 0 ? parseProbeOutput(out.text(), paths.length) : undefined;
    if (result.exitCode === 0 && probes) return probes;
    throw new FileAccessError("the debug container cannot read the target's files at /proc/1/root", {
      hint: "it must run as the app's user (the default), or as root with CAP_SYS_PTRACE (a privileged namespace)",
    });
  };
}
