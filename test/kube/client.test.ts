import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { connect } from '../../src/kube/client.js';

const dir = mkdtempSync(join(tmpdir(), 'cg-debug-kc-'));

function kubeconfig(file: string, opts: { current?: string; contexts: { name: string; cluster: string; namespace?: string }[]; clusters: { name: string; server: string }[] }): string {
  const path = join(dir, file);
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: "${opts.current ?? ''}"`, 'clusters:'];
  for (const c of opts.clusters) lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`);
  lines.push('contexts:');
  for (const c of opts.contexts) {
    lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.cluster}`, '    user: u');
    if (c.namespace) lines.push(`    namespace: ${c.namespace}`);
  }
  lines.push('users:', '- name: u', '  user:', '    token: t');
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const a = kubeconfig('a.yaml', {
  current: 'alpha',
  clusters: [{ name: 'c1', server: 'https://10.0.0.1:6443' }],
  contexts: [
    { name: 'alpha', cluster: 'c1', namespace: 'team-a' },
    { name: 'plain', cluster: 'c1' },
  ],
});
const b = kubeconfig('b.yaml', {
  current: 'beta',
  clusters: [
    { name: 'c1', server: 'https://ignored:1' },
    { name: 'c2', server: 'https://10.0.0.2:6443' },
  ],
  contexts: [{ name: 'beta', cluster: 'c2' }],
});
const none = kubeconfig('none.yaml', { clusters: [{ name: 'c1', server: 'https://10.0.0.1:6443' }], contexts: [{ name: 'x', cluster: 'c1' }] });
function kubeconfigAt(kubeDir: string, from: string): void {
  mkdirSync(kubeDir, { recursive: true });
  writeFileSync(join(kubeDir, 'config'), readFileSync(from, 'utf8'));
}

const noEnv = { home: join(dir, 'no-home'), inCluster: false };

describe('connect', () => {
  it.each([
    { name: '--kubeconfig, context namespace', options: { kubeconfig: a }, want: { context: 'alpha', namespace: 'team-a', server: 'https://10.0.0.1:6443' } },
    { name: '-n wins', options: { kubeconfig: a, namespace: 'ns' }, want: { context: 'alpha', namespace: 'ns', server: 'https://10.0.0.1:6443' } },
    { name: 'context without namespace: default', options: { kubeconfig: a, context: 'plain' }, want: { context: 'plain', namespace: 'default', server: 'https://10.0.0.1:6443' } },
    {
      name: 'KUBECONFIG merged: first file wins names and current context, missing files skipped',
      options: {},
      env: { ...noEnv, KUBECONFIG: [join(dir, 'missing.yaml'), a, b].join(delimiter) },
      want: { context: 'alpha', namespace: 'team-a', server: 'https://10.0.0.1:6443' },
    },
    {
      name: 'KUBECONFIG merged: context from the second file',
      options: { context: 'beta' },
      env: { ...noEnv, KUBECONFIG: [a, b].join(delimiter) },
      want: { context: 'beta', namespace: 'default', server: 'https://10.0.0.2:6443' },
    },
    {
      name: 'a server URL with a password is kept out of messages',
      options: { kubeconfig: kubeconfig('userinfo.yaml', { current: 'u', clusters: [{ name: 'c', server: 'https://admin:s3cret@10.0.0.9:6443' }], contexts: [{ name: 'u', cluster: 'c' }] }) },
      want: { context: 'u', namespace: 'default', server: 'https://10.0.0.9:6443' },
    },
    {
      name: '~/.kube/config',
      options: {},
      env: { home: (() => { const home = join(dir, 'home'); kubeconfigAt(join(home, '.kube'), b); return home; })(), inCluster: false },
      want: { context: 'beta', namespace: 'default', server: 'https://10.0.0.2:6443' },
    },
  ])('$name', ({ options, env, want }) => {
    const kube = connect(options, env ?? noEnv);
    expect({ context: kube.context, namespace: kube.namespace, server: kube.server }).toEqual(want);
    // The context is made current in the client itself, not only reported: every call uses it.
    expect(kube.kc.getCurrentContext()).toBe(want.context);
  });

  it.each([
    { name: 'unknown context lists the others', options: { kubeconfig: a, context: 'nope' }, message: 'context "nope" not found in kubeconfig', hint: 'available contexts: alpha, plain' },
    { name: 'no current context', options: { kubeconfig: none }, message: 'kubeconfig has no current context', hint: /--context NAME .*available: x/ },
    { name: 'missing --kubeconfig', options: { kubeconfig: join(dir, 'nope.yaml') }, message: /does not exist/, hint: /--kubeconfig/ },
    { name: 'nothing anywhere', options: {}, message: 'no kubeconfig found', hint: /KUBECONFIG/ },
    {
      name: 'CA data that is no certificate',
      options: {
        kubeconfig: (() => {
          const p = join(dir, 'bad-ca.yaml');
          writeFileSync(p, readFileSync(a, 'utf8').replace('    server: https://10.0.0.1:6443', `    server: https://10.0.0.1:6443\n    certificate-authority-data: ${Buffer.from('not a cert').toString('base64')}`));
          return p;
        })(),
      },
      message: 'the certificate-authority-data of cluster "c1" holds no PEM certificate',
      hint: /kubeconfig/,
    },
    {
      name: 'unreadable file',
      options: { kubeconfig: (() => { const p = join(dir, 'bad.yaml'); writeFileSync(p, 'clusters: [\n'); return p; })() },
      message: /cannot read kubeconfig .*bad.yaml/,
      hint: /kubectl config view/,
    },
  ])('$name', ({ options, message, hint }) => {
    let thrown: unknown;
    try {
      connect(options, noEnv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).message).toMatch(message);
    expect((thrown as ConfigError).hint).toMatch(hint);
  });
});


// N11: a relative plugin command such as ./bin/auth.sh names a file beside the kubeconfig (as client-go
// resolves it), never one in the working directory, where anyone could plant it.
describe('exec plugin commands', () => {
  const plugin = (command: string) => {
    const home = mkdtempSync(join(dir, 'kc-'));
    const file = join(home, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443' } }],
        users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command } } }],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    return { home, file };
  };
  const commandOf = (kube: ReturnType<typeof connect>) => (kube.kc.getCurrentUser()?.exec as { command: string }).command;

  it.each([
    { name: 'a relative path resolves beside the kubeconfig', command: './bin/auth.sh', want: (home: string) => join(home, 'bin/auth.sh') },
    { name: 'a nested relative path too', command: 'bin/auth.sh', want: (home: string) => join(home, 'bin/auth.sh') },
    { name: 'a bare name stays for PATH', command: 'gke-gcloud-auth-plugin', want: () => 'gke-gcloud-auth-plugin' },
    { name: 'an absolute path stays', command: '/usr/bin/aws', want: () => '/usr/bin/aws' },
  ])('$name', ({ command, want }) => {
    const { home, file } = plugin(command);
    expect(commandOf(connect({ kubeconfig: file }, noEnv))).toBe(want(home));
    // Merged from KUBECONFIG: each file's own directory.
    expect(commandOf(connect({}, { ...noEnv, KUBECONFIG: file }))).toBe(want(home));
  });
});
