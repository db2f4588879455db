// Step three of a debug session: hand the terminal to a shell (or run the command) in the started
// container; attach where exec is forbidden. Only this step writes to the terminal itself.
import { DisconnectedError, InterruptedError } from '../core/errors.js';
import { shellStartCommand } from '../core/shell-start.js';
import { attachInteractive, execCommand, execInteractive } from '../kube/attach.js';
import { retryWhileStarting } from '../kube/exec-ready.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import { waitForExitCode } from '../kube/wait-container.js';
import type { DebugPlan, SessionDeps, StartedDebug } from './debug-types.js';
import { retryTarget, shellStartInput, stepper } from './session-steps.js';

/** Hands the terminal to the shell (or runs the command); resolves with the exit code. */
export async function connectDebug(
  deps: SessionDeps,
  plan: DebugPlan,
  started: StartedDebug,
  io: TerminalIO,
): Promise<number> {
  const { early } = started;
  // The one container every call below addresses.
  const container = { namespace: plan.namespace, pod: plan.podName, container: started.container };
  const where = {
    ...container,
    io,
    signal: deps.signal,
    ...(early ? { stdinAfter: early.running, onOutput: early.onOutput } : {}),
  };
  // A running container's exec is retried too: right after a kubelet restart the kubelet does not know
  // the pod until its first sync, and answers "pod does not exist" until --timeout at most.
  const retry =
    early?.retry ??
    retryWhileStarting({ failed: new Promise<never>(() => undefined), running: Promise.resolve(), signal: deps.signal, timeoutMs: plan.timeoutMs, target: retryTarget(plan, started.container) });
  const attempt = <T>(run: () => Promise<T>): Promise<T> => (early ? retry(run).finally(early.done) : retry(run));
  if (plan.command) {
    // --env KEY=VAL reaches the command in a copy too: `env` runs the copy's prefix with them.
    const command = withEnv(plan.env, [...(plan.copy?.commandPrefix ?? []), ...plan.command]);
    return attempt(() => execCommand(deps.kube, { ...where, command }));
  }
  const step = stepper(deps);
  const again = `run cg-debug -n ${plan.namespace} ${plan.podName} again for a new shell in it`;
  if (started.connectBy === 'exec') {
    step('attach', 'done', `shell in ${started.container}`);
    const command = withEnv(plan.env, plan.copy?.shellCommand ?? shellStartCommand(shellStartInput(plan.target, plan.importEnv)));
    const end = await attempt(() => execInteractive(deps.kube, { ...where, command }));
    if (end.kind === 'exited') return end.exitCode;
    io.stderr.write('\r\n');
    if (deps.signal.aborted) throw new InterruptedError(`interrupted; ${started.container} keeps running`, { hint: again });
    throw new DisconnectedError(`lost the connection to the shell in ${started.container} (${end.reason}); the container keeps running`, { hint: again });
  }
  step('attach', 'done', started.reused ? `reattached to ${started.container}: press Enter if no prompt shows` : `attaching to ${started.container}`);
  const end = await attachInteractive(deps.kube, { ...container, io, signal: deps.signal });
  if (end.kind === 'lost') {
    // The remote cursor may sit mid-line (at the shell's prompt): start the error on a line of its own.
    io.stderr.write('\r\n');
    const reattach = `run cg-debug -n ${plan.namespace} ${plan.podName} again to reattach`;
    if (deps.signal.aborted) throw new InterruptedError(`interrupted; ${started.container} keeps running`, { hint: reattach });
    throw new DisconnectedError(`lost the connection to ${started.container} (${end.reason}); it keeps running`, {
      hint: reattach,
    });
  }
  const code = await waitForExitCode(deps.kube, { ...container, timeoutMs: 5_000, signal: deps.signal });
  return code ?? 0;
}

/** `env -- KEY=VAL... COMMAND`: --env's variables for the exec'd process only (`--` ends env's options). */
function withEnv(env: readonly string[] | undefined, command: string[]): string[] {
  return env && env.length > 0 ? ['env', '--', ...env, ...command] : command;
}
