import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, ExitCode } from '../../src/core/errors.js';
import { checkClusterCA, checkServerScheme, serverForMessages } from '../../src/kube/cluster-ca.js';

const dir = mkdtempSync(join(tmpdir(), 'cg-debug-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=test-ca', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem')], { stdio: 'ignore' });
const pem = readFileSync(join(dir, 'ca.pem'), 'utf8');
const b64 = (text: string) => Buffer.from(text).toString('base64');
const cluster = { name: 'c', server: 'https://10.0.0.1:6443', skipTLSVerify: false };

describe('checkClusterCA', () => {
  it.each([
    { name: 'no CA configured', input: cluster },
    { name: 'a valid CA', input: { ...cluster, caData: b64(pem) } },
    { name: 'a bundle of two', input: { ...cluster, caData: b64(pem + pem) } },
    { name: 'a valid CA file', input: { ...cluster, caFile: join(dir, 'ca.pem') } },
    { name: 'bad data, but TLS is not verified', input: { ...cluster, caData: b64('junk'), skipTLSVerify: true } },
  ])('accepts $name', ({ input }) => {
    expect(() => checkClusterCA(input)).not.toThrow();
  });

  it.each([
    { name: 'data that is no PEM', input: { ...cluster, caData: b64('not a cert') }, want: 'the certificate-authority-data of cluster "c" holds no PEM certificate' },
    {
      name: 'a PEM block that does not parse',
      input: { ...cluster, caData: b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n') },
      want: 'the certificate-authority-data of cluster "c" holds a certificate that does not parse',
    },
    { name: 'a missing file', input: { ...cluster, caFile: join(dir, 'absent.pem') }, want: `cannot read the certificate-authority ${join(dir, 'absent.pem')} of cluster "c": ENOENT` },
  ])('refuses $name with the kubeconfig exit code', ({ input, want }) => {
    let error: unknown;
    try {
      checkClusterCA(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect({ message: (error as ConfigError).message, exitCode: (error as ConfigError).exitCode }).toEqual({ message: want, exitCode: ExitCode.config });
  });
});

describe('serverForMessages', () => {
  it.each([
    { name: 'no userinfo', input: 'https://10.0.0.1:6443', want: 'https://10.0.0.1:6443' },
    { name: 'user and password', input: 'https://admin:s3cret@10.0.0.1:6443', want: 'https://10.0.0.1:6443' },
    { name: 'a path kept', input: 'https://u:p@host/k8s/clusters/c-1', want: 'https://host/k8s/clusters/c-1' },
  ])('$name', ({ input, want }) => {
    expect(serverForMessages(input)).toBe(want);
  });
});

describe('checkServerScheme', () => {
  it.each([
    { name: 'https', input: { name: 'c', server: 'https://10.0.0.1:6443' }, want: undefined },
    { name: 'http to loopback with insecure-skip-tls-verify (kubectl proxy)', input: { name: 'c', server: 'http://127.0.0.1:8001', skipTLSVerify: true }, want: undefined },
    {
      name: 'http to loopback without insecure-skip-tls-verify',
      input: { name: 'c', server: 'http://127.0.0.1:6443' },
      want: 'the server of cluster "c" is plain http (http://127.0.0.1:6443) and the cluster does not set insecure-skip-tls-verify',
    },
    {
      name: 'http to another host, even with insecure-skip-tls-verify',
      input: { name: 'c', server: 'http://admin:pw@10.0.0.1:8080', skipTLSVerify: true },
      want: 'the server of cluster "c" is plain http to another host (http://10.0.0.1:8080): credentials would cross the network unencrypted',
    },
    { name: 'another scheme', input: { name: 'c', server: 'ftp://10.0.0.1' }, want: 'the server of cluster "c" is ftp://10.0.0.1: neither https nor http' },
    { name: 'not a URL', input: { name: 'c', server: '10.0.0.1:6443' }, want: 'the server of cluster "c" is not a URL: 10.0.0.1:6443' },
  ])('$name', ({ input, want }) => {
    let error: unknown;
    try {
      checkServerScheme({ skipTLSVerify: false, ...input });
    } catch (e) {
      error = e;
    }
    if (want === undefined) return expect(error).toBeUndefined();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(ExitCode.config);
    expect((error as ConfigError).message).toBe(want);
    expect((error as ConfigError).hint).toMatch(/https:\/\//);
  });
});
