// Every API wait has a deadline: a server that accepts connections and never answers must not hold a
// run, and the first signal must end any wait.
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { V1Pod } from '@kubernetes/client-node';
import { InterruptedError, TimeoutError, UnreachableError } from '../../src/core/errors.js';
import { toKubeError } from '../../src/kube/api-errors.js';
import type { PodSource } from '../../src/kube/observe-pod.js';
import { requestOptions } from '../../src/kube/request-options.js';
import { waitForContainerWith } from '../../src/kube/wait-container.js';
import { localKube } from '../support/local-kube.js';
import { silentServer } from '../support/silent-server.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A server that never answers, closed after the test. */
function silent(): Server {
  const { server, close } = silentServer();
  closers.push(close);
  return server;
}

describe('REST deadline', () => {
  it('abandons a request the server never answers and names it', async () => {
    const kube = await localKube(silent());
    const startedAt = Date.now();
    const error = await kube.core
      .readNamespacedPod({ name: 'web-1', namespace: 'shop' }, requestOptions(undefined, {}, 300))
      .catch((e: unknown) => toKubeError(e, { verb: 'get', resource: 'pods', server: kube.server, timeoutMs: 300 }));
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toBe(`${kube.server} did not answer within 0.3s to get pods`);
  });

  it('the caller\'s signal still interrupts before the deadline', async () => {
    const kube = await localKube(silent());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await kube.core
      .readNamespacedPod({ name: 'web-1', namespace: 'shop' }, requestOptions(controller.signal))
      .catch((e: unknown) => toKubeError(e, { verb: 'get', resource: 'pods', signal: controller.signal }));
    expect(error).toBeInstanceOf(InterruptedError);
  });
});

function runningPod(): V1Pod {
  return {
    metadata: { name: 'app', namespace: 'ns', resourceVersion: '5' },
    spec: { containers: [{ name: 'app' }], ephemeralContainers: [{ name: 'dbg', image: 'reg/app:1-dev' }] },
    status: {
      phase: 'Running',
      ephemeralContainerStatuses: [{ name: 'dbg', image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } }],
    },
  };
}

const waitOptions = { namespace: 'ns', pod: 'app', container: 'dbg', onStep: () => undefined, now: () => 0 };

describe('the wait rides out an API server restart', () => {
  it('retries a GET refused while the server is down until it answers', async () => {
    let gets = 0;
    const source: PodSource = {
      get: async () => {
        gets++;
        if (gets < 4) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
        return { pod: runningPod(), resourceVersion: '1' };
      },
      watch: () => Promise.reject(new Error('not reached')),
    };
    await expect(waitForContainerWith(source, { ...waitOptions, timeoutMs: 10_000 })).resolves.toEqual({ state: 'running' });
    expect(gets).toBe(4);
  });

  it('still ends at its own deadline when the server never comes back', async () => {
    const source: PodSource = {
      get: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
      },
      watch: () => Promise.reject(new Error('not reached')),
    };
    await expect(waitForContainerWith(source, { ...waitOptions, timeoutMs: 1_000 })).rejects.toBeInstanceOf(TimeoutError);
  });

  it('a signal ends the retries at once', async () => {
    const controller = new AbortController();
    const source: PodSource = {
      get: async () => {
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      watch: () => Promise.reject(new Error('not reached')),
    };
    setTimeout(() => controller.abort(), 100);
    await expect(waitForContainerWith(source, { ...waitOptions, timeoutMs: 60_000, signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
  });

  it('a permission error is not retried', async () => {
    let gets = 0;
    const source: PodSource = {
      get: async () => {
        gets++;
        throw Object.assign(new Error('forbidden'), { code: 403, body: '{"message":"pods \\"app\\" is forbidden"}' });
      },
      watch: () => Promise.reject(new Error('not reached')),
    };
    await expect(waitForContainerWith(source, { ...waitOptions, timeoutMs: 5_000 })).rejects.toMatchObject({ exitCode: 69 });
    expect(gets).toBe(1);
  });
});

describe('the watch of a server that never answers', () => {
  it('returns its stop function at once, before any header arrives', async () => {
    const tcp: TcpServer = createTcpServer((socket) => socket.on('data', () => undefined));
    closers.push(() => tcp.close());
    const kube = await localKube(tcp as unknown as Server);
    const { apiPodSource } = await import('../../src/kube/observe-pod.js');
    const done: unknown[] = [];
    const stop = await Promise.race([
      apiPodSource(kube, 'ns', 'app').watch('1', () => undefined, (e) => done.push(e)),
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 2_000)),
    ]);
    expect(stop).toBeTypeOf('function');
    if (typeof stop === 'function') stop();
    expect(done).toEqual([]);
  });
});
