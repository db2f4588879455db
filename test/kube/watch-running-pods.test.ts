import { createServer, type Server, type ServerResponse } from 'node:http';
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { kubePodListSource, watchPods, type PodListEvent, type PodListSource } from '../../src/kube/watch-running-pods.js';
import { localKube } from '../support/local-kube.js';
import { kubeFor } from '../../src/kube/client.js';
import { makePod } from '../tui/support/pods.js';

type WatchScript = { type: string; object: unknown }[];

/** A source that serves scripted lists and watches, recording the resourceVersions it was asked for. */
function scripted(lists: (V1Pod[] | Error)[], watches: (WatchScript | Error)[]) {
  const calls: string[] = [];
  let rv = 0;
  const source: PodListSource = {
    async list() {
      const next = lists.shift();
      calls.push('list');
      if (next === undefined) throw new Error('no more lists');
      if (next instanceof Error) throw next;
      return { items: next, resourceVersion: String(++rv * 100) };
    },
    async watch(_ns, resourceVersion, onEvent, signal) {
      calls.push(`watch@${resourceVersion}`);
      const next = watches.shift();
      if (next === undefined) {
        // Stay open until the test aborts.
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        return;
      }
      if (next instanceof Error) throw next;
      for (const e of next) if (!signal.aborted) onEvent(e.type, e.object);
    },
  };
  return { source, calls };
}

function withRv(pod: V1Pod, rv: string): V1Pod {
  return { ...pod, metadata: { ...pod.metadata, resourceVersion: rv } };
}

function summarize(e: PodListEvent): string {
  switch (e.type) {
    case 'reset':
    case 'page':
      // `+`: the event says more pages of the list follow.
      return `${e.type}:${e.pods.map((p) => p.metadata?.name).join(',')}${e.more === true ? '+' : ''}`;
    case 'upsert':
    case 'delete':
      return `${e.type}:${e.pod.metadata?.name}`;
    case 'error':
      return `error:${e.retryInMs}`;
  }
}

/**
 * The events until `until` holds, or whatever came within a second: a missing event then fails the
 * comparison that follows, with the events that did come, instead of hanging until the test times out.
 */
async function collect(source: PodListSource, until: (events: string[]) => boolean): Promise<string[]> {
  const events: string[] = [];
  const controller = new AbortController();
  const done = watchPods(source, {
    namespace: 'shop',
    signal: AbortSignal.any([controller.signal, AbortSignal.timeout(1000)]),
    sleep: async () => undefined,
    onEvent: (e) => {
      events.push(summarize(e));
      if (until(events)) controller.abort();
    },
  });
  await done;
  return events;
}

const a = makePod({ name: 'a' });
const b = makePod({ name: 'b' });

describe('watchPods', () => {
  it('lists, then streams adds, updates and deletes', async () => {
    const { source, calls } = scripted(
      [[a]],
      [
        [
          { type: 'ADDED', object: withRv(b, '101') },
          { type: 'BOOKMARK', object: { metadata: { resourceVersion: '150' } } },
          { type: 'MODIFIED', object: withRv(a, '160') },
          { type: 'DELETED', object: withRv(b, '170') },
        ],
      ],
    );
    const events = await collect(source, (e) => e.length === 4);
    expect(events).toEqual(['reset:a', 'upsert:b', 'upsert:a', 'delete:b']);
    expect(calls).toEqual(['list', 'watch@100']);
  });

  it('passes on only pod objects: a null or a string in a list or a watch event is dropped', async () => {
    const { source } = scripted(
      [[null, a, 'x'] as unknown as V1Pod[]],
      [
        [
          { type: 'ADDED', object: null },
          { type: 'MODIFIED', object: 'x' },
          { type: 'DELETED', object: 7 },
          { type: 'ADDED', object: withRv(b, '101') },
        ],
      ],
    );
    const shapes: string[] = [];
    const controller = new AbortController();
    await watchPods(source, {
      namespace: 'shop',
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(1000)]),
      sleep: async () => undefined,
      onEvent: (e) => {
        const pods = e.type === 'reset' || e.type === 'page' ? e.pods : e.type === 'error' ? [] : [e.pod];
        shapes.push(`${e.type}:${pods.map((p: unknown) => (typeof p === 'object' && p !== null ? (p as V1Pod).metadata?.name : typeof p)).join(',')}`);
        if (e.type === 'upsert') controller.abort();
      },
    });
    expect(shapes).toEqual(['reset:a', 'upsert:b']);
  });

  it('re-watches from the last resourceVersion when the server closes the stream', async () => {
    const { source, calls } = scripted([[a]], [[{ type: 'ADDED', object: withRv(b, '120') }], [], [{ type: 'DELETED', object: withRv(a, '130') }]]);
    const events = await collect(source, (e) => e.length === 3);
    expect(events).toEqual(['reset:a', 'upsert:b', 'delete:a']);
    expect(calls).toEqual(['list', 'watch@100', 'watch@120', 'watch@120']);
  });

  it('relists on 410 Gone and replaces the whole set', async () => {
    const { source, calls } = scripted(
      [[a], [b]],
      [[{ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version' } }]],
    );
    const events = await collect(source, (e) => e.length === 2);
    expect(events).toEqual(['reset:a', 'reset:b']);
    expect(calls).toEqual(['list', 'watch@100', 'list']);
  });

  it('asks for the next page before handing on this one, and relists from the start when a later page fails', async () => {
    const calls: string[] = [];
    const pages = new Map<string | undefined, { items: V1Pod[]; continue?: string } | Error>([
      [undefined, { items: [a], continue: 'p2' }],
      ['p2', new Error('connection reset')],
    ]);
    const source: PodListSource = {
      async list(_ns, _signal, token) {
        calls.push(`list@${token ?? 'start'}`);
        const page = pages.get(token);
        if (page instanceof Error) {
          // The second attempt succeeds.
          pages.set(token, { items: [b] });
          throw page;
        }
        return { resourceVersion: '9', ...(page as { items: V1Pod[] }) };
      },
      async watch(_ns, resourceVersion, _onEvent, signal) {
        calls.push(`watch@${resourceVersion}`);
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      },
    };
    const events = await collect(source, (e) => {
      // At each first page's event the second page is already requested.
      if (e.at(-1)?.startsWith('reset')) calls.push('event');
      return e.length === 4;
    });
    expect(events).toEqual(['reset:a+', 'error:500', 'reset:a+', 'page:b']);
    expect(calls).toEqual(['list@start', 'list@p2', 'event', 'list@start', 'list@p2', 'event']);
  });

  it('reports failures with a growing backoff and recovers', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const { source } = scripted([refused, refused, [a]], []);
    const events = await collect(source, (e) => e.includes('reset:a'));
    expect(events).toEqual(['error:500', 'error:1000', 'reset:a']);
  });

  it('stops when aborted while the watch is open', async () => {
    const { source, calls } = scripted([[a]], []);
    const controller = new AbortController();
    // Aborted the moment the watch is open.
    const opened: PodListSource = {
      ...source,
      watch: (...args) => {
        const open = source.watch(...args);
        controller.abort();
        return open;
      },
    };
    const done = watchPods(opened, { namespace: undefined, signal: controller.signal, onEvent: () => undefined });
    // A watch that ignored the signal would fail here with what it did, not by the test's timeout.
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('still running after 1 s'), 1000).unref());
    await expect(Promise.race([done.then(() => 'stopped'), late])).resolves.toBe('stopped');
    expect(calls).toEqual(['list', 'watch@100']);
  });
});

describe('kubePodListSource against an HTTP API', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('lists in pages with the Running field selector, then watches from the list resourceVersion', async () => {
    const requests: string[] = [];
    let watcher: ServerResponse | undefined;
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push(`${url.pathname}?${[...url.searchParams].map(([k, v]) => `${k}=${v}`).sort().join('&')}`);
      res.setHeader('content-type', 'application/json');
      if (url.searchParams.get('watch') === 'true') {
        watcher = res;
        res.write(`${JSON.stringify({ type: 'ADDED', object: withRv(b, '8') })}\n`);
        return;
      }
      // Two pages: the second is asked for with the first one's continue token.
      const more = url.searchParams.get('continue') === null;
      res.end(
        JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: { resourceVersion: '7', ...(more ? { continue: 'page-2' } : {}) },
          items: more ? [a] : [makePod({ name: 'c' })],
        }),
      );
    });
    const kube = await localKube(server);

    const events = await collect(kubePodListSource(kube), (e) => e.length === 3);
    watcher?.end();
    expect(events).toEqual(['reset:a+', 'page:c', 'upsert:b']);
    expect(requests).toEqual([
      '/api/v1/namespaces/shop/pods?fieldSelector=status.phase=Running&limit=500',
      '/api/v1/namespaces/shop/pods?continue=page-2&fieldSelector=status.phase=Running&limit=2000',
      '/api/v1/namespaces/shop/pods?allowWatchBookmarks=true&fieldSelector=status.phase=Running&resourceVersion=7&timeoutSeconds=60&watch=true',
    ]);
  });
});

describe('kubePodListSource deadlines', () => {
  let quiet: Server | undefined;
  afterEach(() => {
    quiet?.closeAllConnections();
    quiet?.close();
  });

  it('a watch that goes silent is ended by the idle deadline and re-established from where it was', async () => {
    const watches: string[] = [];
    quiet = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (url.searchParams.get('watch') === 'true') {
        // Headers, then nothing: a connection that died without a FIN looks like this.
        watches.push(`rv=${url.searchParams.get('resourceVersion')} timeoutSeconds=${url.searchParams.get('timeoutSeconds')}`);
        res.flushHeaders();
        return;
      }
      res.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items: [a] }));
    });
    const kube = await localKube(quiet);
    const events: string[] = [];
    const controller = new AbortController();
    await watchPods(kubePodListSource(kube, { idleMs: 20 }), {
      namespace: 'shop',
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(5000)]),
      sleep: async () => undefined,
      onEvent: (e) => {
        events.push(e.type === 'error' ? `error:${e.error.message}` : summarize(e));
        if (e.type === 'error' && watches.length >= 2) controller.abort();
      },
    });
    expect(events[0]).toBe('reset:a');
    expect(events.slice(1)).toEqual(['error:cannot reach the API server (ETIMEDOUT)', 'error:cannot reach the API server (ETIMEDOUT)']);
    // Each watch asks the server to end it in time, and the next resumes from the same resourceVersion.
    expect(watches).toEqual(['rv=7 timeoutSeconds=60', 'rv=7 timeoutSeconds=60']);
  });
});

describe('kubePodListSource list deadline', () => {
  let mute: Server | undefined;
  afterEach(() => {
    mute?.closeAllConnections();
    mute?.close();
  });

  it('a list the server accepts and never answers ends at the request deadline and is tried again', async () => {
    let lists = 0;
    // Accepts the list, sends its headers, and nothing more: a stalled API server or proxy.
    mute = createServer((_req, res) => {
      lists++;
      res.setHeader('content-type', 'application/json');
      res.flushHeaders();
    });
    const local = await localKube(mute);
    // --request-timeout's figure: every API request is abandoned after it.
    const kube = kubeFor(local.kc, 'shop', 50);
    const errors: string[] = [];
    const controller = new AbortController();
    await watchPods(kubePodListSource(kube), {
      namespace: 'shop',
      // Only so that a missing deadline fails this test instead of hanging it.
      signal: AbortSignal.any([controller.signal, AbortSignal.timeout(3000)]),
      sleep: async () => undefined,
      onEvent: (e) => {
        if (e.type === 'error') errors.push(`${e.error.name}: ${e.error.message}`);
        if (errors.length === 2) controller.abort();
      },
    });
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^UnreachableError: .*did not answer.* to list pods/);
    expect(lists).toBe(2);
  });
});

describe('kubePodListSource errors', () => {
  let api: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (api ? api.close(() => resolve()) : resolve())));

  it('maps a refused list (403) to a typed error event naming the permission', async () => {
    api = createServer((_req, res) => {
      res.statusCode = 403;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'Status', code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "jane" cannot list resource "pods"' }));
    });
    const kube = await localKube(api);
    const errors: Error[] = [];
    const controller = new AbortController();
    await watchPods(kubePodListSource(kube), {
      namespace: 'shop',
      signal: controller.signal,
      sleep: async () => undefined,
      onEvent: (e) => {
        if (e.type === 'error') errors.push(e.error);
        controller.abort();
      },
    });
    expect(errors[0]?.name).toBe('ForbiddenError');
    expect(errors[0]?.message).toContain('cannot list pods in namespace shop');
  });
});
