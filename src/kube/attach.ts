import { fstatSync, statSync } from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import type { V1Status } from '@kubernetes/client-node';
import { Attach } from '@kubernetes/client-node/dist/attach.js';
import { ContainerFailedError, DisconnectedError, InterruptedError } from '../core/errors.js';
import { notReadyError, statusRefusal } from './exec-ready.js';
import { connectError, endFrom, handlerFor, openExecSocket, socketEnd, streamConfig, type AttachEnd, type StreamSocket, type StreamTarget } from './exec-socket.js';
import { guardedSocket, HANDSHAKE_TIMEOUT_MS, type GuardedSocket } from './guarded-socket.js';
import type { Kube } from './client.js';
import type { TerminalIO } from '../terminal/terminal-io.js';

export interface AttachOptions {
  namespace: string;
  pod: string;
  container: string;
  io: TerminalIO;
  signal?: AbortSignal;
  /** The opening handshake's deadline (default HANDSHAKE_TIMEOUT_MS). */
  handshakeTimeoutMs?: number;
}

/** Forwards to a caller's stream without ever ending it: the client ends its stdout when a stream closes. */
function forwardTo(target: NodeJS.WritableStream, onData?: () => void): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      onData?.();
      target.write(chunk);
      callback();
    },
  });
}

/** A stdout stand-in that reports the terminal's size; resize events are forwarded by the caller. */
function resizableOutput(stdout: NodeJS.WriteStream, onData?: () => void): Writable {
  const out = forwardTo(stdout, onData);
  Object.defineProperty(out, 'columns', { get: () => stdout.columns });
  Object.defineProperty(out, 'rows', { get: () => stdout.rows });
  return out;
}

/**
 * Interactive attach with a TTY: raw mode, resize, Ctrl-C passed to the shell. The terminal is restored
 * on every path (exit, error, SIGTERM, SIGHUP, lost connection) before the promise settles.
 */
export async function attachInteractive(kube: Kube, options: AttachOptions): Promise<AttachEnd> {
  const { io, signal } = options;
  if (signal?.aborted) return { kind: 'lost', reason: 'interrupted' };

  const stdin = new PassThrough();
  const stdout = io.stdout.isTTY ? resizableOutput(io.stdout) : forwardTo(io.stdout);
  const stderr = forwardTo(io.stderr);
  const guard = guardedSocket({ signal, handshakeTimeoutMs: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS });
  const handler = handlerFor(kube, guard, stdin, stdout, stderr);

  let socket: StreamSocket;
  try {
    // The client sends the first terminal size right after connecting (the launcher in the container
    // waits for that SIGWINCH before it prints its banner), then one per 'resize' on stdout.
    socket = (await new Attach(streamConfig(kube), handler).attach(options.namespace, options.pod, options.container, stdout, null, stdin, true)) as StreamSocket;
  } catch (error) {
    guard.dispose();
    throw connectError(error, kube, options, 'pods/attach');
  }

  return pumpTerminal(socket, guard, io, rawMode(io), stdin, stdout, signal, Promise.resolve());
}

export interface ExecShellOptions extends AttachOptions {
  command: string[];
  /**
   * Input is held back until this settles or the command prints, whichever is first: an exec into a
   * container that is still starting fails (and is retried) and must not have eaten any of it.
   */
  stdinAfter?: Promise<unknown>;
  /** Called once, before the command's first output is written. */
  onOutput?: () => void;
}

/** How an interactive exec ended: the shell's exit code, or the connection lost first. */
export type ExecShellEnd = { kind: 'exited'; exitCode: number } | { kind: 'lost'; reason: string };

/**
 * A shell over pods/exec with a TTY: raw mode, resize, Ctrl-C, the shell's exit code. Nothing typed or
 * printed reaches the container's log, and any number of these can run in one container at once.
 */
export async function execInteractive(kube: Kube, options: ExecShellOptions): Promise<ExecShellEnd> {
  const { io, signal } = options;
  if (signal?.aborted) return { kind: 'lost', reason: 'interrupted' };

  // Raw before the shell's first output is written, not a moment after: a prompt that asks the terminal
  // where its cursor is (busybox ash sends ESC[6n) must get the answer in raw mode. A terminal still
  // cooked when the answer comes echoes it after the prompt (^[[23;5R), which a busy machine made visible.
  const raw = rawMode(io);
  const gate = inputGate({ stdinAfter: options.stdinAfter, onOutput: () => (raw.enter(), options.onOutput?.()) });
  const stdin = new PassThrough();
  const stdout = io.stdout.isTTY ? resizableOutput(io.stdout, gate.onOutput) : forwardTo(io.stdout, gate.onOutput);
  let exec: Awaited<ReturnType<typeof openExecSocket>>;
  try {
    exec = await openExecSocket(kube, { ...target(options), command: options.command, tty: true, stdin, stdout, stderr: null, stdinEnds: !io.stdin.isTTY });
  } catch (error) {
    raw.leave();
    throw error;
  }
  let inputSent = false;
  stdin.once('data', () => {
    inputSent = true;
  });
  const end = await pumpTerminal(exec.socket, exec.guard, io, raw, stdin, stdout, signal, gate.open);
  const status = exec.status();
  if (status) return { kind: 'exited', exitCode: execResult(status, options.container, inputSent) };
  return end.kind === 'lost' ? end : { kind: 'lost', reason: 'the connection closed without an exit code' };
}

/** Where the stream goes, from a caller's options. */
function target(options: AttachOptions): StreamTarget {
  return {
    namespace: options.namespace,
    pod: options.pod,
    container: options.container,
    signal: options.signal,
    handshakeTimeoutMs: options.handshakeTimeoutMs,
  };
}

/** Resolves at the first output or when the caller's gate settles: then input may flow. */
function inputGate(options: Pick<ExecShellOptions, 'stdinAfter' | 'onOutput'>): { open: Promise<unknown>; onOutput: () => void } {
  let resolveOutput: () => void = () => undefined;
  const output = new Promise<void>((resolve) => {
    resolveOutput = resolve;
  });
  let seen = false;
  const onOutput = () => {
    if (seen) return;
    seen = true;
    options.onOutput?.();
    resolveOutput();
  };
  const { stdinAfter } = options;
  return { open: stdinAfter ? Promise.race([output, stdinAfter.catch(() => undefined)]) : Promise.resolve(), onOutput };
}

/**
 * The exit code from the exec's final Status. A node's passing refusal is its own error, retried by
 * callers, unless input was already sent: a retry could not send it again, so that is the answer.
 */
function execResult(status: V1Status, container: string, inputSent: boolean): number {
  const refusal = statusRefusal(status);
  if (refusal !== 'failure') {
    if (!inputSent) throw notReadyError(container, refusal, status.message);
    throw new ContainerFailedError(`the node refused the command after it had read input: ${status.message ?? refusal}`, {
      hint: 'the input was not delivered: run cg-debug again (cg-debug ls POD shows the debug container\'s state)',
    });
  }
  return exitCodeFromStatus(status);
}

/**
 * Connects the local terminal to an open socket until either side ends; restores the terminal on every
 * path (exit, error, SIGTERM, SIGHUP, lost connection) before the promise settles. Raw mode starts when
 * `gate` settles (or earlier, at the shell's first output), not before: until the remote shell is there
 * (an early exec still being retried), Ctrl-C must stay SIGINT and interrupt cg-debug, not become a byte
 * for a shell that may never run. Keys typed before then wait in the terminal's buffer.
 */
function pumpTerminal(
  socket: StreamSocket,
  guard: GuardedSocket,
  io: TerminalIO,
  raw: RawMode,
  stdin: PassThrough,
  stdout: Writable,
  signal: AbortSignal | undefined,
  gate: Promise<unknown>,
): Promise<AttachEnd> {
  return new Promise<AttachEnd>((resolve) => {
    let settled = false;
    const onData = (chunk: Buffer) => stdin.write(chunk);
    const onEnd = () => stdin.end();
    const onResize = () => stdout.emit('resize');
    const finish = (end: AttachEnd) => {
      if (settled) return;
      settled = true;
      io.stdin.removeListener('data', onData);
      io.stdin.removeListener('end', onEnd);
      io.stdout.removeListener('resize', onResize);
      signal?.removeEventListener('abort', onAbort);
      guard.dispose();
      raw.leave();
      io.stdin.pause();
      if (socket.readyState <= 1) socket.close(1000);
      resolve(end);
    };
    const onAbort = () => finish({ kind: 'lost', reason: 'interrupted' });

    socket.on('close', (code, reason) => finish(endFrom(guard, code, reason.toString())));
    socket.on('error', (error) => finish({ kind: 'lost', reason: guard.problem() ?? error.message }));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted || socket.readyState > 1) {
      finish(signal?.aborted ? { kind: 'lost', reason: 'interrupted' } : { kind: 'lost', reason: 'connection closed' });
      return;
    }

    if (io.stdout.isTTY) io.stdout.on('resize', onResize);
    void gate.then(() => {
      if (settled) return;
      raw.enter();
      io.stdin.on('data', onData);
      io.stdin.on('end', onEnd);
      io.stdin.resume();
    });
  });
}

/** The local terminal's raw mode: entered once, at a TTY only, and left as it was found. */
interface RawMode {
  enter(): void;
  leave(): void;
}

function rawMode(io: TerminalIO): RawMode {
  const wasRaw = io.stdin.isTTY ? io.stdin.isRaw : false;
  let entered = false;
  return {
    enter() {
      if (entered || !io.stdin.isTTY) return;
      io.stdin.setRawMode(true);
      entered = true;
    },
    leave() {
      if (!entered) return;
      entered = false;
      io.stdin.setRawMode(wasRaw);
    },
  };
}

/** The exit code in the status the API sends when an exec ends. */
export function exitCodeFromStatus(status: V1Status): number {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    if (Number.isInteger(code)) return code;
  }
  throw new ContainerFailedError(`the command could not run: ${status.message ?? status.reason ?? 'unknown failure'}`, {
    hint: 'check the command exists in the debug image and the debug container is running',
  });
}

export interface ExecCommandOptions extends ExecShellOptions {
  /**
   * Default: piped input goes to the command; a terminal's does not (the command has no TTY to read it
   * from), nor /dev/null's (there is nothing to read: the exec then asks for no stdin, as `kubectl exec`
   * without -i, and the runtime gives the command its own /dev/null).
   */
  forwardStdin?: boolean;
}

/** Whether the stream reads /dev/null (a file descriptor on that device), where there is nothing to forward. */
export function readsDevNull(stream: NodeJS.ReadableStream): boolean {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return false;
  try {
    const input = fstatSync(fd);
    return input.isCharacterDevice() && input.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}

/** Runs a command in the debug container without a TTY; stdout and stderr stay separate. */
export async function execCommand(kube: Kube, options: ExecCommandOptions): Promise<number> {
  const { io, signal } = options;
  if (signal?.aborted) throw new InterruptedError('interrupted before the command started');

  const forwardStdin = options.forwardStdin ?? (!io.stdin.isTTY && !readsDevNull(io.stdin));
  const gate = inputGate(options);
  const stdin = forwardStdin ? new PassThrough() : null;
  const stdout = forwardTo(io.stdout, gate.onOutput);
  const stderr = forwardTo(io.stderr, gate.onOutput);
  const exec = await openExecSocket(kube, { ...target(options), command: options.command, tty: false, stdin, stdout, stderr, stdinEnds: stdin !== null });

  let inputSent = false;
  const onData = (chunk: Buffer) => {
    inputSent = true;
    stdin?.write(chunk);
  };
  const onEnd = () => stdin?.end();
  const waiting = socketEnd(exec, signal, () => {
    io.stdin.removeListener('data', onData);
    io.stdin.removeListener('end', onEnd);
    if (stdin) io.stdin.pause();
  });
  if (stdin) {
    void gate.open.then(() => {
      if (waiting.settled()) return;
      io.stdin.on('data', onData);
      io.stdin.on('end', onEnd);
      io.stdin.resume();
    });
  }
  const end = await waiting.end;

  const status = exec.status();
  if (status) return execResult(status, options.container, inputSent);
  if (end.kind === 'interrupted') throw new InterruptedError('interrupted while the command ran');
  throw new DisconnectedError(`lost the connection before the command finished${end.kind === 'lost' ? ` (${end.reason})` : ''}`, {
    hint: 'the command may still run in the debug container; check the network and try again',
  });
}
