import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '@kubernetes/client-node';
import { ConfigError, InterruptedError } from '../../src/core/errors.js';
import { toKubeError } from '../../src/kube/api-errors.js';
import { connect, processPluginDeps } from '../../src/kube/client.js';
import {
  execCredentialAuth,
  isFresh,
  parseExecCredential,
  type ExecCredential,
  type PluginRun,
  type PluginRunner,
} from '../../src/kube/exec-credential.js';
import { requestOptions } from '../../src/kube/request-options.js';

const credential = (status: Record<string, unknown>) => JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status });

describe('parseExecCredential', () => {
  it.each<{ name: string; input: string; want: ExecCredential | { problem: string } }>([
    { name: 'a token without expiry', input: credential({ token: 't0k' }), want: { token: 't0k' } },
    {
      name: 'a token with expiry',
      input: credential({ token: 't', expirationTimestamp: '2030-01-02T03:04:05Z' }),
      want: { token: 't', expiresAt: Date.parse('2030-01-02T03:04:05Z') },
    },
    { name: 'a client certificate', input: credential({ clientCertificateData: 'C', clientKeyData: 'K' }), want: { clientCertificateData: 'C', clientKeyData: 'K' } },
    { name: 'a certificate without its key', input: credential({ clientCertificateData: 'C' }), want: { problem: 'its output has neither a token nor a client certificate and key' } },
    { name: 'not JSON', input: 'Please log in', want: { problem: 'its output is not JSON' } },
    { name: 'no status', input: '{"kind":"ExecCredential"}', want: { problem: 'its output has no status' } },
    { name: 'a bad expiry', input: credential({ token: 't', expirationTimestamp: 'soon' }), want: { problem: 'its expirationTimestamp "soon" is not a time' } },
  ])('$name', ({ input, want }) => {
    expect(parseExecCredential(input)).toEqual(want);
  });
});

describe('isFresh', () => {
  it.each([
    { name: 'no expiry: for the life of the process', input: { credential: { token: 't' }, now: 1e15 }, want: true },
    { name: 'expires in a minute', input: { credential: { token: 't', expiresAt: 160_000 }, now: 100_000 }, want: true },
    { name: 'expires within the skew', input: { credential: { token: 't', expiresAt: 105_000 }, now: 100_000 }, want: false },
    { name: 'expired', input: { credential: { token: 't', expiresAt: 1 }, now: 100_000 }, want: false },
  ])('$name', ({ input, want }) => {
    expect(isFresh(input.credential, input.now)).toBe(want);
  });
});

const USER: User = { name: 'gke-user', exec: { command: 'gke-gcloud-auth-plugin', args: ['--x'], apiVersion: 'client.authentication.k8s.io/v1' } };

function scriptedRunner(runs: Partial<PluginRun>[]) {
  const calls: { interactive: boolean; timeoutMs: number }[] = [];
  const run: PluginRunner = async (_exec, options) => {
    calls.push({ interactive: options.interactive, timeoutMs: options.timeoutMs });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const next = runs[Math.min(calls.length - 1, runs.length - 1)] ?? {};
    return { stdout: '', exitCode: 0, timedOut: false, aborted: false, notFound: false, ...next };
  };
  return { run, calls };
}

async function headersAfter(auth: ReturnType<typeof execCredentialAuth>, user: User = USER) {
  const opts: { headers?: Record<string, string>; cert?: string; key?: string } = {};
  await auth.applyAuthentication(user, opts);
  return opts;
}

describe('execCredentialAuth', () => {
  it('caches a credential without expiry: one run for many requests, concurrent ones included', async () => {
    const { run, calls } = scriptedRunner([{ stdout: credential({ token: 'abc' }) }]);
    const auth = execCredentialAuth({ run, now: () => 0, stdinIsTTY: false });
    const all = await Promise.all([headersAfter(auth), headersAfter(auth), headersAfter(auth)]);
    await headersAfter(auth);
    expect(all.map((o) => o.headers?.Authorization)).toEqual(['Bearer abc', 'Bearer abc', 'Bearer abc']);
    expect(calls).toHaveLength(1);
  });

  it('runs the plugin again once the credential expires', async () => {
    let now = 0;
    const { run, calls } = scriptedRunner([
      { stdout: credential({ token: 'one', expirationTimestamp: new Date(60_000).toISOString() }) },
      { stdout: credential({ token: 'two', expirationTimestamp: new Date(600_000).toISOString() }) },
    ]);
    const auth = execCredentialAuth({ run, now: () => now, stdinIsTTY: false });
    expect((await headersAfter(auth)).headers?.Authorization).toBe('Bearer one');
    now = 30_000;
    expect((await headersAfter(auth)).headers?.Authorization).toBe('Bearer one');
    now = 55_000;
    expect((await headersAfter(auth)).headers?.Authorization).toBe('Bearer two');
    expect(calls).toHaveLength(2);
  });

  it('sets a client certificate', async () => {
    const { run } = scriptedRunner([{ stdout: credential({ clientCertificateData: 'CERT', clientKeyData: 'KEY' }) }]);
    const opts = await headersAfter(execCredentialAuth({ run, now: () => 0, stdinIsTTY: false }));
    expect({ cert: opts.cert, key: opts.key }).toEqual({ cert: 'CERT', key: 'KEY' });
  });

  it.each<{ name: string; run: Partial<PluginRun>; user?: User; tty?: boolean; type: typeof ConfigError | typeof InterruptedError; message: RegExp; hint: RegExp | undefined }>([
    {
      name: 'a failing plugin is a kubeconfig problem (65), not an unreachable server',
      run: { exitCode: 1 },
      type: ConfigError,
      message: /^the credential plugin "gke-gcloud-auth-plugin" of kubeconfig user "gke-user" failed \(exit 1\); its messages are above$/,
      hint: /run it yourself to see why: gke-gcloud-auth-plugin --x/,
    },
    { name: 'not installed', run: { notFound: true }, type: ConfigError, message: /is not installed \(not found on PATH\)/, hint: /install it/ },
    {
      name: 'not installed, with the kubeconfig install hint',
      run: { notFound: true },
      user: { name: 'u', exec: { command: 'kubelogin', installHint: '\nInstall kubelogin: brew install kubelogin\n' } },
      type: ConfigError,
      message: /not installed/,
      hint: /^Install kubelogin: brew install kubelogin$/,
    },
    { name: 'past its deadline', run: { timedOut: true, exitCode: undefined }, type: ConfigError, message: /did not finish within 60s/, hint: /run it yourself to see why/ },
    { name: 'interrupted', run: { aborted: true, exitCode: undefined }, type: InterruptedError, message: /interrupted while the credential plugin/, hint: undefined },
    { name: 'unusable output', run: { stdout: 'hello' }, type: ConfigError, message: /gave no usable credential: its output is not JSON/, hint: /run it yourself to see why/ },
    {
      name: 'needs a terminal and there is none',
      run: {},
      user: { name: 'u', exec: { command: 'login', interactiveMode: 'Always' } },
      type: ConfigError,
      message: /needs a terminal to ask you something, and stdin is not one/,
      hint: /^log in from a terminal first: login$/,
    },
  ])('$name', async ({ run: outcome, user, tty, type, message, hint }) => {
    const { run } = scriptedRunner([outcome]);
    const error = await headersAfter(execCredentialAuth({ run, now: () => 0, stdinIsTTY: tty ?? false }), user).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).hint).toEqual(hint === undefined ? undefined : expect.stringMatching(hint));
    // Mapped where the API call fails: a typed error passes through unchanged.
    expect(toKubeError(error, { verb: 'get', resource: 'pods' })).toBe(error);
  });

  it('a failed run is not cached', async () => {
    const { run, calls } = scriptedRunner([{ exitCode: 1 }, { stdout: credential({ token: 'ok' }) }]);
    const auth = execCredentialAuth({ run, now: () => 0, stdinIsTTY: false });
    await expect(headersAfter(auth)).rejects.toBeInstanceOf(ConfigError);
    expect((await headersAfter(auth)).headers?.Authorization).toBe('Bearer ok');
    expect(calls).toHaveLength(2);
  });

  it.each([
    { name: 'a terminal: interactive, minutes to answer', input: { tty: true, mode: undefined }, want: { interactive: true, timeoutMs: 300_000 } },
    { name: 'no terminal', input: { tty: false, mode: undefined }, want: { interactive: false, timeoutMs: 60_000 } },
    { name: 'interactiveMode Never', input: { tty: true, mode: 'Never' as const }, want: { interactive: false, timeoutMs: 60_000 } },
  ])('$name', async ({ input, want }) => {
    const { run, calls } = scriptedRunner([{ stdout: credential({ token: 't' }) }]);
    const user: User = { name: 'u', exec: { command: 'p', ...(input.mode ? { interactiveMode: input.mode } : {}) } };
    await headersAfter(execCredentialAuth({ run, now: () => 0, stdinIsTTY: input.tty }), user);
    expect(calls).toEqual([want]);
  });
});

describe('exec plugins through the client, for real', () => {
  let dir = '';
  let server: Server | undefined;
  const seen: IncomingHttpHeaders[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-exec-'));
    await writeFile(
      path.join(dir, 'plugin'),
      `#!/bin/sh\necho run >> "${dir}/runs"\necho "plugin says: $KUBERNETES_EXEC_INFO" >&2\n[ "$FAIL" = 1 ] && exit 4\necho '${credential({ token: 'from-plugin' })}'\n`,
    );
    await chmod(path.join(dir, 'plugin'), 0o755);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => server?.close());

  async function kubeconfig(fail: boolean): Promise<string> {
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'p' } }));
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const file = path.join(dir, `kubeconfig-${fail}`);
    await writeFile(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: path.join(dir, 'plugin'), env: [{ name: 'FAIL', value: fail ? '1' : '0' }], interactiveMode: 'Never' } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    return file;
  }

  it('runs the plugin once for several requests and sends its token', async () => {
    const kube = connect({ kubeconfig: await kubeconfig(false) }, {}, processPluginDeps());
    for (let i = 0; i < 3; i++) await kube.core.readNamespacedPod({ name: 'p', namespace: 'default' }, requestOptions());
    expect(seen.map((h) => h.authorization)).toEqual(['Bearer from-plugin', 'Bearer from-plugin', 'Bearer from-plugin']);
    expect((await readFile(path.join(dir, 'runs'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it("the session's requests and the generated client share one plugin run", async () => {
    seen.length = 0;
    await rm(path.join(dir, 'runs'), { force: true });
    const kube = connect({ kubeconfig: await kubeconfig(false) }, {}, processPluginDeps());
    await kube.rest.json({ method: 'GET', path: '/api/v1/namespaces/default/pods/p' });
    await kube.core.readNamespacedPod({ name: 'p', namespace: 'default' }, requestOptions());
    await kube.rest.json({ method: 'GET', path: '/api/v1/namespaces/default/pods/p' });
    expect(seen.map((h) => h.authorization)).toEqual(['Bearer from-plugin', 'Bearer from-plugin', 'Bearer from-plugin']);
    expect((await readFile(path.join(dir, 'runs'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });

  it('a failing plugin gives ConfigError (exit 65)', async () => {
    const kube = connect({ kubeconfig: await kubeconfig(true) }, {}, processPluginDeps());
    const error = await kube.core
      .readNamespacedPod({ name: 'p', namespace: 'default' }, requestOptions())
      .catch((e: unknown) => toKubeError(e, { verb: 'get', resource: 'pods' }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).exitCode).toBe(65);
    expect((error as ConfigError).message).toMatch(/failed \(exit 4\)/);
  });
});
