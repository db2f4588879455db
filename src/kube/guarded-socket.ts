// The exec/attach WebSocket, made by us rather than by client-node so that (1) the opening handshake has
// a deadline, (2) the first signal closes it in any phase, and (3) a frame the client would choke on
// (empty, an unknown stream, an unreadable status) ends the session as a lost connection instead of
// throwing out of ws's message handler and crashing the process with a stack trace; (4) an upgrade the
// server refuses keeps its answer (status and body), which ws drops, so the caller can tell the kubelet's
// "pod does not exist" from the API server's "pods \"x\" not found"; (5) the caller chooses whether the
// API server may translate the stream (v5.channel.k8s.io, see `translated`).
import WebSocket from 'ws';

/** How long the server may take to accept the exec/attach upgrade. */
export const HANDSHAKE_TIMEOUT_MS = 15_000;

/** The channels of the v4/v5 Kubernetes streaming protocol (stdin, stdout, stderr, status, resize; close). */
const KNOWN_STREAMS = new Set([0, 1, 2, 3, 4, 255]);
const STATUS_STREAM = 3;
/** The only protocol with a close frame for stdin; the API server answers it with its stream translator. */
const V5 = 'v5.channel.k8s.io';
/** How much of a refused upgrade's body is kept: a Status or the kubelet's one-line error. */
const REFUSAL_BODY_LIMIT = 64 * 1024;

/** An upgrade the server answered with an HTTP error instead of switching protocols. */
export interface UpgradeRefusal {
  statusCode: number;
  body: string;
}

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
  /** The server's answer when it refused the upgrade. */
  refusal: () => UpgradeRefusal | undefined;
  /** Detaches from the signal; call when the session ends. */
  dispose: () => void;
}

export interface GuardOptions {
  signal?: AbortSignal | undefined;
  handshakeTimeoutMs?: number;
  /**
   * Whether to offer v5, which the API server serves by translating the stream to the kubelet's SPDY
   * (default true). Its one gain is closing stdin while the command runs (piped input). Its cost: when
   * the kubelet goes away mid-stream, the translator reads the lost stream as a clean end and sends a
   * Success Status, so a dropped shell looks like one that exited 0. Without v5 the API server proxies
   * the stream as it is: the final Status is the runtime's own, and a dropped kubelet drops the socket.
   */
  translated?: boolean;
}

export function guardedSocket(options: GuardOptions): GuardedSocket {
  let problem: string | undefined;
  let refusal: UpgradeRefusal | undefined;
  let socket: WebSocket | undefined;
  const onAbort = () => {
    problem ??= 'interrupted';
    socket?.terminate();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const factory = (uri: string, protocols: string[], wsOptions: WebSocket.ClientOptions): WebSocket => {
    const offered = options.translated === false ? protocols.filter((p) => p !== V5) : protocols;
    const ws = new WebSocket(uri, offered, { ...wsOptions, handshakeTimeout: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS });
    socket = ws;
    // With a listener ws leaves the refused response to us: keep its body, then end the handshake, which
    // fails the connect as before (the handshake deadline still bounds the read).
    ws.on('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        if (refusal !== undefined) return;
        refusal = { statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8', 0, REFUSAL_BODY_LIMIT) };
        ws.terminate();
      };
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= REFUSAL_BODY_LIMIT) done();
      });
      response.once('end', done);
      response.once('error', done);
      response.once('close', done);
    });
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
    refusal: () => refusal,
    dispose: () => options.signal?.removeEventListener('abort', onAbort),
  };
}
