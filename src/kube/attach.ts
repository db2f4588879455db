import { PassThrough, Writable } from 'node:stream';
import { Attach, Exec, type V1Status } from '@kubernetes/client-node';
// Not re-exported from the package index; needed to keep the client's stream-close handling off process.std*.
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import { ContainerFailedError, DisconnectedError, InterruptedError } from '../core/errors.js';
import { toKubeError } from './api-errors.js';
import { ContainerStartingError, isStartingStatus } from './exec-ready.js';
import { guardedSocket, HANDSHAKE_TIMEOUT_MS, type GuardedSocket } from './guarded-socket.js';
import type { Kube } from './client.js';

export interface TerminalIO {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export interface AttachOptions {
  namespace: string;
  pod: string;
  container: string;
  io: TerminalIO;
  signal?: AbortSignal;
  /** The opening handshake's deadline (default HANDSHAKE_TIMEOUT_MS). */
  handshakeTimeoutMs?: number;
}

/** How an attach ended: the remote side closed (shell exited) or the connection was lost. */
export type AttachEnd = { kind: 'closed' } | { kind: 'lost'; reason: string };

/** The parts of the `ws` socket this module uses (client-node types it loosely). */
interface Socket {
  readyState: number;
  close(code?: number): void;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
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

function streamsFor(stdin: PassThrough, stdout: Writable, stderr: Writable) {
  return { stdin, stdout, stderr };
}

type HandlerFactory = ConstructorParameters<typeof WebSocketHandler>[1];

/** client-node's handler on our guarded socket, with streams that are never process.std*. */
export function handlerFor(kube: Kube, guard: GuardedSocket, stdin: PassThrough, stdout: Writable, stderr: Writable): WebSocketHandler {
  return new WebSocketHandler(kube.kc, guard.factory as unknown as HandlerFactory, streamsFor(stdin, stdout, stderr));
}

/** How a connect failure reads: the user's interrupt, else what the API said (handshake deadline included). */
export function connectError(
  error: unknown,
  kube: Kube,
  options: Pick<AttachOptions, 'namespace' | 'pod' | 'container' | 'signal' | 'handshakeTimeoutMs'>,
  resource: 'pods/attach' | 'pods/exec'): Error {
  if (options.signal?.aborted) return new InterruptedError(`interrupted while connecting to ${options.container}`, { cause: error });
  // ws reports a failed handshake as an ErrorEvent whose `error` is the real Error.
  const event = error as { error?: unknown } | null;
  const cause = typeof event === 'object' && event !== null && event.error instanceof Error ? event.error : error;
  return toKubeError(cause, {
    verb: 'create',
    resource,
    namespace: options.namespace,
    name: options.pod,
    server: kube.server,
    context: kube.context,
    signal: options.signal,
    timeoutMs: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
  });
}

/** How the socket's end reads: a problem our guard found (a malformed frame) wins over the close code. */
export function endFrom(guard: GuardedSocket, code: number, reason: string): AttachEnd {
  const problem = guard.problem();
  return problem === undefined ? attachEndFromClose(code, reason) : { kind: 'lost', reason: problem };
}

/** How a websocket close code reads: 1000 is the server ending the session normally. */
export function attachEndFromClose(code: number, reason: string): AttachEnd {
  if (code === 1000) return { kind: 'closed' };
  return { kind: 'lost', reason: `connection closed (code ${code}${reason ? `: ${reason}` : ''})` };
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

  let socket: Socket;
  try {
    // The client sends the first terminal size right after connecting (the launcher in the container
    // waits for that SIGWINCH before it prints its banner), then one per 'resize' on stdout.
    socket = (await new Attach(kube.kc, handler).attach(options.namespace, options.pod, options.container, stdout, null, stdin, true)) as Socket;
  } catch (error) {
    guard.dispose();
    throw connectError(error, kube, options, 'pods/attach');
  }

  return pumpTerminal(socket, guard, io, stdin, stdout, signal, Promise.resolve());
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

  const gate = inputGate(options);
  const stdin = new PassThrough();
  const stdout = io.stdout.isTTY ? resizableOutput(io.stdout, gate.onOutput) : forwardTo(io.stdout, gate.onOutput);
  const stderr = forwardTo(io.stderr);
  const guard = guardedSocket({ signal, handshakeTimeoutMs: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS });
  const handler = handlerFor(kube, guard, stdin, stdout, stderr);
  let status: V1Status | undefined;

  let socket: Socket;
  try {
    socket = (await new Exec(kube.kc, handler).exec(options.namespace, options.pod, options.container, options.command, stdout, null, stdin, true, (s) => {
      status = s;
    })) as Socket;
  } catch (error) {
    guard.dispose();
    throw connectError(error, kube, options, 'pods/exec');
  }
  const end = await pumpTerminal(socket, guard, io, stdin, stdout, signal, gate.open);
  if (status) return { kind: 'exited', exitCode: execResult(status, options.container) };
  return end.kind === 'lost' ? end : { kind: 'lost', reason: 'the connection closed without an exit code' };
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

/** The exit code from the exec's final Status; a "not running yet" Status is its own error, retried by callers. */
function execResult(status: V1Status, container: string): number {
  if (isStartingStatus(status)) {
    throw new ContainerStartingError(`${container} is not running: ${status.message ?? 'container not found'}`, {
      hint: 'it may have just ended: cg-debug ls POD shows its state',
    });
  }
  return exitCodeFromStatus(status);
}

/**
 * Connects the local terminal to an open socket until either side ends; restores the terminal on every
 * path (exit, error, SIGTERM, SIGHUP, lost connection) before the promise settles. Raw mode starts when
 * `gate` settles, not before: until the remote shell is there (an early exec still being retried), Ctrl-C
 * must stay SIGINT and interrupt cg-debug, not become a byte for a shell that may never run. Keys typed
 * before then wait in the terminal's buffer.
 */
function pumpTerminal(
  socket: Socket,
  guard: GuardedSocket,
  io: TerminalIO,
  stdin: PassThrough,
  stdout: Writable,
  signal: AbortSignal | undefined,
  gate: Promise<unknown>,
): Promise<AttachEnd> {
  return new Promise<AttachEnd>((resolve) => {
    const wasRaw = io.stdin.isTTY ? io.stdin.isRaw : false;
    let rawSet = false;
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
      if (rawSet) io.stdin.setRawMode(wasRaw);
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
      if (io.stdin.isTTY) {
        io.stdin.setRawMode(true);
        rawSet = true;
      }
      io.stdin.on('data', onData);
      io.stdin.on('end', onEnd);
      io.stdin.resume();
    });
  });
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
  /** Default: piped input goes to the command; a terminal's does not (the command has no TTY to read it from). */
  forwardStdin?: boolean;
}

/** Runs a command in the debug container without a TTY; stdout and stderr stay separate. */
export async function execCommand(kube: Kube, options: ExecCommandOptions): Promise<number> {
  const { io, signal } = options;
  if (signal?.aborted) throw new InterruptedError('interrupted before the command started');

  const forwardStdin = options.forwardStdin ?? !io.stdin.isTTY;
  const gate = inputGate(options);
  const stdin = new PassThrough();
  const stdout = forwardTo(io.stdout, gate.onOutput);
  const stderr = forwardTo(io.stderr, gate.onOutput);
  const guard = guardedSocket({ signal, handshakeTimeoutMs: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS });
  const handler = handlerFor(kube, guard, stdin, stdout, stderr);
  let status: V1Status | undefined;

  let socket: Socket;
  try {
    socket = (await new Exec(kube.kc, handler).exec(
      options.namespace,
      options.pod,
      options.container,
      options.command,
      stdout,
      stderr,
      forwardStdin ? stdin : null,
      false,
      (s) => {
        status = s;
      },
    )) as Socket;
  } catch (error) {
    guard.dispose();
    throw connectError(error, kube, options, 'pods/exec');
  }

  const end = await new Promise<{ kind: 'closed' } | { kind: 'lost'; reason: string } | { kind: 'interrupted' }>((resolve) => {
    let settled = false;
    const onData = (chunk: Buffer) => stdin.write(chunk);
    const onEnd = () => stdin.end();
    const finish = (value: { kind: 'closed' } | { kind: 'lost'; reason: string } | { kind: 'interrupted' }) => {
      if (settled) return;
      settled = true;
      io.stdin.removeListener('data', onData);
      io.stdin.removeListener('end', onEnd);
      signal?.removeEventListener('abort', onAbort);
      guard.dispose();
      if (forwardStdin) io.stdin.pause();
      if (socket.readyState <= 1) socket.close(1000);
      resolve(value);
    };
    const onAbort = () => finish({ kind: 'interrupted' });
    socket.on('close', (code, reason) => finish(endFrom(guard, code, reason.toString())));
    socket.on('error', (error) => finish({ kind: 'lost', reason: guard.problem() ?? error.message }));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (socket.readyState > 1) finish({ kind: 'lost', reason: guard.problem() ?? 'connection closed' });
    if (forwardStdin) {
      void gate.open.then(() => {
        if (settled) return;
        io.stdin.on('data', onData);
        io.stdin.on('end', onEnd);
        io.stdin.resume();
      });
    }
  });

  if (status) return execResult(status, options.container);
  if (end.kind === 'interrupted') throw new InterruptedError('interrupted while the command ran');
  throw new DisconnectedError(`lost the connection before the command finished${end.kind === 'lost' ? ` (${end.reason})` : ''}`, {
    hint: 'the command may still run in the debug container; check the network and try again',
  });
}
