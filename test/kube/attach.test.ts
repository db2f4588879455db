// attach/exec against a local websocket server that speaks the API server's channel protocol.
import { createReadStream, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { DisconnectedError, ForbiddenError, InterruptedError, NotFoundError, UnreachableError } from '../../src/core/errors.js';
import { ExecNotReadyError } from '../../src/kube/exec-ready.js';
import { frameProblem } from '../../src/kube/guarded-socket.js';
import { attachInteractive, execCommand, execInteractive } from '../../src/kube/attach.js';
import type { TerminalIO } from '../../src/terminal/terminal-io.js';
import { execStream } from '../../src/kube/exec-stream.js';
import type { Kube } from '../../src/kube/client.js';
import { localKube } from '../support/local-kube.js';

interface FakeSocket {
  protocol: string;
  send(data: Buffer | string): void;
  close(code?: number): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
}
interface FakeServer {
  on(event: 'connection', listener: (socket: FakeSocket, request: { url?: string }) => void): void;
  close(): void;
}
type VerifyClient = (info: unknown, done: (ok: boolean, code?: number) => void) => void;
const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws') as {
  WebSocketServer: new (options: { server: Server; handleProtocols: (protocols: Set<string>) => string; verifyClient?: VerifyClient }) => FakeServer;
};

const servers: { http: Server; ws: FakeServer }[] = [];
/** What each upgrade offered, newest last. */
const offers: string[][] = [];

/** As the API server: v5 (translated) when offered, else the stream proxied as it is (v4). */
function chooseProtocol(protocols: Set<string>): string {
  offers.push([...protocols]);
  return protocols.has('v5.channel.k8s.io') ? 'v5.channel.k8s.io' : 'v4.channel.k8s.io';
}
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.ws.close();
    server.http.close();
  }
});

async function apiServer(onConnection: (socket: FakeSocket, url: URL) => void, verifyClient?: VerifyClient): Promise<Kube> {
  const http = createServer();
  const ws = new WebSocketServer({ server: http, handleProtocols: chooseProtocol, verifyClient });
  ws.on('connection', (socket, request) => onConnection(socket, new URL(request.url ?? '/', 'http://x')));
  servers.push({ http, ws });
  return localKube(http, 'ns', 't');
}

function terminal(tty: boolean) {
  const rawCalls: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), {
    isTTY: tty,
    isRaw: false,
    setRawMode(mode: boolean) {
      rawCalls.push(mode);
      stdin.isRaw = mode;
      return stdin;
    },
  });
  const stdout = Object.assign(new PassThrough(), { isTTY: tty, columns: 120, rows: 40 });
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (d: Buffer) => out.push(d.toString()));
  stderr.on('data', (d: Buffer) => err.push(d.toString()));
  const io = { stdin, stdout, stderr } as unknown as TerminalIO;
  return { io, stdin, stdout, rawCalls, out, err };
}

const frame = (channel: number, text: string) => Buffer.concat([Buffer.from([channel]), Buffer.from(text)]);

describe('attachInteractive', () => {
  it('sends the terminal size first, passes Ctrl-C as a byte, and restores the terminal when the shell exits', async () => {
    const received: Buffer[] = [];
    let url: URL | undefined;
    const kube = await apiServer((socket, u) => {
      url = u;
      socket.on('message', (data) => {
        received.push(data);
        if (data[0] === 4 && received.length === 1) socket.send(frame(1, 'banner\r\n'));
        if (data[0] === 0 && data.subarray(1).toString() === '\x03') socket.close(1000);
      });
    });
    const t = terminal(true);
    const ending = attachInteractive(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io });
    await until(() => t.out.join('') === 'banner\r\n');
    expect(t.rawCalls).toEqual([true]);
    t.stdin.write('\x03');
    await expect(ending).resolves.toEqual({ kind: 'closed' });
    expect(url?.pathname).toBe('/api/v1/namespaces/ns/pods/app/attach');
    expect(Object.fromEntries(url?.searchParams ?? [])).toMatchObject({ container: 'dbg', stdin: 'true', stdout: 'true', stderr: 'false', tty: 'true' });
    expect(received[0]?.[0]).toBe(4);
    expect(JSON.parse(received[0]?.subarray(1).toString() ?? '')).toEqual({ height: 40, width: 120 });
    expect(t.rawCalls).toEqual([true, false]);
    expect(t.stdin.listenerCount('data')).toBe(0);
    expect(t.stdout.listenerCount('resize')).toBe(0);
  });

  it('forwards resizes', async () => {
    const sizes: string[] = [];
    const kube = await apiServer((socket) => {
      socket.on('message', (data) => {
        if (data[0] === 4) sizes.push(data.subarray(1).toString());
        if (sizes.length === 2) socket.close(1000);
      });
    });
    const t = terminal(true);
    const ending = attachInteractive(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io });
    await until(() => sizes.length === 1);
    Object.assign(t.stdout, { columns: 80, rows: 24 });
    t.stdout.emit('resize');
    await expect(ending).resolves.toEqual({ kind: 'closed' });
    expect(sizes.map((s) => JSON.parse(s))).toEqual([{ height: 40, width: 120 }, { height: 24, width: 80 }]);
  });

  it('reports a dropped connection as lost and restores the terminal', async () => {
    const kube = await apiServer((socket) => socket.on('message', () => socket.terminate()));
    const t = terminal(true);
    const end = await attachInteractive(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io });
    expect(end.kind).toBe('lost');
    expect(t.rawCalls).toEqual([true, false]);
    expect(t.stdin.listenerCount('data')).toBe(0);
  });

  it('resolves interrupted on abort and restores the terminal', async () => {
    const kube = await apiServer(() => undefined);
    const t = terminal(true);
    const controller = new AbortController();
    const ending = attachInteractive(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, signal: controller.signal });
    await until(() => t.rawCalls.length === 1);
    controller.abort();
    await expect(ending).resolves.toEqual({ kind: 'lost', reason: 'interrupted' });
    expect(t.rawCalls).toEqual([true, false]);
  });

  it('leaves raw mode alone without a TTY', async () => {
    const kube = await apiServer((socket) => socket.on('message', () => undefined));
    const t = terminal(false);
    const controller = new AbortController();
    const ending = attachInteractive(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await ending;
    expect(t.rawCalls).toEqual([]);
  });
});

describe('execCommand', () => {
  const status = (code: number) =>
    JSON.stringify(
      code === 0
        ? { metadata: {}, status: 'Success' }
        : { metadata: {}, status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: String(code) }] } },
    );

  it('keeps stdout and stderr apart and returns the exit code', async () => {
    let url: URL | undefined;
    const kube = await apiServer((socket, u) => {
      url = u;
      socket.send(frame(1, 'out\n'));
      socket.send(frame(2, 'err\n'));
      socket.send(frame(3, status(7)));
    });
    const t = terminal(true);
    const code = await execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['sh', '-c', 'exit 7'] });
    expect(code).toBe(7);
    expect(t.out.join('')).toBe('out\n');
    expect(t.err.join('')).toBe('err\n');
    expect(url?.searchParams.getAll('command')).toEqual(['sh', '-c', 'exit 7']);
    expect(url?.searchParams.get('tty')).toBe('false');
    // A terminal's stdin is not the command's.
    expect(url?.searchParams.get('stdin')).toBe('false');
    expect(t.stdout.writableEnded).toBe(false);
  });

  it('forwards piped stdin', async () => {
    const kube = await apiServer((socket) => {
      let got = '';
      socket.on('message', (data) => {
        if (data[0] === 0) got += data.subarray(1).toString();
        if (data[0] === 255 && data[1] === 0) {
          socket.send(frame(1, got.toUpperCase()));
          socket.send(frame(3, status(0)));
        }
      });
    });
    const t = terminal(false);
    const running = execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['tr', 'a-z', 'A-Z'] });
    await until(() => t.stdin.listenerCount('data') > 0);
    t.stdin.end('piped');
    await expect(running).resolves.toBe(0);
    expect(t.out.join('')).toBe('PIPED');
    expect(t.stdin.listenerCount('data')).toBe(0);
  });

  it.each([
    { name: '/dev/null: nothing to read, so no stdin (as kubectl exec without -i)', file: '/dev/null', want: 'false' },
    { name: 'a file: its contents go to the command', file: 'file', want: 'true' },
  ])('input from $name', async ({ file, want }) => {
    let url: URL | undefined;
    const kube = await apiServer((socket, u) => {
      url = u;
      socket.send(frame(3, status(0)));
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-exec-stdin-'));
    const input = file === 'file' ? path.join(dir, 'input') : file;
    if (file === 'file') writeFileSync(input, 'data');
    const fd = openSync(input, 'r');
    const stdin = Object.assign(createReadStream('', { fd, autoClose: true }), { isTTY: undefined });
    const t = terminal(false);
    try {
      await expect(execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: { ...t.io, stdin } as unknown as TerminalIO, command: ['true'] })).resolves.toBe(0);
    } finally {
      stdin.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(url?.searchParams.get('stdin')).toBe(want);
  });

  it.each([
    { name: 'the kubelet does not know the pod (restarted)', code: 404, body: 'pod does not exist', want: 'pod-unknown' },
    { name: 'the runtime does not run the container yet', code: 500, body: 'container not found ("dbg")', want: 'container-starting' },
    { name: 'the API server cannot reach the kubelet', code: 500, body: JSON.stringify({ kind: 'Status', status: 'Failure', code: 500, message: 'error dialing backend: dial tcp 10.0.0.5:10250: connect: connection refused' }), want: 'kubelet-unreachable' },
  ])('an upgrade refused in a passing state is retryable: $name', async ({ code, body, want }) => {
    const kube = await apiServer(() => undefined, (_info, done) => (done as (ok: boolean, code: number, message: string) => void)(false, code, body));
    const t = terminal(true);
    const error = await execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['true'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecNotReadyError);
    expect((error as ExecNotReadyError).refusal).toBe(want);
  });

  it('an upgrade refused because the pod is gone is NotFound, not retried', async () => {
    const body = JSON.stringify({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'pods "app" not found', details: { name: 'app', kind: 'pods' } });
    const kube = await apiServer(() => undefined, (_info, done) => (done as (ok: boolean, code: number, message: string) => void)(false, 404, body));
    const t = terminal(true);
    const error = await execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['true'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('a refusal Status after input was sent is the answer, not retried (the input cannot be sent again)', async () => {
    const kube = await apiServer((socket) => {
      socket.on('message', (data) => {
        if (data[0] === 0) socket.send(frame(3, JSON.stringify({ status: 'Failure', code: 500, message: 'Internal error occurred: unable to upgrade connection: pod does not exist' })));
      });
    });
    const t = terminal(false);
    const running = execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['cat'] });
    await until(() => t.stdin.listenerCount('data') > 0);
    t.stdin.write('input');
    const error = await running.catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(ExecNotReadyError);
    expect((error as Error).message).toBe('the node refused the command after it had read input: Internal error occurred: unable to upgrade connection: pod does not exist');
  });

  it('maps a refused exec to ForbiddenError create pods/exec', async () => {
    const kube = await apiServer(() => undefined, (_info, done) => done(false, 403));
    const t = terminal(false);
    const error = await execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['true'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).permission).toEqual({ verb: 'create', resource: 'pods/exec', namespace: 'ns' });
  });
});

describe('execInteractive: the end of a shell', () => {
  const shell = { namespace: 'ns', pod: 'app', container: 'dbg', command: ['sh'] };

  // The API server's translator (v5) reads a kubelet that went away as a clean end and sends Success:
  // at a terminal, stdin never needs closing, so v5 is not offered and the runtime's Status is the answer.
  it.each([
    { name: 'at a terminal: not offered v5, the stream goes to the kubelet as it is', tty: true, v5: false },
    { name: 'piped input: v5, whose close frame passes on the end of the input', tty: false, v5: true },
  ])('$name', async ({ tty, v5 }) => {
    const kube = await apiServer((socket) => {
      socket.send(frame(3, '{"status":"Success"}'));
      socket.close(1000);
    });
    const t = terminal(tty);
    await expect(execInteractive(kube, { ...shell, io: t.io })).resolves.toEqual({ kind: 'exited', exitCode: 0 });
    expect(offers.at(-1)?.includes('v5.channel.k8s.io')).toBe(v5);
    expect(offers.at(-1)?.includes('v4.channel.k8s.io')).toBe(true);
  });

  it('a stream that drops without a Status (the kubelet went away) is lost, not an exit', async () => {
    const kube = await apiServer((socket) => {
      socket.send(frame(1, '/ $ '));
      setTimeout(() => socket.terminate(), 20);
    });
    const t = terminal(true);
    const end = await execInteractive(kube, { ...shell, io: t.io });
    expect(end.kind).toBe('lost');
    expect(t.rawCalls).toEqual([true, false]);
  });
});

describe('execInteractive: raw mode waits for the shell', () => {
  const shell = { namespace: 'ns', pod: 'app', container: 'dbg', command: ['sh'] };

  it('keeps the terminal cooked while the container may not run yet, so Ctrl-C still interrupts cg-debug', async () => {
    const kube = await apiServer(() => undefined);
    const t = terminal(true);
    const controller = new AbortController();
    const running = new Promise<never>(() => undefined);
    const ending = execInteractive(kube, { ...shell, io: t.io, signal: controller.signal, stdinAfter: running });
    await until(() => t.stdout.listenerCount('resize') === 1);
    expect(t.rawCalls).toEqual([]);
    expect(t.stdin.listenerCount('data')).toBe(0);
    controller.abort();
    await expect(ending).resolves.toEqual({ kind: 'lost', reason: 'interrupted' });
    expect(t.rawCalls).toEqual([]);
  });

  it('turns raw mode on once the container runs, and restores it when the shell exits', async () => {
    let close: () => void = () => undefined;
    const kube = await apiServer((socket) => {
      close = () => (socket.send(frame(3, '{"status":"Success"}')), socket.close(1000));
    });
    const t = terminal(true);
    let markRunning: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      markRunning = resolve;
    });
    const ending = execInteractive(kube, { ...shell, io: t.io, stdinAfter: running });
    await until(() => t.stdout.listenerCount('resize') === 1);
    expect(t.rawCalls).toEqual([]);
    markRunning();
    await until(() => t.rawCalls.length === 1);
    expect(t.rawCalls).toEqual([true]);
    close();
    await expect(ending).resolves.toEqual({ kind: 'exited', exitCode: 0 });
    expect(t.rawCalls).toEqual([true, false]);
  });

  // busybox ash asks the terminal where its cursor is (ESC[6n) right after its prompt: a terminal still
  // cooked when the answer arrives echoes it after the prompt.
  it('is on before the shell\'s first output is written, when the output comes before the container is reported running', async () => {
    const kube = await apiServer((socket) => {
      socket.send(frame(1, '/ $ \u001b[6n'));
      setTimeout(() => (socket.send(frame(3, '{"status":"Success"}')), socket.close(1000)), 20);
    });
    const t = terminal(true);
    const rawAtWrite: boolean[] = [];
    t.stdout.on('data', () => rawAtWrite.push(t.stdin.isRaw));
    const running = new Promise<never>(() => undefined);
    await expect(execInteractive(kube, { ...shell, io: t.io, stdinAfter: running })).resolves.toEqual({ kind: 'exited', exitCode: 0 });
    expect(t.out.join('')).toBe('/ $ \u001b[6n');
    expect(rawAtWrite).toEqual([true]);
    expect(t.rawCalls).toEqual([true, false]);
  });

  it('is left as it was when the exec is refused before the shell starts', async () => {
    const kube = await apiServer(() => undefined, (_info, done) => done(false, 403));
    const t = terminal(true);
    await expect(execInteractive(kube, { ...shell, io: t.io })).rejects.toThrow();
    expect(t.rawCalls).toEqual([]);
    expect(t.stdin.isRaw).toBe(false);
  });
});

describe('execStream', () => {
  const success = JSON.stringify({ metadata: {}, status: 'Success' });

  /** A sink that keeps what it is given and records whether it was ended. */
  function sink() {
    const chunks: Buffer[] = [];
    const stream = new PassThrough();
    stream.on('data', (d: Buffer) => chunks.push(d));
    return { stream, text: () => Buffer.concat(chunks).toString() };
  }

  it('sends its input once the socket is open, streams stdout, collects stderr, and returns the exit code', async () => {
    let url: URL | undefined;
    const kube = await apiServer((socket, u) => {
      url = u;
      let got = '';
      socket.on('message', (data) => {
        if (data[0] === 0) got += data.subarray(1).toString();
        if (data[0] === 255 && data[1] === 0) {
          socket.send(frame(1, `${got.length} bytes`));
          socket.send(frame(2, 'warning\n'));
          socket.send(frame(3, success));
        }
      });
    });
    const out = sink();
    const input = new PassThrough();
    input.end('tar stream');
    const result = await execStream(kube, { namespace: 'ns', pod: 'app', container: 'dbg', command: ['tar', 'x'], stdin: input, stdout: out.stream, signal: new AbortController().signal });
    expect(result).toEqual({ exitCode: 0, stderr: 'warning\n' });
    expect(out.text()).toBe('10 bytes');
    expect(url?.searchParams.get('stdin')).toBe('true');
    expect(url?.searchParams.get('tty')).toBe('false');
  });

  it.each([
    { name: 'a dropped connection', serve: (socket: FakeSocket) => socket.terminate(), want: /^lost the connection to the debug container \(connection closed \(code 1006\)\)$/ },
    { name: 'an unknown stream', serve: (socket: FakeSocket) => socket.send(Buffer.from([9, 65])), want: /^lost the connection to the debug container \(the server sent a frame for unknown stream 9\)$/ },
  ])('$name: DisconnectedError', async ({ serve, want }) => {
    const kube = await apiServer((socket) => setTimeout(() => serve(socket), 10));
    const error = await execStream(kube, { namespace: 'ns', pod: 'app', container: 'dbg', command: ['cat'], stdout: sink().stream, signal: new AbortController().signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).message).toMatch(want);
  });

  it('a signal while the command runs: InterruptedError, the socket closed', async () => {
    let closed = false;
    const kube = await apiServer((socket) => {
      (socket as unknown as { on(event: 'close', listener: () => void): void }).on('close', () => {
        closed = true;
      });
    });
    const controller = new AbortController();
    const running = execStream(kube, { namespace: 'ns', pod: 'app', container: 'dbg', command: ['sleep', '9'], stdout: sink().stream, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toBeInstanceOf(InterruptedError);
    await until(() => closed);
  });
});

describe('malformed frames end the session as a lost connection, not a crash', () => {
  it.each([
    { name: 'an unknown stream', send: Buffer.from([9, 65]), want: 'the server sent a frame for unknown stream 9' },
    { name: 'an empty frame', send: Buffer.alloc(0), want: 'the server sent an empty frame' },
    { name: 'an exit status that is not JSON', send: frame(3, '{not json'), want: 'the server sent an exit status that is not JSON' },
    { name: 'an exit status that is not an object', send: frame(3, '42'), want: 'the server sent an exit status that is not an object' },
  ])('exec: $name gives DisconnectedError (exit 75)', async ({ send, want }) => {
    const kube = await apiServer((socket) => socket.send(send));
    const t = terminal(false);
    const error = await execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['true'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DisconnectedError);
    expect((error as DisconnectedError).exitCode).toBe(75);
    expect((error as DisconnectedError).message).toBe(`lost the connection before the command finished (${want})`);
  });

  it('attach: an unknown stream is a lost connection and the terminal is restored', async () => {
    const kube = await apiServer((socket) => socket.on('message', () => socket.send(Buffer.from([7, 1, 2]))));
    const t = terminal(true);
    const end = await attachInteractive(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io });
    expect(end).toEqual({ kind: 'lost', reason: 'the server sent a frame for unknown stream 7' });
    expect(t.rawCalls).toEqual([true, false]);
  });

  it.each([
    { name: 'stdout', input: Buffer.from([1, 104, 105]), want: undefined },
    { name: 'a close frame', input: Buffer.from([255, 0]), want: undefined },
    { name: 'a status', input: frame(3, '{"status":"Success"}'), want: undefined },
    { name: 'a text frame', input: 'x', want: undefined },
    { name: 'an array buffer', input: new ArrayBuffer(2), want: 'a frame of an unexpected type' },
  ])('frameProblem: $name', ({ input, want }) => {
    expect(frameProblem(input)).toBe(want);
  });
});

describe('the opening handshake has a deadline and yields to a signal', () => {
  async function silentKube(): Promise<Kube> {
    const sockets = new Set<Socket>();
    const tcp = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => undefined);
    });
    servers.push({ http: { close: () => (sockets.forEach((s) => s.destroy()), tcp.close()) } as unknown as Server, ws: { close: () => undefined, on: () => undefined } });
    return localKube(tcp as unknown as Server, 'ns', 't');
  }

  it('a server that never answers the upgrade: UnreachableError after the deadline', async () => {
    const kube = await silentKube();
    const t = terminal(false);
    const started = Date.now();
    const error = await execCommand(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, command: ['true'], handshakeTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toMatch(/handshake has timed out/);
  });

  it('a signal during the handshake: InterruptedError at once', async () => {
    const kube = await silentKube();
    const t = terminal(true);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await attachInteractive(kube, { namespace: 'ns', pod: 'app', container: 'dbg', io: t.io, signal: controller.signal }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(error).toBeInstanceOf(InterruptedError);
    expect(t.rawCalls).toEqual([]);
  });
});

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
