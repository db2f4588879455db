import { PassThrough, Writable, type Readable } from 'node:stream';
import { DisconnectedError, InterruptedError } from '../core/errors.js';
import { exitCodeFromStatus } from './attach.js';
import type { Kube } from './client.js';
import { openExecSocket, socketEnd } from './exec-socket.js';

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
  const exec = await openExecSocket(kube, {
    namespace: options.namespace,
    pod: options.pod,
    container: options.container,
    command: options.command,
    signal,
    tty: false,
    stdin,
    stdout: options.stdout,
    stderr: stderrSink,
    stdinEnds: stdin !== null,
  });
  // Piped only once the socket is open, so no byte is sent before the server can take it.
  if (stdin && options.stdin) options.stdin.pipe(stdin);
  let stdinError: unknown;
  const waiting = socketEnd(exec, signal);
  // A source that fails (a local file that cannot be read) ends the command rather than leaving it waiting.
  options.stdin?.once('error', (error: unknown) => {
    stdinError = error;
    waiting.finish({ kind: 'lost', reason: 'the input failed' });
  });
  const end = await waiting.end;
  options.stdin?.unpipe();
  if (stdinError !== undefined) throw stdinError;

  const status = exec.status();
  if (status) return { exitCode: exitCodeFromStatus(status), stderr };
  if (end.kind === 'interrupted') throw new InterruptedError('interrupted');
  throw new DisconnectedError(`lost the connection to the debug container${end.kind === 'lost' ? ` (${end.reason})` : ''}`, {
    hint: 'check the network and try again; the debug container keeps running',
  });
}
