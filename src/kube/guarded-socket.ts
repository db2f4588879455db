// The exec/attach WebSocket, made by us rather than by client-node so that (1) the opening handshake has
// a deadline, (2) the first signal closes it in any phase, and (3) a frame the client would choke on
// (empty, an unknown stream, an unreadable status) ends the session as a lost connection instead of
// throwing out of ws's message handler and crashing the process with a stack trace.
import WebSocket from 'ws';

/** How long the server may take to accept the exec/attach upgrade. */
export const HANDSHAKE_TIMEOUT_MS = 15_000;

/** The channels of the v4/v5 Kubernetes streaming protocol (stdin, stdout, stderr, status, resize; close). */
const KNOWN_STREAMS = new Set([0, 1, 2, 3, 4, 255]);
const STATUS_STREAM = 3;

/** Pure: what is wrong with one binary frame, or undefined when the client can read it. */
export function frameProblem(data: unknown): string | undefined {
  if (typeof data === 'string') return undefined;
  if (!Buffer.isBuffer(data)) return 'a frame of an unexpected type';
  if (data.length === 0) return 'an empty frame';
  const stream = data[0] as number;
  if (!KNOWN_STREAMS.has(stream)) return `a frame for unknown stream ${stream}`;
  if (stream === STATUS_STREAM && data.length > 1) {
    try {
      const status: unknown = JSON.parse(data.subarray(1).toString('utf8'));
      if (typeof status !== 'object' || status === null) return 'an exit status that is not an object';
    } catch {
      return 'an exit status that is not JSON';
    }
  }
  return undefined;
}

export interface GuardedSocket {
  /** client-node's socketFactory: called once by WebSocketHandler.connect. */
  factory: (uri: string, protocols: string[], options: WebSocket.ClientOptions) => WebSocket;
  /** Why the socket was closed by us, when it was: a malformed frame, an interrupt. */
  problem: () => string | undefined;
  /** Detaches from the signal; call when the session ends. */
  dispose: () => void;
}

export function guardedSocket(options: { signal?: AbortSignal | undefined; handshakeTimeoutMs?: number }): GuardedSocket {
  let problem: string | undefined;
  let socket: WebSocket | undefined;
  const onAbort = () => {
    problem ??= 'interrupted';
    socket?.terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const factory = (uri: string, protocols: string[], wsOptions: WebSocket.ClientOptions): WebSocket => {
    const ws = new WebSocket(uri, protocols, { ...wsOptions, handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS });
    socket = ws;
    // client-node assigns onmessage after this returns: wrap whatever it assigns.
    const accessor = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
    Object.defineProperty(ws, 'onmessage', {
      configurable: true,
      get: () => accessor?.get?.call(ws),
      set: (handler: ((event: WebSocket.MessageEvent) => void) | null) => {
        accessor?.set?.call(ws, handler === null ? null : (event: WebSocket.MessageEvent) => {
          if (problem !== undefined) return;
          const bad = frameProblem(event.data);
          if (bad !== undefined) {
            problem = `the server sent ${bad}`;
            ws.terminate();
            return;
          }
          try {
            handler(event);
          } catch (error) {
            problem = `the server sent a frame the client could not read (${error instanceof Error ? error.message : String(error)})`;
            ws.terminate();
          }
        });
      },
    });
    if (options.signal?.aborted) onAbort();
    return ws;
  };

  return {
    factory,
    problem: () => problem,
    dispose: () => options.signal?.removeEventListener('abort', onAbort),
  };
}
