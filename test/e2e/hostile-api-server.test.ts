// The built binary against a hostile API server (test/e2e/support/hostile-api.ts): whatever the server
// sends, no escape sequence or control character reaches the terminal, and no name is ever run by a
// shell's completion. Output is read as raw bytes from pipes, stricter than a terminal's screen.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cgDebugArgv, commandLine } from './support/cluster.js';
import { startHostileApi, type HostileApi } from './support/hostile-api.js';
import { TmuxSession } from './support/tmux.js';

// Tab and newline are the only controls plain output may hold.
// eslint-disable-next-line no-control-regex
const LIVE_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let dir = '';
let marker = '';
let api: HostileApi;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-hostile-'));
  marker = path.join(dir, 'ran');
  api = await startHostileApi(dir, marker);
  // A cg-debug on PATH for the completion scripts, which call it back for names.
  const bin = path.join(dir, 'bin');
  const [program = '', ...args] = cgDebugArgv([]);
  mkdirSync(bin);
  // kubectl runs the plugin as kubectl-cg_debug, and its completion calls it back under that name.
  for (const name of ['cg-debug', 'kubectl-cg_debug']) {
    writeFileSync(path.join(bin, name), `#!/bin/sh\nexec ${[program, ...args].map((w) => `'${w}'`).join(' ')} "$@"\n`);
    chmodSync(path.join(bin, name), 0o755);
  }
  env = {
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: dir,
    KUBECONFIG: api.kubeconfig,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    DOCKER_CONFIG: path.join(dir, 'docker'),
    NO_COLOR: '1',
  };
});

afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(args: string[]) {
  const [program = '', ...rest] = cgDebugArgv(args);
  const result = await execa(program, rest, { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000 });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

describe('plain mode against a hostile API server', () => {
  it.each([
    { name: 'a 404 Status message with escapes', args: ['gone', '--offline', '--', 'true'], want: { exitCode: 67, stderr: /cg-debug: pod "gone" not found/ } },
    { name: 'a 403 naming a user with OSC 52', args: ['denied', '--offline', '--', 'true'], want: { exitCode: 69, stderr: /\(as eve\)/ } },
    { name: 'a pod answered under a hostile name', args: ['renamed', '--offline', '--', 'true'], want: { exitCode: 66, stderr: /answered a pod name that is not a Kubernetes name for renamed/ } },
    { name: 'a pod whose image carries escapes', args: ['badimage', '--offline', '--', 'true'], want: { exitCode: 64, stderr: /not an image reference|invalid image reference/ } },
    { name: 'a refused patch with escapes in the message', args: ['web', '--offline', '--', 'true'], want: { exitCode: 64, stderr: /is invalid/ } },
    { name: 'a kubelet message and an exec refusal with escapes and a command substitution', args: ['pull', '--offline', '--name', 'cg-debug-pull1', '--timeout', '20s', '--', 'true'], want: { exitCode: 69, stderr: /ErrImagePull: failed to pull : [\s\S]*cannot create pods\/exec/ } },
  ])('$name: exit $want.exitCode, nothing live on stdout or stderr', async ({ args, want }) => {
    const got = await run(args);
    expect(got.stderr).toMatch(want.stderr);
    expect(got.exitCode).toBe(want.exitCode);
    expect(got.stderr).not.toMatch(LIVE_CONTROL);
    expect(got.stdout).not.toMatch(LIVE_CONTROL);
    expect(existsSync(marker)).toBe(false);
  });

  it.each([{ format: 'json' }, { format: 'yaml' }])('--dry-run -o $format of a pod with hostile annotations and node name', async ({ format }) => {
    const got = await run(['web', '--offline', '--dry-run', '-o', format]);
    expect(got.exitCode).toBe(0);
    expect(got.stdout).toMatch(/shop\/web/);
    expect(got.stdout).not.toMatch(LIVE_CONTROL);
    expect(got.stderr).not.toMatch(LIVE_CONTROL);
  });
});

// Every subcommand prints through the one output layer: doctor, ls, packages, stop and cp, in both
// their human and JSON forms, print nothing live whatever the server sends.
describe('subcommands against a hostile API server', () => {
  it.each([
    { name: 'doctor', args: ['doctor', 'crash'], want: { exitCode: 1, stdout: /API server: reachable, Kubernetes v1\.31\.0[\s\S]*webhooks[\s\S]*CrashLoopBackOff[\s\S]*node: node-1/ } },
    { name: 'doctor -o json', args: ['doctor', 'crash', '-o', 'json'], want: { exitCode: 1, stdout: /"name": "API server"/ } },
    { name: 'ls', args: ['ls'], want: { exitCode: 0, stdout: /dbg-1\s+cg-debug-zz/ } },
    { name: 'ls -o json', args: ['ls', '-o', 'json'], want: { exitCode: 0, stdout: /"container": "cg-debug-zz/ } },
    { name: 'packages', args: ['packages', 'web', '--offline'], want: { exitCode: 64, stdout: /^$/ } },
    { name: 'stop', args: ['stop', 'dbg-1', '--all'], want: { exitCode: 69, stdout: /^$/ } },
    { name: 'cp', args: ['cp', 'web:/etc/hostname', 'COPY', '--offline'], want: { exitCode: 64, stdout: /^$/ } },
  ])('$name: nothing live on stdout or stderr', async ({ args, want }) => {
    const got = await run(args.map((a) => (a === 'COPY' ? path.join(dir, 'copy') : a)));
    expect(got.stdout).toMatch(want.stdout);
    expect(got.exitCode, got.stderr).toBe(want.exitCode);
    expect(got.stdout).not.toMatch(LIVE_CONTROL);
    expect(got.stderr).not.toMatch(LIVE_CONTROL);
    // JSON keeps the text of a sequence, escaped (\u001b]0;pwned): inert. Plain text drops it whole.
    if (!args.includes('json')) expect(`${got.stdout}${got.stderr}`).not.toContain('pwned');
    expect(existsSync(marker)).toBe(false);
  });
});

// The picker in a real terminal: the namespace list (n) is the server's, escapes and shell bombs included.
describe('the pod picker against a hostile API server', () => {
  it("the namespace picker shows the valid names and writes none of the server's escapes", async () => {
    const term = await TmuxSession.shell({ env });
    try {
      const raw = path.join(dir, 'picker.raw');
      await term.recordOutput(raw);
      await term.run(commandLine(cgDebugArgv(['--offline'])));
      await term.waitForText(/web-1/, 30_000);
      await term.sendText('n');
      await term.waitForText(/^Namespace$/m, 10_000);
      await term.waitForText(/^> shop|^ {2}shop/m, 10_000);
      await term.sendKeys('Escape');
      await term.sendText('q');
      expect(await term.exitCode()).toBe(0);
      const bytes = readFileSync(raw, 'latin1');
      expect(bytes).toContain('shop');
      expect(bytes).not.toContain('pwned');
      // ink draws with CSI; an OSC (title, clipboard), an 8-bit CSI or a bidi override can only be the server's.
      // eslint-disable-next-line no-control-regex -- matching controls is the point
      expect(bytes).not.toMatch(/\u001b\]|\u009b|\u00e2\u0080\u00ae/);
      expect(existsSync(marker)).toBe(false);
    } finally {
      await term.kill();
    }
  });
});

describe('completion against a hostile API server', () => {
  const valid = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

  async function shell(program: string, script: string): Promise<string[]> {
    const result = await execa(program, ['-c', script], { env, extendEnv: false, reject: false, timeout: 30_000 });
    expect(String(result.stderr)).toBe('');
    return String(result.stdout)
      .split('\n')
      .map((line) => line.split('\t')[0] ?? '')
      .filter(Boolean);
  }

  const bash = (words: string[]) =>
    shell('bash', `source <(cg-debug completion bash)
COMP_WORDS=(${['cg-debug', ...words].map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length}
_cg_debug; printf '%s\\n' "\${COMPREPLY[@]}"`);
  const zsh = (words: string[]) =>
    shell('zsh', `autoload -U compinit && compinit -u
source <(cg-debug completion zsh)
words=(${['cg-debug', ...words].map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length + 1}
COMP_WORDS=("\${words[@]}"); COMP_CWORD=${words.length}
compgen -F _cg_debug -- '${words.at(-1) ?? ''}'`);
  const fish = (words: string[]) => shell('fish', `cg-debug completion fish | source; complete -C 'cg-debug ${words.join(' ')}'`);
  const kubectl = async (words: string[]) => {
    const script = path.join(dir, 'kubectl_complete-cg_debug');
    const { stdout } = await execa('cg-debug', ['completion', 'kubectl'], { env, extendEnv: false });
    writeFileSync(script, stdout);
    chmodSync(script, 0o755);
    const result = await execa(script, words, { env, extendEnv: false, reject: false });
    return String(result.stdout).split('\n').filter((line) => line !== '' && !line.startsWith(':'));
  };

  it.each([
    { name: 'bash', complete: bash },
    { name: 'zsh', complete: zsh },
    { name: 'fish', complete: fish },
    { name: 'kubectl plugin', complete: kubectl },
  ])('$name offers only the valid pod and namespace names and runs none', async ({ complete }) => {
    const pods = await complete(['']);
    expect(pods).toContain('web-1');
    for (const word of pods) expect(word).toMatch(valid);
    const namespaces = await complete(['-n', '']);
    expect(namespaces).toEqual(['shop']);
    expect(existsSync(marker)).toBe(false);
  });

  it('__complete prints only valid names, one a line', async () => {
    expect(await run(['__complete', 'pods'])).toEqual({ exitCode: 0, stdout: 'web-1\ndbg-1', stderr: '' });
    expect(await run(['__complete', 'namespaces'])).toEqual({ exitCode: 0, stdout: 'shop', stderr: '' });
  });
});
