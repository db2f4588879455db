import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { InterruptedError, UnreachableError } from '../../src/core/errors.js';
import { getPod } from '../../src/kube/pods.js';
import { withRetryAfter } from '../../src/kube/retry.js';
import { localKube } from '../support/local-kube.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** Answers the first requests with `refusals` (status, Retry-After), then with the pod. */
async function kubeRefusing(refusals: [number, string | undefined][]) {
  const seen: number[] = [];
  server = createServer((_req, res) => {
    seen.push(Date.now());
    const refusal = refusals[seen.length - 1];
    res.setHeader('content-type', 'application/json');
    if (refusal) {
      res.statusCode = refusal[0];
      if (refusal[1] !== undefined) res.setHeader('retry-after', refusal[1]);
      return res.end(JSON.stringify({ kind: 'Status', code: refusal[0], message: 'too many requests, please try again later' }));
    }
    res.end(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' } }));
  });
  return { kube: await localKube(server), seen };
}

describe('Retry-After on API calls', () => {
  it('waits as 429 says and gets the pod', async () => {
    const { kube, seen } = await kubeRefusing([[429, '1'], [503, '0']]);
    const pod = await getPod(kube, 'shop', 'web-1');
    expect(pod.metadata?.name).toBe('web-1');
    expect(seen).toHaveLength(3);
    expect((seen[1] ?? 0) - (seen[0] ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it('gives up after three retries with the server\'s answer', async () => {
    const { kube, seen } = await kubeRefusing([[429, '0'], [429, '0'], [429, '0'], [429, '0'], [429, '0']]);
    const error = await getPod(kube, 'shop', 'web-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as UnreachableError).message).toMatch(/answered HTTP 429 to get pods/);
    expect(seen).toHaveLength(4);
  });

  it('does not wait an hour', async () => {
    const { kube, seen } = await kubeRefusing([[503, '3600']]);
    await expect(getPod(kube, 'shop', 'web-1')).rejects.toBeInstanceOf(UnreachableError);
    expect(seen).toHaveLength(1);
  });

  it('a signal ends the wait', async () => {
    const controller = new AbortController();
    const failing = () => Promise.reject(Object.assign(new Error('busy'), { code: 429, headers: { 'retry-after': '9' } }));
    setTimeout(() => controller.abort(), 50);
    await expect(withRetryAfter(failing, { signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
  });
});
