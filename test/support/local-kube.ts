// A Kube client pointed at an HTTP server the test runs on 127.0.0.1 (an API stand-in for unit tests
// of the I/O code; the real API server is exercised by the e2e suite).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { kubeFromOptions, type Kube } from '../../src/kube/client.js';

/**
 * Starts `server` on a free loopback port and returns a client for it in `namespace`; the kubeconfig
 * user has `token` and, with `as`, its own `as:` (Impersonate-User).
 */
export async function localKube(server: Server, namespace = 'shop', token?: string, as?: string): Promise<Kube> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return kubeFromOptions(
    {
      clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
      users: [{ name: 'u', ...(token === undefined ? {} : { token }), ...(as === undefined ? {} : { impersonateUser: as }) }],
      contexts: [{ name: 'ctx', cluster: 'c', user: 'u' }],
      currentContext: 'ctx',
    },
    namespace,
  );
}
