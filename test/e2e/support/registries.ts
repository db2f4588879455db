// Extra docker-registry instances for the e2e tests: anonymous, htpasswd (Basic) or token (Bearer),
// each on its own 127.0.0.1 port with temporary storage and config; stop() ends the process and
// removes the directory.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';

export type RegistryAuthSetup =
  | { kind: 'anonymous' }
  | { kind: 'htpasswd'; users: Record<string, string> }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertPath: string };

export interface ExtraRegistry {
  /** 127.0.0.1:PORT */
  host: string;
  dir: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function authSection(auth: RegistryAuthSetup, dir: string): string {
  if (auth.kind === 'htpasswd') return `auth:\n  htpasswd:\n    realm: cg-debug-test\n    path: ${path.join(dir, 'htpasswd')}\n`;
  if (auth.kind === 'token') {
    return `auth:\n  token:\n    realm: ${auth.realm}\n    service: ${auth.service}\n    issuer: ${auth.issuer}\n    rootcertbundle: ${auth.rootCertPath}\n`;
  }
  return '';
}

async function waitReady(host: string, child: ResultPromise, dir: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${String(child.exitCode)}; see ${dir}/registry.log`);
    try {
      const response = await fetch(`http://${host}/v2/`, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry on ${host} did not answer within 15s; see ${dir}/registry.log`);
}

export async function startRegistry(auth: RegistryAuthSetup): Promise<ExtraRegistry> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cg-registry-'));
  const host = `127.0.0.1:${await freePort()}`;
  if (auth.kind === 'htpasswd') {
    const lines = await Promise.all(Object.entries(auth.users).map(async ([user, password]) => String((await execa('htpasswd', ['-Bbn', user, password])).stdout).trim()));
    await writeFile(path.join(dir, 'htpasswd'), `${lines.join('\n')}\n`);
  }
  const config = `version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: ${path.join(dir, 'data')}
http:
  addr: ${host}
${authSection(auth, dir)}`;
  await writeFile(path.join(dir, 'config.yml'), config);
  const child = execa('docker-registry', ['serve', path.join(dir, 'config.yml')], { reject: false, stdout: { file: path.join(dir, 'registry.log') }, stderr: { file: path.join(dir, 'registry.err.log') } });
  await waitReady(host, child, dir);
  return {
    host,
    dir,
    async stop() {
      child.kill('SIGTERM');
      await child;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Copies an image from the cluster registry (anonymous) to `dest` with skopeo, as `user:password` if given. */
export async function copyImage(source: string, dest: string, creds?: string): Promise<void> {
  await execa('skopeo', [
    'copy',
    '--quiet',
    '--src-tls-verify=false',
    '--dest-tls-verify=false',
    ...(creds ? ['--dest-creds', creds] : ['--dest-no-creds']),
    `docker://${source}`,
    `docker://${dest}`,
  ], { timeout: 120_000 });
}

/** A self-signed RSA key and certificate for the token server and the registry's rootcertbundle. */
export async function tokenSigningKey(dir: string): Promise<{ keyPath: string; certPath: string }> {
  const keyPath = path.join(dir, 'token.key');
  const certPath = path.join(dir, 'token.crt');
  await execa('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=cg-debug-test-token']);
  return { keyPath, certPath };
}
