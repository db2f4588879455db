// The cluster's CA from kubeconfig, checked before any request: Node accepts unparsable CA data
// silently and the TLS handshake then fails as if the server were unreachable (exit 66, a VPN hint),
// when the fix is in the kubeconfig (exit 65).
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster } from '@kubernetes/client-node';
import { ConfigError } from '../core/errors.js';

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
