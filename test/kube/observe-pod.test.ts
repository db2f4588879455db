// apiPodSource against a local HTTP stand-in for the API server: what it asks and what it returns.
import { createServer, type Server } from 'node:http';
import type { V1Pod } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { apiPodSource } from '../../src/kube/observe-pod.js';
import { localKube } from '../support/local-kube.js';

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A server that answers every request with `items` in a list at resourceVersion `listRv`, and logs the URLs. */
async function podList(items: V1Pod[], listRv: string) {
  const urls: URL[] = [];
  const server = createServer((request, response) => {
    urls.push(new URL(request.url ?? '/', 'http://localhost'));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: listRv }, items }));
  });
  servers.push(server);
  return { kube: await localKube(server, 'shop'), urls };
}

const pod = (name: string, rv: string): V1Pod => ({ metadata: { name, namespace: 'shop', resourceVersion: rv }, spec: { containers: [{ name: 'app' }] } });

describe('apiPodSource.get', () => {
  it.each([
    { name: 'the pod, with the list resourceVersion to watch from', items: [pod('web-1', '9')], want: { pod: 'web-1', resourceVersion: '1624' } },
    { name: 'no such pod: undefined, not an error', items: [], want: { pod: undefined, resourceVersion: '1624' } },
    { name: 'only the pod of that name, whatever else a server answers', items: [pod('web-10', '5')], want: { pod: undefined, resourceVersion: '1624' } },
  ])('$name', async ({ items, want }) => {
    const { kube, urls } = await podList(items, '1624');
    const snapshot = await apiPodSource(kube, 'shop', 'web-1').get(new AbortController().signal);
    expect({ pod: snapshot.pod?.metadata?.name, resourceVersion: snapshot.resourceVersion }).toEqual(want);
    expect(urls.map((url) => [url.pathname, url.searchParams.get('fieldSelector')])).toEqual([['/api/v1/namespaces/shop/pods', 'metadata.name=web-1']]);
  });
});
