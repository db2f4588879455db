// --as, --as-group and --as-uid reach the API server on every kind of request: the light REST client,
// its watches, the exec websocket and the generated client loaded later, all with the same lines (one
// rule, policyHeaders, decides them); each group is its own header line (the API server reads one group
// per line). A loopback server records the raw header lines.
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Kube } from '../../src/kube/client.js';
import { openExecSocket } from '../../src/kube/exec-socket.js';
import { installLightRequestPolicy } from '../../src/kube/request-policy.js';
import { requestOptions } from '../../src/kube/request-options.js';
import { localKube } from '../support/local-kube.js';
import { silentServer } from '../support/silent-server.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** The impersonation header lines of a request, in order, names lower-cased. */
function impersonationLines(request: IncomingMessage): [string, string][] {
  const raw = request.rawHeaders;
  const lines: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (name.startsWith('impersonate-')) lines.push([name, raw[i + 1] ?? '']);
  }
  return lines.sort();
}

/** A server that answers REST with a pod and refuses websocket upgrades, recording every request. */
function recordingServer() {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' } }));
  });
  server.on('upgrade', (request: IncomingMessage, socket) => {
    seen.push(request);
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  closers.push(() => server.close());
  return { server, seen };
}

const POD_PATH = '/api/v1/namespaces/shop/pods/web-1';

const WANT: [string, string][] = [
  ['impersonate-group', 'oncall'],
  ['impersonate-group', 'system:authenticated'],
  ['impersonate-uid', '1234'],
  ['impersonate-user', 'cg-viewer'],
];
const IMPERSONATE = { user: 'cg-viewer', groups: ['oncall', 'system:authenticated'], uid: '1234' };

/** Every kind of request a run sends: the light REST client, its watches, the exec websocket, the generated client. */
const CLIENTS: { name: string; send: (kube: Kube) => Promise<unknown> }[] = [
  { name: 'REST', send: (kube) => kube.rest.json({ method: 'GET', path: POD_PATH }) },
  {
    name: 'a watch (a streamed REST call)',
    send: async (kube) => (await kube.rest.stream({ method: 'GET', path: '/api/v1/namespaces/shop/pods', query: { watch: true } })).destroy(),
  },
  {
    name: 'the exec websocket',
    send: (kube) =>
      openExecSocket(kube, { namespace: 'shop', pod: 'web-1', container: 'dbg', command: ['true'], tty: false, stdin: null, stdout: new PassThrough(), stderr: null, stdinEnds: false }).catch(
        () => undefined,
      ),
  },
  { name: 'the generated client, loaded later', send: (kube) => kube.core.readNamespacedPod({ name: 'web-1', namespace: 'shop' }, requestOptions()) },
];

describe('impersonation on every request', () => {
  it.each(CLIENTS)('$name: user (over the kubeconfig\'s own as:), uid, and each group on its own line', async ({ send }) => {
    const { server, seen } = recordingServer();
    const kube = await localKube(server, 'shop', undefined, 'kubeconfig-user');
    installLightRequestPolicy(kube.kc, { impersonate: IMPERSONATE });
    await send(kube);
    expect(seen).toHaveLength(1);
    expect(impersonationLines(seen[0] as IncomingMessage)).toEqual(WANT);
  });

  it('every client sends the same lines: one rule decides them', async () => {
    const { server, seen } = recordingServer();
    const kube = await localKube(server, 'shop', undefined, 'kubeconfig-user');
    installLightRequestPolicy(kube.kc, { impersonate: { user: 'cg-viewer', groups: ['oncall'] } });
    for (const { send } of CLIENTS) await send(kube);
    expect(seen.map((request) => impersonationLines(request))).toEqual(
      CLIENTS.map(() => [
        ['impersonate-group', 'oncall'],
        ['impersonate-user', 'cg-viewer'],
      ]),
    );
    expect(seen[2]?.headers.upgrade).toBe('websocket');
  });

  it('no impersonation: no Impersonate-* header', async () => {
    const { server, seen } = recordingServer();
    const kube = await localKube(server);
    installLightRequestPolicy(kube.kc, {});
    await kube.rest.json({ method: 'GET', path: POD_PATH });
    expect(impersonationLines(seen[0] as IncomingMessage)).toEqual([]);
  });

  /** A server that accepts requests and never answers them, closed after the test. */
  function silent() {
    const { server, close } = silentServer();
    closers.push(close);
    return server;
  }

  /** A kubeconfig file for `server` (its user's token t), the server listening. */
  async function kubeconfigFor(server: ReturnType<typeof createServer>): Promise<string> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-policy-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'kubeconfig');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    writeFileSync(file, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "${url}", insecure-skip-tls-verify: true}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: ctx, context: {cluster: c, user: u}}]\ncurrent-context: ctx\n`);
    return file;
  }

  it('connect() installs it from the options, and the Kube says who it acts as', async () => {
    const { server, seen } = recordingServer();
    const kube = connect({ kubeconfig: await kubeconfigFor(server), impersonate: { user: 'cg-viewer', groups: [] } });
    expect(kube.impersonate).toEqual({ user: 'cg-viewer', groups: [] });
    await kube.rest.json({ method: 'GET', path: POD_PATH });
    expect(impersonationLines(seen[0] as IncomingMessage)).toEqual([['impersonate-user', 'cg-viewer']]);
    expect(seen[0]?.headers.authorization).toBe('Bearer t');
  });

  // The test's own 5s limit is far below the 30s built-in deadline: only --request-timeout can end these in time.
  it('--request-timeout: a REST request the server never answers is abandoned within it, not the built-in 30s', async () => {
    const kube = connect({ kubeconfig: await kubeconfigFor(silent()), requestTimeoutMs: 200 });
    await expect(kube.rest.json({ method: 'GET', path: POD_PATH })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('--request-timeout: a watch whose answer never starts is abandoned too', async () => {
    const kube = connect({ kubeconfig: await kubeconfigFor(silent()), requestTimeoutMs: 200 });
    await expect(kube.rest.stream({ method: 'GET', path: '/api/v1/namespaces/shop/pods', query: { watch: true } })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('--request-timeout: the generated client loaded later is bound by it too', async () => {
    const kube = connect({ kubeconfig: await kubeconfigFor(silent()), requestTimeoutMs: 200 });
    await expect(kube.core.readNamespacedPod({ name: 'web-1', namespace: 'shop' }, requestOptions())).rejects.toThrow();
  });
});
