// The registry transport against real sockets on 127.0.0.1: what a registry, a token service or anything
// posing as one can do to a check (never answer, answer forever, answer too much, redirect, present a
// certificate nobody trusts), and what it must not get from us (credentials, a connection kept open).
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { DevImageCandidate } from '../../src/core/dev-image.js';
import { InterruptedError } from '../../src/core/errors.js';
import { parseImageRef } from '../../src/core/image-ref.js';
import { BODY_LIMITS, BodyTooLargeError } from '../../src/registry/body.js';
import type { RegistryContext } from '../../src/registry/context.js';
import { httpTransport, proxyOption, transportRefusal, type HttpInit } from '../../src/registry/http.js';
import { headManifest } from '../../src/registry/manifest.js';
import { resolveDevImage } from '../../src/registry/resolve-dev-image.js';
import { listTags } from '../../src/registry/tags.js';
import { deadlineSignal } from '../../src/timing/deadline-signal.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;
const CREDS = { username: 'robot', password: 'hunter2' };
const BASIC = `Basic ${Buffer.from('robot:hunter2').toString('base64')}`;

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** Listens on 127.0.0.1; the server and every socket it took are closed after the test. */
async function listen<S extends Server>(server: S): Promise<{ port: number; connections: () => number; closed: Promise<void>[] }> {
  const sockets = new Set<Socket>();
  const closed: Promise<void>[] = [];
  let count = 0;
  server.on('connection', (socket: Socket) => {
    count++;
    sockets.add(socket);
    closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    socket.once('close', () => sockets.delete(socket));
  });
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => count, closed };
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

/** An http server on 127.0.0.1 that records every request it is sent. */
async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  const listening = await listen(server);
  return { ...listening, host: `127.0.0.1:${listening.port}`, base: `http://127.0.0.1:${listening.port}`, seen };
}

/** A TCP server that answers every request with these bytes, as they are (no HTTP library between). */
async function rawServer(bytes: string) {
  const server = createTcpServer((socket) => socket.once('data', () => socket.write(bytes)));
  return listen(server);
}

/** Takes connections and never says a word (no HTTP status, no TLS handshake). */
async function mute() {
  return listen(createTcpServer(() => undefined));
}

/** Writes 64 KiB chunks as fast as the client reads, until it hangs up; resolves to the bytes written. */
function endless(res: ServerResponse): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let written = 0;
  return new Promise((resolve) => {
    res.once('close', () => resolve(written));
    const pump = () => {
      while (written < 1024 * 1024 * 1024) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
}

const never = () => new AbortController().signal;
const get = (signal = never(), headers: Record<string, string> = {}): HttpInit => ({ method: 'GET', headers, signal });
const transport = httpTransport();
const context = (extra: Partial<RegistryContext> = {}): RegistryContext => ({ transport, timeoutMs: 3000, tokens: new Map(), ...extra });
const refAt = (host: string) => parseImageRef(`${host}/chainguard/app:1-dev`);

describe('httpTransport', () => {
  it('sends what it is asked, plainly (no compression to inflate past a cap), and reads the answer', async () => {
    const registry = await httpServer((_req, res) => {
      res.setHeader('docker-content-digest', DIGEST);
      res.end('{"a":1}');
    });
    const answer = await transport(`${registry.base}/v2/a/manifests/1`, get(never(), { accept: 'application/x' }));
    expect({ status: answer.status, ok: answer.ok, digest: answer.header('Docker-Content-Digest') }).toEqual({ status: 200, ok: true, digest: DIGEST });
    expect((await answer.read(100)).toString()).toBe('{"a":1}');
    expect(registry.seen).toHaveLength(1);
    expect(registry.seen[0]).toMatchObject({ method: 'GET', url: '/v2/a/manifests/1', headers: { accept: 'application/x', 'user-agent': 'cg-debug' } });
    expect(registry.seen[0]?.headers['accept-encoding']).toBeUndefined();
  });

  it('keeps the connection for the next request once a body is read or dropped', async () => {
    const registry = await httpServer((_req, res) => res.end('{}'));
    await (await transport(`${registry.base}/v2/`, get())).read(10);
    (await transport(`${registry.base}/v2/`, get())).discard();
    await (await transport(`${registry.base}/v2/`, get())).read(10);
    expect({ requests: registry.seen.length, connections: registry.connections() }).toEqual({ requests: 3, connections: 1 });
  });

  it('never follows a redirect itself', async () => {
    const elsewhere = await httpServer((_req, res) => res.end('{}'));
    const registry = await httpServer((_req, res) => res.writeHead(302, { location: `${elsewhere.base}/x` }).end());
    const answer = await transport(`${registry.base}/v2/`, get());
    expect({ status: answer.status, location: answer.header('location') }).toEqual({ status: 302, location: `${elsewhere.base}/x` });
    expect(elsewhere.seen).toHaveLength(0);
  });

  it.each([
    { name: 'https anywhere', input: 'https://registry.example/v2/', want: undefined },
    { name: 'http to 127.0.0.1', input: 'http://127.0.0.1:5000/v2/', want: undefined },
    { name: 'http to localhost', input: 'http://localhost:5000/v2/', want: undefined },
    { name: 'http to [::1]', input: 'http://[::1]:5000/v2/', want: undefined },
    { name: 'http elsewhere', input: 'http://registry.example/v2/', want: 'plain http to registry.example refused: only loopback registries are asked over http' },
    { name: 'http to a name that starts like loopback', input: 'http://127.0.0.1.evil.example/v2/', want: 'plain http to 127.0.0.1.evil.example refused: only loopback registries are asked over http' },
    { name: 'file', input: 'file:///etc/passwd', want: 'file:// is not http or https' },
  ])('transportRefusal: $name', ({ input, want }) => {
    expect(transportRefusal(new URL(input))).toBe(want);
  });

  // Node 24 (the single executable) honours it (checked by hand through a local proxy); Node 20 ignores the option.
  it.each([
    { name: 'not asked', input: { env: { HTTPS_PROXY: 'http://proxy:3128' }, execArgv: [] }, want: false },
    { name: 'NODE_USE_ENV_PROXY=1', input: { env: { NODE_USE_ENV_PROXY: '1', HTTPS_PROXY: 'http://proxy:3128' }, execArgv: [] }, want: true },
    { name: 'NODE_USE_ENV_PROXY=0', input: { env: { NODE_USE_ENV_PROXY: '0' }, execArgv: [] }, want: false },
    { name: '--use-env-proxy', input: { env: {}, execArgv: ['--use-env-proxy'] }, want: true },
    { name: '--use-env-proxy in NODE_OPTIONS', input: { env: { NODE_OPTIONS: '--max-old-space-size=100 --use-env-proxy' }, execArgv: [] }, want: true },
    { name: 'a longer flag in NODE_OPTIONS', input: { env: { NODE_OPTIONS: '--use-env-proxy-not' }, execArgv: [] }, want: false },
  ])('proxyOption: $name', ({ input, want }) => {
    expect(proxyOption(input.env, input.execArgv)).toEqual(want ? { proxyEnv: input.env } : {});
  });

  // Plain http goes only to this machine, often with the loopback registry's credentials: a proxy (another
  // machine, over plain http) would see them, and would reach its own loopback, not this one's registry.
  it('asks a loopback registry directly even when the proxy environment is asked for', () => {
    const made: { secure: boolean; options: unknown }[] = [];
    const httpAgent = vi.spyOn(http, 'Agent').mockImplementation(function (this: unknown, options?: unknown) {
      made.push({ secure: false, options });
    } as never);
    const httpsAgent = vi.spyOn(https, 'Agent').mockImplementation(function (this: unknown, options?: unknown) {
      made.push({ secure: true, options });
    } as never);
    vi.stubEnv('NODE_USE_ENV_PROXY', '1');
    vi.stubEnv('HTTP_PROXY', 'http://proxy.example:3128');
    vi.stubEnv('HTTPS_PROXY', 'http://proxy.example:3128');
    try {
      httpTransport();
    } finally {
      httpAgent.mockRestore();
      httpsAgent.mockRestore();
      vi.unstubAllEnvs();
    }
    expect(made.map(({ secure, options }) => ({ secure, proxied: 'proxyEnv' in (options as object) }))).toEqual([
      { secure: false, proxied: false },
      { secure: true, proxied: true },
    ]);
  });

  it('sends nothing over plain http to a host that is not this machine', async () => {
    await expect(transport('http://registry.example/v2/', get(never(), { authorization: BASIC }))).rejects.toThrow(
      'plain http to registry.example refused: only loopback registries are asked over http',
    );
  });

  it('refuses a header value that would split the request, before sending anything', async () => {
    const registry = await httpServer((_req, res) => res.end());
    await expect(transport(`${registry.base}/v2/`, get(never(), { authorization: 'Bearer t\r\nX-Evil: 1' }))).rejects.toMatchObject({ code: 'ERR_INVALID_CHAR' });
    expect(registry.seen).toHaveLength(0);
  });
});

describe('deadlines and the caller\'s signal', () => {
  it('connect: an https server that never completes the TLS handshake', async () => {
    const { port } = await mute();
    await expect(transport(`https://127.0.0.1:${port}/v2/`, get(deadlineSignal(200)))).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('headers: a server that takes the request and never answers', async () => {
    const registry = await httpServer(() => undefined);
    await expect(transport(`${registry.base}/v2/`, get(deadlineSignal(200)))).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('body: a server that stops halfway through its answer', async () => {
    const registry = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"tags":[');
    });
    const answer = await transport(`${registry.base}/v2/`, get(deadlineSignal(200)));
    await expect(answer.read(1000)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('Ctrl-C while waiting for the headers ends the request and its connection', async () => {
    const registry = await httpServer(() => undefined);
    const controller = new AbortController();
    const pending = transport(`${registry.base}/v2/`, get(controller.signal));
    while (registry.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.all(registry.closed);
  });

  it('Ctrl-C while the body streams in', async () => {
    const registry = await httpServer((_req, res) => res.writeHead(200).write('{'));
    const controller = new AbortController();
    const answer = await transport(`${registry.base}/v2/`, get(controller.signal));
    const reading = answer.read(1000);
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await Promise.all(registry.closed);
  });

  it('a registry that never answers is unreachable with the deadline as its reason', async () => {
    const registry = await httpServer(() => undefined);
    await expect(headManifest(context({ timeoutMs: 300 }), refAt(registry.host))).resolves.toEqual({ status: 'unreachable', reason: 'timed out after 0.3s' });
  });

  it('a tags list that stops halfway is a reason naming the deadline', async () => {
    const registry = await httpServer((_req, res) => res.writeHead(200).write('{"tags":["1.2",'));
    await expect(listTags(context({ timeoutMs: 300 }), refAt(registry.host))).resolves.toEqual({ ok: false, reason: 'tags/list: timed out after 0.3s' });
  });

  it('Ctrl-C during the -dev image check is an interruption, not a fallback', async () => {
    const registry = await httpServer(() => undefined);
    const controller = new AbortController();
    const image = `${registry.host}/chainguard/app:1-dev`;
    const candidate: DevImageCandidate = { image, ref: parseImageRef(image), rule: 'tag-dev', confidence: 'exact', reason: 'r', warnings: [], conventional: true };
    const pending = resolveDevImage([candidate], { offline: false, signal: controller.signal, transport });
    while (registry.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(InterruptedError);
  });

  // Node hands a 101 it did not ask for to no one: it closes the socket, and the request emits neither a
  // response nor an error, only its close; a destroy() after that (the deadline, Ctrl-C) is a no-op.
  it('a 101 answer nobody asked for ends the request rather than outlasting every deadline', async () => {
    const { port } = await rawServer('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    await expect(transport(`http://127.0.0.1:${port}/v2/`, get(deadlineSignal(200)))).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(headManifest(context({ timeoutMs: 300 }), refAt(`127.0.0.1:${port}`))).resolves.toEqual({ status: 'unreachable', reason: 'ECONNRESET' });
  });

  it('a refused connection is unreachable with its code', async () => {
    const { port } = await mute();
    closers.splice(0).forEach((close) => close());
    await expect(headManifest(context(), refAt(`127.0.0.1:${port}`))).resolves.toEqual({ status: 'unreachable', reason: 'ECONNREFUSED' });
  });
});

describe('body size caps', () => {
  it('stops reading a body at the cap and hangs up', async () => {
    let written: Promise<number> = Promise.resolve(0);
    const registry = await httpServer((_req, res) => {
      written = endless(res);
    });
    const answer = await transport(`${registry.base}/v2/`, get());
    await expect(answer.read(BODY_LIMITS.config)).rejects.toBeInstanceOf(BodyTooLargeError);
    // The server stopped when we hung up: a few socket buffers past the cap, not the gigabyte it offered.
    expect(await written).toBeLessThan(64 * 1024 * 1024);
  });

  it('refuses a declared length over the cap without waiting for the body', async () => {
    const registry = await httpServer((_req, res) => res.writeHead(200, { 'content-length': String(BODY_LIMITS.token + 1) }).write('{'));
    const answer = await transport(`${registry.base}/v2/`, get());
    await expect(answer.read(BODY_LIMITS.token)).rejects.toThrow('the registry sent more than 1 MiB');
  });

  it('a huge tags list is a reason, not a crash', async () => {
    const registry = await httpServer((_req, res) => void endless(res));
    expect(await listTags(context(), refAt(registry.host))).toEqual({ ok: false, reason: 'tags/list: the registry sent more than 4 MiB' });
  });

  it('an endless body nobody wants costs its connection, not a wait', async () => {
    let written: Promise<number> = Promise.resolve(0);
    const registry = await httpServer((_req, res) => {
      res.statusCode = 401;
      written = endless(res);
    });
    (await transport(`${registry.base}/v2/`, get())).discard();
    await Promise.all(registry.closed);
    expect(await written).toBeLessThan(64 * 1024 * 1024);
  });

  it('a header section past Node\'s limit is refused', async () => {
    const { port } = await rawServer(`HTTP/1.1 200 OK\r\nX-Flood: ${'a'.repeat(64 * 1024)}\r\nContent-Length: 0\r\n\r\n`);
    await expect(headManifest(context(), refAt(`127.0.0.1:${port}`))).resolves.toEqual({ status: 'unreachable', reason: 'HPE_HEADER_OVERFLOW' });
  });

  it('a digest header with terminal escapes does not pin anything', async () => {
    const { port } = await rawServer(`HTTP/1.1 200 OK\r\nDocker-Content-Digest: sha256:x\u001b]0;t\u0007\r\nContent-Length: 0\r\n\r\n`);
    const result = await headManifest(context(), refAt(`127.0.0.1:${port}`));
    expect(result).not.toHaveProperty('digest');
    expect(JSON.stringify(result)).not.toMatch(/\\u001b|\\u0007/);
  });
});

describe('TLS', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cg-debug-registry-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A self-signed certificate (its own CA) for these names. */
  function certificate(name: string, altNames: string): { key: Buffer; cert: Buffer } {
    const key = join(dir, `${name}.key`);
    const cert = join(dir, `${name}.crt`);
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${altNames}`, '-days', '1', '-keyout', key, '-out', cert],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  }
  const local = certificate('registry', 'IP:127.0.0.1');
  const other = certificate('elsewhere', 'DNS:elsewhere.example');

  async function httpsServer(pair: { key: Buffer; cert: Buffer }) {
    const seen: string[] = [];
    const server = createHttpsServer(pair, (req, res) => {
      seen.push(String(req.headers.authorization));
      res.end('{}');
    });
    return { ...(await listen(server)), seen };
  }

  it('refuses a certificate nobody trusts, before any credential is sent', async () => {
    const registry = await httpsServer(local);
    await expect(transport(`https://127.0.0.1:${registry.port}/v2/`, get(never(), { authorization: BASIC }))).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(registry.seen).toEqual([]);
  });

  it('talks to the same server once its certificate is trusted', async () => {
    const registry = await httpsServer(local);
    const answer = await httpTransport({ ca: local.cert })(`https://127.0.0.1:${registry.port}/v2/`, get());
    expect(answer.status).toBe(200);
    answer.discard();
  });

  it('refuses a trusted certificate for another name', async () => {
    const registry = await httpsServer(other);
    await expect(httpTransport({ ca: other.cert })(`https://127.0.0.1:${registry.port}/v2/`, get())).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(registry.seen).toEqual([]);
  });
});

describe('the token dance and redirects over real sockets', () => {
  /** A loopback registry behind a Bearer token service at `realm`; the token is `tok`. */
  async function bearerRegistry(realm: (registry: string) => string, answer: (res: ServerResponse) => void = (res) => res.writeHead(200, { 'docker-content-digest': DIGEST }).end()) {
    const registry = await httpServer((req, res) => {
      if (req.headers.authorization === 'Bearer tok') return answer(res);
      res.writeHead(401, { 'www-authenticate': `Bearer realm="${realm(`127.0.0.1:${registry.port}`)}",service="reg"` }).end('{"errors":[]}');
    });
    return registry;
  }
  const withCreds = () => context({ auth: { credentialsFor: async () => ({ credentials: CREDS }) } });
  const token = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"tok"}');

  it('sends the credentials to the realm only, and the token to the registry only', async () => {
    const auth = await httpServer((_req, res) => token(res));
    const registry = await bearerRegistry(() => `${auth.base}/token`);
    expect(await headManifest(withCreds(), refAt(registry.host))).toEqual({ status: 'exists', digest: DIGEST });
    expect(auth.seen.map((s) => `${s.url} ${s.headers.authorization}`)).toEqual([`/token?service=reg&scope=repository%3Achainguard%2Fapp%3Apull ${BASIC}`]);
    expect(registry.seen.map((s) => s.headers.authorization ?? '-')).toEqual(['-', 'Bearer tok']);
  });

  it('does not carry the credentials when the realm redirects to another origin', async () => {
    const collector = await httpServer((_req, res) => token(res));
    const auth = await httpServer((_req, res) => res.writeHead(307, { location: `${collector.base}/steal` }).end());
    const registry = await bearerRegistry(() => `${auth.base}/token`);
    expect(await headManifest(withCreds(), refAt(registry.host))).toEqual({ status: 'exists', digest: DIGEST });
    expect(auth.seen.map((s) => s.headers.authorization)).toEqual([BASIC]);
    expect(collector.seen.map((s) => s.headers.authorization)).toEqual([undefined]);
  });

  it('does not carry the token when the registry redirects to another origin (a CDN)', async () => {
    const auth = await httpServer((_req, res) => token(res));
    const cdn = await httpServer((_req, res) => res.writeHead(200, { 'docker-content-digest': DIGEST }).end());
    const registry = await bearerRegistry(() => `${auth.base}/token`, (res) => res.writeHead(307, { location: `${cdn.base}/blob` }).end());
    expect(await headManifest(withCreds(), refAt(registry.host))).toEqual({ status: 'exists', digest: DIGEST });
    expect(cdn.seen.map((s) => s.headers.authorization)).toEqual([undefined]);
  });

  it('refuses a redirect from a loopback registry to plain http elsewhere, without connecting', async () => {
    const registry = await httpServer((_req, res) => res.writeHead(302, { location: 'http://collector.example/x' }).end());
    expect(await headManifest(withCreds(), refAt(registry.host))).toEqual({ status: 'unreachable', reason: 'refused a redirect to http://collector.example: only https is followed' });
  });

  it('stops after a bounded number of redirects', async () => {
    const registry = await httpServer((req, res) => res.writeHead(307, { location: `${req.url ?? ''}x` }).end());
    expect(await headManifest(context(), refAt(registry.host))).toEqual({ status: 'unreachable', reason: 'more than 5 redirects' });
    expect(registry.seen).toHaveLength(6);
  });
});
