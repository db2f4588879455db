// Scripted registries written as fetch-shaped functions (a URL and init in, a Response out), run as the
// registry's Transport: the protocol's tests (token dance, redirects, hostile documents) keep their
// in-process networks, while the transport itself is tested against real sockets (test/registry/http.test.ts).
import { BodyTooLargeError } from '../../src/registry/body.js';
import type { HttpAnswer, Transport } from '../../src/registry/http.js';

export type FakeFetch = (input: string, init?: RequestInit) => Promise<Response>;

async function readLimited(response: Response, limit: number): Promise<Buffer> {
  if (Number(response.headers.get('content-length') ?? NaN) > limit) {
    await response.body?.cancel();
    throw new BodyTooLargeError(limit);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks);
}

/** The fake as a Transport: headers, status and a capped body read from its Response. */
export function fetchTransport(fakeFetch: FakeFetch): Transport {
  return async (url, init) => {
    const response = await fakeFetch(url, { method: init.method, headers: init.headers, signal: init.signal });
    const answer: HttpAnswer = {
      status: response.status,
      ok: response.ok,
      header: (name) => response.headers.get(name) ?? undefined,
      read: (limit) => readLimited(response, limit),
      discard: () => void response.body?.cancel(),
    };
    return answer;
  };
}
