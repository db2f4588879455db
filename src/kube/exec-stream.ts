import { PassThrough, Writable, type Readable } from 'node:stream';
import { Exec, type V1Status } from '@kubernetes/client-node';
import { DisconnectedError, InterruptedError } from '../core/errors.js';
import { connectError, endFrom, exitCodeFromStatus, handlerFor } from './attach.js';
import type { Kube } from './client.js';
import { guardedSocket, HANDSHAKE_TIMEOUT_MS } from './guarded-socket.js';

export interface StreamExecOptions {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** Bytes for the command's stdin; it is closed when this stream ends. Absent: no stdin. */
  stdin?: Readable;
  /** Receives the command's stdout; ended when the command ends. */
  stdout: Writable;
  signal: AbortSignal;
}

export interface StreamExecResult {
  exitCode: number;
  /** The command's stderr, up to STDERR_LIMIT bytes: for error messages, sanitized by whoever prints it. */
  stderr: string;
}

const STDERR_LIMIT = 16 * 1024;

/**
 * Runs a command in a running container without a TTY, for data rather than a person: stdout goes to a
 * stream (a tar parser, a file), stderr is collected, and the exit code comes from the API's status.
 */
export async function execStream(kube: Kube, options: StreamExecOptions): Promise<StreamExecResult> {
  const { signal } = options;
  if (signal.aborted) throw new InterruptedError('interrupted before the command started');
  let stderr = '';
  const stderrSink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (stderr.length < STDERR_LIMIT) stderr += chunk.toString('utf8').slice(0, STDERR_LIMIT - stderr.length);
      callback();
    },
  });
  const stdin = options.stdin === undefined ? null : new PassThrough();
  const guard = guardedSocket({ signal, handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS });
  const handler = handlerFor(kube, guard, stdin ?? new PassThrough(), options.stdout, stderrSink);
  let status: V1Status | undefined;
  let socket: { readyState: number; close(code?: number): void; on(event: string, listener: (...args: never[]) => void): void };
  try {
    socket = (await new Exec(kube.kc, handler).exec(
      options.namespace,
      options.pod,
      options.container,
      options.command,
      options.stdout,
      stderrSink,
      stdin,
      false,
      (s) => {
        status = s;
      },
    )) as unknown as typeof socket;
  } catch (error) {
    guard.dispose();
    throw connectError(error, kube, options, 'pods/exec');
  }
  // Piped only once the socket is open, so no byte is sent before the server can take it.
  if (stdin && options.stdin) options.stdin.pipe(stdin);
  let stdinError: unknown;

  const end = await new Promise<{ kind: 'closed' } | { kind: 'lost'; reason: string } | { kind: 'interrupted' }>((resolve) => {
    let settled = false;
    const finish = (value: { kind: 'closed' } | { kind: 'lost'; reason: string } | { kind: 'interrupted' }) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      guard.dispose();
      if (socket.readyState <= 1) socket.close(1000);
      resolve(value);
    };
    const onAbort = () => finish({ kind: 'interrupted' });
    socket.on('close', (code: number, reason: Buffer) => finish(endFrom(guard, code, reason.toString())));
    socket.on('error', (error: Error) => finish({ kind: 'lost', reason: guard.problem() ?? error.message }));
    signal.addEventListener('abort', onAbort, { once: true });
    // A source that fails (a local file that cannot be read) ends the command rather than leaving it waiting.
    options.stdin?.once('error', (error: unknown) => {
      stdinError = error;
      finish({ kind: 'lost', reason: 'the input failed' });
    });
    if (socket.readyState > 1) finish({ kind: 'lost', reason: guard.problem() ?? 'connection closed' });
  });
  options.stdin?.unpipe();
  if (stdinError !== undefined) throw stdinError;

  if (status) return { exitCode: exitCodeFromStatus(status), stderr };
  if (end.kind === 'interrupted') throw new InterruptedError('interrupted');
  throw new DisconnectedError(`lost the connection to the debug container${end.kind === 'lost' ? ` (${end.reason})` : ''}`, {
    hint: 'check the network and try again; the debug container keeps running',
  });
}
