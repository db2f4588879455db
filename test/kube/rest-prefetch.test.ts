// Reads sent ahead (rest.ts prefetch): one connection, one after another, and the session's own call of the
// same read takes the answer instead of sending it again, errors included, against a loopback server.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../src/core/errors.js';
import { accessReview } from '../../src/kube/access-review.js';
import { toKubeError } from '../../src/kube/api-errors.js';
import { accessReviewCall, namespacePath, podPath } from '../../src/kube/first-reads.js';
import { restClient } from '../../src/kube/rest.js';
import { localKube } from '../support/local-kube.js';

interface Seen {
  method: string | undefined;
  path: string | undefined;
  body: string;
  socket: Socket;
}

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A server that records each request (and its connection) once its body is read, then lets `answer` reply. */
function recording(answer: (req: Seen, res: ServerResponse) => void): { server: Server; seen: Seen[]; connections: () => number } {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const entry = { method: req.method, path: req.url, body, socket: req.socket };
      seen.push(entry);
      answer(entry, res);
    });
  });
  server.on('connection', () => connections++);
  closers.push(() => {
    server.closeAllConnections();
    server.close();
  });
  return { server, seen, connections: () => connections };
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const POD = podPath('shop', 'web-1');
const NAMESPACE = namespacePath('shop');
const EXEC = { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop' };

describe('reads sent ahead', () => {
  it('go one after another on one connection, and the later call of each takes its answer: nothing is sent twice', async () => {
    const { server, seen, connections } = recording((req, res) => {
      if (req.path === POD) return json(res, 200, { metadata: { name: 'web-1' } });
      if (req.path === NAMESPACE) return json(res, 200, { metadata: { name: 'shop' } });
      return json(res, 201, { status: { allowed: true } });
    });
    const kube = await localKube(server);
    const signal = new AbortController().signal;
    kube.rest.prefetch([{ method: 'GET', path: POD, signal }, { method: 'GET', path: NAMESPACE, signal }, accessReviewCall(EXEC, signal)]);

    const [pod, ns, review] = await Promise.all([
      kube.rest.json({ method: 'GET', path: POD, signal }),
      kube.rest.json({ method: 'GET', path: NAMESPACE, signal }),
      accessReview(kube, EXEC, signal),
    ]);
    expect(pod).toEqual({ metadata: { name: 'web-1' } });
    expect(ns).toEqual({ metadata: { name: 'shop' } });
    expect(review).toEqual({ allowed: true });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${POD}`, `GET ${NAMESPACE}`, 'POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews']);
    expect(JSON.parse(seen[2]?.body ?? '')).toMatchObject({ kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb: 'create', subresource: 'exec' } } });
    expect(connections()).toBe(1);

    // Taken once: asking again reads again.
    await kube.rest.json({ method: 'GET', path: POD, signal });
    expect(seen).toHaveLength(4);
  });

  it('the next read is sent only once the one before is answered', async () => {
    const held: ServerResponse[] = [];
    const { server, seen } = recording((req, res) => (req.path === POD ? held.push(res) : json(res, 200, {})));
    const kube = await localKube(server);
    const signal = new AbortController().signal;
    kube.rest.prefetch([{ method: 'GET', path: POD, signal }, { method: 'GET', path: NAMESPACE, signal }]);
    await expect.poll(() => held.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.map((r) => r.path)).toEqual([POD]);
    json(held[0] as ServerResponse, 200, {});
    await expect.poll(() => seen.map((r) => r.path)).toEqual([POD, NAMESPACE]);
  });

  it("an error answer is the later call's, read as the same typed error a direct call gets", async () => {
    const forbidden = { kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods "web-1" is forbidden: User "jane" cannot get resource "pods"' };
    const { server, seen } = recording((_req, res) => json(res, 403, forbidden));
    const kube = await localKube(server);
    const signal = new AbortController().signal;
    const action = { verb: 'get', resource: 'pods', namespace: 'shop', name: 'web-1', server: kube.server, signal, timeoutMs: 1000 };

    const direct = await kube.rest.json({ method: 'GET', path: POD, signal }).then(() => undefined, (e: unknown) => toKubeError(e, action));
    kube.rest.prefetch([{ method: 'GET', path: POD, signal }]);
    const ahead = await kube.rest.json({ method: 'GET', path: POD, signal }).then(() => undefined, (e: unknown) => toKubeError(e, action));
    expect(ahead).toBeInstanceOf(ForbiddenError);
    expect(ahead).toEqual(direct);
    expect(ahead?.hint).toBe(direct?.hint);
    expect(seen).toHaveLength(2);
  });

  it('the first Ctrl-C (the signal) ends a read sent ahead that the server never answers, and those queued behind it', async () => {
    const { server, seen } = recording(() => undefined);
    const kube = await localKube(server);
    const controller = new AbortController();
    kube.rest.prefetch([{ method: 'GET', path: POD, signal: controller.signal }, { method: 'GET', path: NAMESPACE, signal: controller.signal }]);
    await expect.poll(() => seen.length).toBe(1);
    const pod = kube.rest.json({ method: 'GET', path: POD, signal: controller.signal });
    const ns = kube.rest.json({ method: 'GET', path: NAMESPACE, signal: controller.signal });
    controller.abort();
    await expect(pod).rejects.toMatchObject({ name: 'AbortError' });
    await expect(ns).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });

  // --request-timeout (or the built-in 30 s) bounds each call from when it is made; a read sent ahead waits
  // behind the one before it, so the chain must not add that read's wait to the caller's.
  it('a call that takes a queued read waits no longer than its own deadline, even when the read before it hangs', async () => {
    const { server, seen } = recording(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const rest = restClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, applyToHTTPSOptions: async () => undefined, requestTimeoutMs: 300 });
    const signal = new AbortController().signal;
    rest.prefetch([accessReviewCall(EXEC, signal), accessReviewCall({ ...EXEC, verb: 'get' }, signal)]);
    const settled: string[] = [];
    const first = rest.json(accessReviewCall(EXEC, signal)).catch((error: unknown) => {
      settled.push('first');
      throw error;
    });
    const second = rest.json(accessReviewCall({ ...EXEC, verb: 'get' }, signal)).catch((error: unknown) => {
      settled.push('second');
      throw error;
    });
    second.catch(() => undefined);
    await expect(first).rejects.toMatchObject({ name: 'AbortError' });
    // Both were asked at the same moment with the same deadline: the second has given up by now too,
    // rather than only now being sent for another full deadline.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toEqual(['first', 'second']);
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen.length).toBeLessThanOrEqual(2);
  });

  it('a failed read that no one asks for again is not an unhandled rejection', async () => {
    const { server } = recording((req) => req.socket.destroy());
    const kube = await localKube(server);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      kube.rest.prefetch([{ method: 'GET', path: POD }, { method: 'GET', path: NAMESPACE }]);
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it.each([
    { name: 'another signal', call: { method: 'GET' as const, path: POD, signal: new AbortController().signal } },
    { name: 'a query', call: { method: 'GET' as const, path: POD, query: { resourceVersion: '0' } } },
    { name: 'headers of its own', call: { method: 'GET' as const, path: POD, headers: { 'X-Call': '1' } } },
    { name: 'another review', call: accessReviewCall({ ...EXEC, verb: 'get' }) },
    { name: 'another deadline', call: { method: 'GET' as const, path: POD, timeoutMs: 1000 } },
  ])('a call with $name is not the one sent ahead: it is sent itself', async ({ call }) => {
    const { server, seen } = recording((_req, res) => json(res, 200, { status: { allowed: true } }));
    const kube = await localKube(server);
    kube.rest.prefetch([{ method: 'GET', path: POD }, accessReviewCall(EXEC)]);
    await expect.poll(() => seen.length).toBe(2);
    await kube.rest.json(call);
    expect(seen).toHaveLength(3);
  });
});
