// The exec/attach WebSocket as every caller opens it: client-node's handler on our guarded socket (a
// handshake deadline, the first signal, malformed frames; see guarded-socket.ts), the exec's final Status
// captured, connect failures mapped to typed errors, and the socket's end read the same way.
import { PassThrough, type Writable } from 'node:stream';
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
// From their own modules, not the package index (which loads the generated API). The handler is not
// re-exported anyway; it is needed to keep the client's stream-close handling off process.std*.
import { Exec } from '@kubernetes/client-node/dist/exec.js';
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import { classifyExecRefusal } from '../core/exec-refusal.js';
import { InterruptedError } from '../core/errors.js';
import { parseStatus, toKubeError } from './api-errors.js';
import { notReadyError } from './exec-ready.js';
import { guardedSocket, HANDSHAKE_TIMEOUT_MS, type GuardedSocket, type UpgradeRefusal } from './guarded-socket.js';
import type { Kube } from './client.js';

/** The parts of the `ws` socket the callers use (client-node types it loosely). */
export interface StreamSocket {
  readyState: number;
  close(code?: number): void;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
}

/** How a stream ended: the remote side closed (the command or shell ended) or the connection was lost. */
export type AttachEnd = { kind: 'closed' } | { kind: 'lost'; reason: string };

/** Where a stream goes and how long its handshake may take. */
export interface StreamTarget {
  namespace: string;
  pod: string;
  container: string;
  signal?: AbortSignal | undefined;
  /** The opening handshake's deadline (default HANDSHAKE_TIMEOUT_MS). */
  handshakeTimeoutMs?: number | undefined;
}

type HandlerFactory = ConstructorParameters<typeof WebSocketHandler>[1];

/**
 * The kubeconfig as client-node's exec and attach streams take it: they only read getCurrentCluster() and
 * applyToHTTPSOptions(), which our kubeconfig has with the same meaning.
 */
export function streamConfig(kube: Kube): KubeConfig {
  return kube.kc as unknown as KubeConfig;
}

/** client-node's handler on our guarded socket, with streams that are never process.std*. */
export function handlerFor(kube: Kube, guard: GuardedSocket, stdin: PassThrough, stdout: Writable, stderr: Writable): WebSocketHandler {
  return new WebSocketHandler(streamConfig(kube), guard.factory as unknown as HandlerFactory, { stdin, stdout, stderr });
}

/** How a connect failure reads: the user's interrupt, else what the API said (handshake deadline included). */
export function connectError(error: unknown, kube: Kube, target: StreamTarget, resource: 'pods/attach' | 'pods/exec'): Error {
  if (target.signal?.aborted) return new InterruptedError(`interrupted while connecting to ${target.container}`, { cause: error });
  // ws reports a failed handshake as an ErrorEvent whose `error` is the real Error.
  const event = error as { error?: unknown } | null;
  const cause = typeof event === 'object' && event !== null && event.error instanceof Error ? event.error : error;
  return toKubeError(cause, {
    verb: 'create',
    resource,
    namespace: target.namespace,
    name: target.pod,
    server: kube.server,
    context: kube.context,
    signal: target.signal,
    timeoutMs: target.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
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

export interface ExecSocketOptions extends StreamTarget {
  command: string[];
  tty: boolean;
  /** What the command reads; null: the exec has no stdin. */
  stdin: PassThrough | null;
  stdout: Writable;
  /** The command's stderr; null with a TTY, where the terminal carries both. */
  stderr: Writable | null;
  /**
   * stdin may end while the command runs (piped input), which only the API server's stream translator
   * can pass on (v5's close frame). Otherwise the stream is proxied to the kubelet as it is, so that a
   * kubelet that goes away mid-stream reads as a lost connection rather than a Success (guarded-socket.ts).
   */
  stdinEnds: boolean;
}

/** An open exec: its socket, the guard that watches it, and the exec's final Status once sent. */
export interface ExecSocket {
  socket: StreamSocket;
  guard: GuardedSocket;
  status: () => V1Status | undefined;
}

/** Opens a pods/exec WebSocket; a failure to connect is thrown as a typed error with the guard released. */
export async function openExecSocket(kube: Kube, options: ExecSocketOptions): Promise<ExecSocket> {
  const guard = guardedSocket({
    signal: options.signal,
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
    translated: options.stdinEnds,
  });
  // The handler ends these on the server's close-stream frames: never a caller's own stream it did not hand over.
  const handler = handlerFor(kube, guard, options.stdin ?? new PassThrough(), options.stdout, options.stderr ?? new PassThrough());
  let status: V1Status | undefined;
  try {
    const socket = (await new Exec(streamConfig(kube), handler).exec(
      options.namespace,
      options.pod,
      options.container,
      options.command,
      options.stdout,
      options.stderr,
      options.stdin,
      options.tty,
      (s) => {
        status = s;
      },
    )) as unknown as StreamSocket;
    return { socket, guard, status: () => status };
  } catch (error) {
    guard.dispose();
    const refusal = guard.refusal();
    if (refusal && !options.signal?.aborted) throw refusedError(refusal, kube, options);
    throw connectError(error, kube, options, 'pods/exec');
  }
}

/** An upgrade the server refused: a node's passing state (retried by callers), else the API's answer. */
function refusedError(refusal: UpgradeRefusal, kube: Kube, target: StreamTarget): Error {
  const message = parseStatus(refusal.body)?.message;
  const kind = classifyExecRefusal({ code: refusal.statusCode, message });
  if (kind !== 'failure') return notReadyError(target.container, kind, message);
  const answer = Object.assign(new Error(`Unexpected server response: ${refusal.statusCode}`), { statusCode: refusal.statusCode, body: refusal.body });
  return connectError(answer, kube, target, 'pods/exec');
}

/** How a stream without a terminal ended: as an AttachEnd, or interrupted by the signal. */
export type StreamEnd = AttachEnd | { kind: 'interrupted' };

/**
 * Settles when the socket closes, fails or the signal fires, whichever is first; then releases the guard,
 * closes the socket and calls `onEnd` (the caller's own clean-up) before resolving.
 */
export function socketEnd(open: Pick<ExecSocket, 'socket' | 'guard'>, signal: AbortSignal | undefined, onEnd: () => void = () => undefined): {
  end: Promise<StreamEnd>;
  finish: (end: StreamEnd) => void;
  settled: () => boolean;
} {
  const { socket, guard } = open;
  let settled = false;
  let resolveEnd: (end: StreamEnd) => void = () => undefined;
  const end = new Promise<StreamEnd>((resolve) => {
    resolveEnd = resolve;
  });
  const finish = (value: StreamEnd) => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    guard.dispose();
    onEnd();
    if (socket.readyState <= 1) socket.close(1000);
    resolveEnd(value);
  };
  const onAbort = () => finish({ kind: 'interrupted' });
  socket.on('close', (code, reason) => finish(endFrom(guard, code, reason.toString())));
  socket.on('error', (error) => finish({ kind: 'lost', reason: guard.problem() ?? error.message }));
  signal?.addEventListener('abort', onAbort, { once: true });
  if (socket.readyState > 1) finish({ kind: 'lost', reason: guard.problem() ?? 'connection closed' });
  return { end, finish, settled: () => settled };
}
