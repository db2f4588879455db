// The session's REST client: deadlines, the caller's signal, headers, and kubeconfig credentials, against
// loopback servers that misbehave as a hostile or broken API server would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { InterruptedError, UnreachableError } from '../../src/core/errors.js';
import { toKubeError } from '../../src/kube/api-errors.js';
import { connect } from '../../src/kube/client.js';
import { readKubeconfigFile } from '../../src/kube/kubeconfig.js';
import { restClient, RestError } from '../../src/kube/rest.js';
import { localKube } from '../support/local-kube.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});
const dir = mkdtempSync(path.join(tmpdir(), 'cg-rest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A server that answers each request with `handle`; records the headers it was sent. */
function server(handle: (res: ServerResponse) => void): { server: Server; seen: IncomingHttpHeaders[] } {
  const seen: IncomingHttpHeaders[] = [];
  const s = createServer((req, res) => {
    seen.push(req.headers);
    handle(res);
  });
  closers.push(() => {
    s.closeAllConnections();
    s.close();
  });
  return { server: s, seen };
}

const GET = { method: 'GET' as const, path: '/api/v1/namespaces/shop/pods/web-1' };
const action = (kube: { server: string }, signal?: AbortSignal) => ({ verb: 'get', resource: 'pods', server: kube.server, signal, timeoutMs: 300 });

describe('rest client deadlines', () => {
  it('abandons a request the server never answers', async () => {
    const kube = await localKube(server(() => undefined).server);
    const error = await kube.rest.json({ ...GET, timeoutMs: 300 }).catch((e: unknown) => toKubeError(e, action(kube)));
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toBe(`${kube.server} did not answer within 0.3s to get pods`);
  });

  it('the deadline covers the body too: headers, then silence', async () => {
    const kube = await localKube(
      server((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"kind":');
      }).server,
    );
    const error = await kube.rest.json({ ...GET, timeoutMs: 300 }).catch((e: unknown) => toKubeError(e, action(kube)));
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toBe(`${kube.server} did not answer within 0.3s to get pods`);
  });

  it("the caller's signal interrupts before the deadline", async () => {
    const kube = await localKube(server(() => undefined).server);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await kube.rest.json({ ...GET, signal: controller.signal }).catch((e: unknown) => toKubeError(e, action(kube, controller.signal)));
    expect(error).toBeInstanceOf(InterruptedError);
  });

  it('a stream (a watch) outlives the deadline once its headers arrived', async () => {
    const kube = await localKube(
      server((res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED"}\n');
        setTimeout(() => res.end('{"type":"MODIFIED"}\n'), 400);
      }).server,
    );
    const response = await kube.rest.stream({ ...GET, timeoutMs: 200 });
    let text = '';
    for await (const chunk of response) text += String(chunk);
    expect(text).toBe('{"type":"ADDED"}\n{"type":"MODIFIED"}\n');
  });
});

describe('rest client answers', () => {
  it('an error status is thrown with its body and headers, as api-errors.ts reads them', async () => {
    const { server: s } = server((res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      res.end(JSON.stringify({ kind: 'Status', code: 429, message: 'slow down' }));
    });
    const kube = await localKube(s);
    const error = await kube.rest.json(GET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ code: 429, headers: { 'retry-after': '1' } });
    expect(JSON.parse((error as RestError).body)).toMatchObject({ message: 'slow down' });
  });

  it('refuses an answer larger than its limit instead of holding it', async () => {
    const { server: s } = server((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: 'x'.repeat(10_000) }));
    });
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const rest = restClient({ server: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, applyToHTTPSOptions: async () => undefined }, { maxJsonBody: 1024 });
    await expect(rest.json(GET)).rejects.toThrow('larger than 1024 bytes');
  });

  it('a 2xx body that is not JSON is an error, not a crash', async () => {
    const kube = await localKube(server((res) => res.end('<html>')).server);
    await expect(kube.rest.json(GET)).rejects.toThrow(/not JSON/);
  });

  it('sends the target\'s headers on every request (impersonation), after the credentials', async () => {
    const { server: s, seen } = server((res) => res.end('{}'));
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const rest = restClient({
      server: `http://127.0.0.1:${(s.address() as AddressInfo).port}`,
      applyToHTTPSOptions: async (opts) => {
        opts.headers = { Authorization: 'Bearer t' };
      },
      headers: { 'Impersonate-User': 'jane' },
    });
    await rest.json({ ...GET, headers: { 'X-Call': '1' } });
    expect(seen[0]).toMatchObject({ authorization: 'Bearer t', 'impersonate-user': 'jane', 'x-call': '1', accept: 'application/json' });
  });
});

describe('kubeconfig credentials on the session\'s requests', () => {
  async function kubeconfigFor(s: Server, user: Record<string, unknown>): Promise<string> {
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    const file = path.join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- {name: c, cluster: {server: "http://127.0.0.1:${(s.address() as AddressInfo).port}", insecure-skip-tls-verify: true}}`,
        'users:',
        `- {name: u, user: ${JSON.stringify(user)}}`,
        'contexts:',
        '- {name: x, context: {cluster: c, user: u, namespace: team}}',
        'current-context: x',
      ].join('\n'),
    );
    return file;
  }

  it.each([
    { name: 'a token', user: { token: 'abc' }, want: { authorization: 'Bearer abc' } },
    { name: 'basic auth', user: { username: 'ann', password: 'pw' }, want: { authorization: `Basic ${Buffer.from('ann:pw').toString('base64')}` } },
    { name: 'impersonation in the kubeconfig', user: { token: 'abc', as: 'bob' }, want: { authorization: 'Bearer abc', 'impersonate-user': 'bob' } },
  ])('$name', async ({ user, want }) => {
    const { server: s, seen } = server((res) => res.end('{}'));
    const kube = connect({ kubeconfig: await kubeconfigFor(s, user) }, {});
    expect(kube.namespace).toBe('team');
    await kube.rest.json(GET);
    expect(seen[0]).toMatchObject(want);
  });

  it('makes relative certificate paths relative to the kubeconfig file, as kubectl does', () => {
    const file = path.join(dir, 'relative.yaml');
    writeFileSync(
      file,
      'clusters: [{name: c, cluster: {server: "https://x:6443", certificate-authority: ca.crt}}]\nusers: [{name: u, user: {client-certificate: certs/u.crt, client-key: /abs/u.key}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    const options = readKubeconfigFile(file);
    expect(options.clusters[0]?.caFile).toBe(path.join(dir, 'ca.crt'));
    expect(options.users[0]).toMatchObject({ certFile: path.join(dir, 'certs/u.crt'), keyFile: '/abs/u.key' });
    expect(options.currentContext).toBe('x');
  });
});
