// The cluster's CA from kubeconfig, checked before any request: Node accepts unparsable CA data
// silently and the TLS handshake then fails as if the server were unreachable (exit 66, a VPN hint),
// when the fix is in the kubeconfig (exit 65).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster } from '@kubernetes/client-node';
import { ConfigError } from '../core/errors.js';
import { isLoopback } from '../core/loopback.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Throws ConfigError when the cluster names a CA that holds no parsable certificate. */
export function checkClusterCA(cluster: Cluster, readFile: (path: string) => Buffer = readFileSync): void {
  if (cluster.skipTLSVerify || (cluster.caData === undefined && cluster.caFile === undefined)) return;
  const where = cluster.caData !== undefined ? `certificate-authority-data of cluster "${cluster.name}"` : `certificate-authority ${cluster.caFile ?? ''} of cluster "${cluster.name}"`;
  const hint = 'fix the kubeconfig (kubectl config view --raw) or get a fresh one from the cluster admin';
  let pem: string;
  try {
    pem = cluster.caData !== undefined ? Buffer.from(cluster.caData, 'base64').toString('utf8') : readFile(cluster.caFile ?? '').toString('utf8');
  } catch (error) {
    throw new ConfigError(`cannot read the ${where}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { hint, cause: error });
  }
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new ConfigError(`the ${where} holds no PEM certificate`, { hint });
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new ConfigError(`the ${where} holds a certificate that does not parse`, { hint, cause: error });
    }
  }
}

/**
 * Throws ConfigError for a plain http server URL that cannot or must not be used: client-node refuses
 * http unless insecure-skip-tls-verify is set (it failed later as "cannot reach", exit 66), and to a host
 * that is not this machine the token or client key would cross the network unencrypted. A loopback
 * endpoint such as `kubectl proxy` (http://127.0.0.1:8001) with insecure-skip-tls-verify is legitimate.
 */
export function checkServerScheme(cluster: Pick<Cluster, 'name' | 'server' | 'skipTLSVerify'>): void {
  let url: URL;
  try {
    url = new URL(cluster.server);
  } catch {
    throw new ConfigError(`the server of cluster "${cluster.name}" is not a URL: ${serverForMessages(cluster.server)}`, {
      hint: 'fix the kubeconfig (kubectl config view): the server is https://HOST:PORT',
    });
  }
  if (url.protocol === 'https:') return;
  const server = serverForMessages(cluster.server);
  if (url.protocol !== 'http:') {
    throw new ConfigError(`the server of cluster "${cluster.name}" is ${server}: neither https nor http`, {
      hint: 'fix the kubeconfig (kubectl config view): the server is https://HOST:PORT',
    });
  }
  if (!isLoopback(url.host)) {
    throw new ConfigError(`the server of cluster "${cluster.name}" is plain http to another host (${server}): credentials would cross the network unencrypted`, {
      hint: 'use the https:// URL of the API server (kubectl config set-cluster NAME --server=https://...)',
    });
  }
  if (!cluster.skipTLSVerify) {
    throw new ConfigError(`the server of cluster "${cluster.name}" is plain http (${server}) and the cluster does not set insecure-skip-tls-verify`, {
      hint: 'use the https:// URL of the API server; for a local proxy such as kubectl proxy, set insecure-skip-tls-verify: true on the cluster',
    });
  }
}

/** A server URL fit for messages: no user or password. */
export function serverForMessages(server: string): string {
  try {
    const url = new URL(server);
    if (url.username === '' && url.password === '') return server;
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, server.endsWith('/') ? '/' : '');
  } catch {
    return server.replace(/\/\/[^/@]*@/, '//');
  }
}
