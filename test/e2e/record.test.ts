// --record and the audit log on the real cluster, in the toolkit's restricted namespace: the cast file
// parses as asciicast v2 and holds what the command printed; the audit line names pod, container,
// digest and exit code; `audit: false` leaves no line; cp, packages and stop each leave theirs. In tmux:
// keystrokes with --record-input, a session picked in the pod picker, recorded and audited, and the
// banner of an app whose working directory its user may not enter.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, cgDebugEnv, commandLine, IMAGES, kubectl, REGISTRY, restrictedPod, type ClusterInfo } from './support/cluster.js';
import { TmuxSession } from './support/tmux.js';

let cluster: ClusterInfo;
let work: string;

beforeAll(() => {
  cluster = inject('cluster');
  work = mkdtempSync(path.join(tmpdir(), 'cg-debug-record-'));
});

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
  rmSync(work, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>) {
  const [node, ...rest] = cgDebugArgv(args);
  return execa(node as string, rest, { reject: false, env: { ...cgDebugEnv(cluster.kubeconfig), ...env }, timeout: 90_000, stdin: 'ignore' });
}

/** The audit log's lines under XDG_STATE_HOME `state`, parsed. */
function auditLines(state: string): Record<string, unknown>[] {
  return readFileSync(path.join(state, 'cg-debug', 'audit.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A restricted pod of the toolkit image for this file alone, running; deleted after the file. */
async function ownPod(prefix: string): Promise<string> {
  const name = `${prefix}-${process.pid}`;
  const options = { kubeconfig: cluster.kubeconfig };
  await kubectl(['apply', '-f', '-'], { ...options, input: JSON.stringify(restrictedPod(name, 'cg-toolkit', IMAGES.toolkit)) });
  cleanups.push(() => kubectl(['delete', 'pod', '-n', 'cg-toolkit', name, '--wait=false'], { ...options, reject: false }));
  await kubectl(['wait', '-n', 'cg-toolkit', '--for=condition=Ready', `pod/${name}`, '--timeout=60s'], options);
  return name;
}

describe('--record and the audit log', () => {
  it('records a command and audits it', async () => {
    const state = path.join(work, 'state');
    const cast = path.join(work, 'command.cast');
    const result = await run(['-n', 'cg-toolkit', 'files', '--record', cast, '--', 'sh', '-c', 'echo marker-$((6*7)); exit 3'], { XDG_STATE_HOME: state });
    expect(result.exitCode).toBe(3);
    expect(statSync(cast).mode & 0o777).toBe(0o600);
    const [header, ...events] = readFileSync(cast, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24, command: 'sh -c echo marker-$((6*7)); exit 3' });
    const output = (events as [number, string, string][]).filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    expect(output).toContain('marker-42');
    expect((events as [number, string, string][]).some((e) => e[1] === 'i')).toBe(false);

    const lines = readFileSync(path.join(state, 'cg-debug', 'audit.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({ action: 'command', namespace: 'cg-toolkit', pod: 'files', target: 'app', exitCode: 3, recorded: true, recordFile: cast, userSource: 'SelfSubjectReview' });
    expect(entry.container).toMatch(/^cg-debug-/);
    expect(entry.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(statSync(path.join(state, 'cg-debug')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(state, 'cg-debug', 'audit.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('refuses an existing recording before anything happens, and audit: false leaves no line', async () => {
    const state = path.join(work, 'off');
    const config = path.join(work, 'config.yaml');
    writeFileSync(config, 'audit: false\n');
    const taken = path.join(work, 'taken.cast');
    writeFileSync(taken, 'keep');
    const refused = await run(['-n', 'cg-toolkit', 'files', '--record', taken, '--', 'true'], { XDG_STATE_HOME: state });
    expect(refused.exitCode).toBe(64);
    expect(readFileSync(taken, 'utf8')).toBe('keep');

    const off = await run(['-n', 'cg-toolkit', 'files', '--', 'true'], { XDG_STATE_HOME: state, CG_DEBUG_CONFIG: config });
    expect(off.exitCode).toBe(0);
    expect(existsSync(path.join(state, 'cg-debug', 'audit.jsonl'))).toBe(false);
  });
});

describe('the audit log of cp, packages and stop', () => {
  it('each appends one line: cp both ways with their paths, a cp that failed in the pod, packages, stop with what it stopped', async () => {
    const pod = await ownPod('audited');
    const state = path.join(work, 'toolkit-state');
    const env = { XDG_STATE_HOME: state };
    const local = path.join(work, 'audited-upload.txt');
    writeFileSync(local, 'upload-content-marker\n');
    const out = path.join(work, 'audited-tool.sh');

    const runs = [
      await run(['cp', '-n', 'cg-toolkit', local, `${pod}:/tmp/up.txt`], env),
      await run(['cp', '-n', 'cg-toolkit', `${pod}:/srv/release/bin/tool.sh`, out], env),
      await run(['cp', '-n', 'cg-toolkit', `${pod}:/etc/no-such-file`, path.join(work, 'none')], env),
      await run(['packages', '-n', 'cg-toolkit', pod, '-o', 'json'], env),
      await run(['stop', '-n', 'cg-toolkit', pod], env),
    ];
    expect(runs.map((r) => r.exitCode), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0, 67, 0, 0]);

    const lines = auditLines(state);
    const container = lines[0]?.container;
    expect(container).toMatch(/^cg-debug-[a-z0-9]{5}$/);
    const where = { context: expect.any(String) as unknown, namespace: 'cg-toolkit', pod, userSource: 'SelfSubjectReview', recorded: false, recordFile: null };
    const inDebug = { ...where, target: 'app', container, imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) as unknown };
    expect(lines).toEqual([
      expect.objectContaining({ ...inDebug, action: 'cp', added: true, exitCode: 0, copy: { direction: 'to-pod', podPath: '/tmp/up.txt', localPath: local } }),
      expect.objectContaining({ ...inDebug, action: 'cp', added: false, exitCode: 0, copy: { direction: 'from-pod', podPath: '/srv/release/bin/tool.sh', localPath: out } }),
      expect.objectContaining({ ...inDebug, action: 'cp', added: false, exitCode: 67, copy: { direction: 'from-pod', podPath: '/etc/no-such-file', localPath: path.join(work, 'none') } }),
      expect.objectContaining({ ...inDebug, action: 'packages', added: false, exitCode: 0 }),
      expect.objectContaining({ ...where, action: 'stop', target: null, container: null, stopped: [container], exitCode: 0 }),
    ]);
    for (const line of lines) expect(line.durationMs).toEqual(expect.any(Number));
    // Nothing copied or listed is in the log: only names, paths and numbers.
    expect(readFileSync(path.join(state, 'cg-debug', 'audit.jsonl'), 'utf8')).not.toMatch(/upload-content-marker|glibc/);
  });

  it('with neither XDG_STATE_HOME nor HOME absolute, a run warns and goes on, and writes nothing where it runs', async () => {
    const cwd = mkdtempSync(path.join(work, 'cwd-'));
    const [node, ...rest] = cgDebugArgv(['-n', 'cg-toolkit', 'files', '--', 'true']);
    const env = { ...cgDebugEnv(cluster.kubeconfig), PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: 'home', XDG_STATE_HOME: 'state' };
    const result = await execa(node as string, rest, { reject: false, cwd, env, extendEnv: false, timeout: 90_000, stdin: 'ignore' });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^! could not append to the audit log \(neither XDG_STATE_HOME nor HOME is an absolute path\); the run itself is unaffected$/m);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a run that fails before it touches the pod writes no line', async () => {
    const state = path.join(work, 'untouched-state');
    const result = await run(['cp', '-n', 'cg-toolkit', 'no-such-pod:/etc/os-release', path.join(work, 'x')], { XDG_STATE_HOME: state });
    expect(result.exitCode).toBe(67);
    expect(existsSync(path.join(state, 'cg-debug', 'audit.jsonl'))).toBe(false);
  });
});

describe('in a terminal', () => {
  const sessions: TmuxSession[] = [];
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.kill()));
  });

  /** Filters the picker's list down to `pod` and presses Enter on it. */
  async function pickPod(term: TmuxSession, pod: string): Promise<void> {
    await term.waitForText(new RegExp(`^[ >] ${pod} +1/1`, 'm'), 60_000, { history: false });
    await term.sendText('/');
    await term.waitForText(/^\/ *$/m, 10_000, { history: false });
    await term.sendText(pod);
    await term.waitForText(new RegExp(`^> ${pod} +1/1`, 'm'), 10_000, { history: false });
    await term.sendKeys('Enter');
  }

  async function shell(args: string[], env: Record<string, string> = {}): Promise<TmuxSession> {
    const session = await TmuxSession.start(commandLine(cgDebugArgv(args)), { env: { ...cgDebugEnv(cluster.kubeconfig), ...env } });
    sessions.push(session);
    return session;
  }

  it('--record-input records the keys typed beside the output', async () => {
    const cast = path.join(work, 'shell.cast');
    const term = await shell(['-n', 'cg-toolkit', 'files', '--record', cast, '--record-input'], { XDG_STATE_HOME: path.join(work, 'tmux-state') });
    await term.waitForText(/^packages: /m, 60_000);
    await term.sendText('echo marker-$((6*7))\n');
    await term.waitForText(/^marker-42 *$/m);
    await term.sendText('exit\n');
    expect(await term.exitCode()).toBe(0);
    const [header, ...events] = readFileSync(cast, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(header).toMatchObject({ version: 2, env: { TERM: expect.any(String) as unknown } });
    const joined = (code: string) => (events as [number, string, string][]).filter((e) => e[1] === code).map((e) => e[2]).join('');
    expect(joined('o')).toMatch(/marker-42/);
    expect(joined('o')).toMatch(/cg-debug: container app/);
    expect(joined('i')).toContain('echo marker-$((6*7))');
    const times = (events as [number][]).map((e) => e[0]);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('a session picked in the pod picker with --record is recorded and audited', async () => {
    const pod = await ownPod('picked');
    const cast = path.join(work, 'picked.cast');
    const state = path.join(work, 'picker-state');
    const term = await shell(['-n', 'cg-toolkit', '--record', cast], { XDG_STATE_HOME: state });
    await pickPod(term, pod);
    await term.waitForText(/Enter start/, 60_000, { history: false });
    await term.sendKeys('Enter');
    await term.waitForText(/^packages: /m, 60_000);
    await term.sendText('echo picked-$((6*7))\n');
    await term.waitForText(/^picked-42 *$/m);
    await term.sendText('exit 5\n');
    expect(await term.exitCode()).toBe(5);
    await term.expectTerminalIntact();

    const [header, ...events] = readFileSync(cast, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(header).toMatchObject({ version: 2, title: expect.stringContaining(`cg-toolkit/${pod}`) as unknown });
    const output = (events as [number, string, string][]).filter((e) => e[1] === 'o').map((e) => e[2]).join('');
    expect(output).toMatch(/picked-42/);
    // The picker's own frames are not the session's: the recording starts when the shell gets the terminal.
    expect(output).not.toMatch(/Enter start/);
    expect((events as [number, string][]).some((e) => e[1] === 'i')).toBe(false);

    const lines = auditLines(state);
    expect(lines).toEqual([
      expect.objectContaining({ action: 'shell', namespace: 'cg-toolkit', pod, target: 'app', added: true, exitCode: 5, recorded: true, recordFile: cast }),
    ]);
    expect(lines[0]?.container).toMatch(/^cg-debug-[a-z0-9]{5}$/);
  });

  it('a session picked in the pod picker whose start fails after its container was added is audited', async () => {
    const pod = await ownPod('pull-fails');
    const state = path.join(work, 'failed-start-state');
    // --offline: no registry asks whether the image exists, so the patch goes out and the kubelet's pull fails.
    const term = await shell(['-n', 'cg-toolkit', '--yes', '--offline', '--image', `${REGISTRY}/chainguard/no-such-image:1`], { XDG_STATE_HOME: state });
    await pickPod(term, pod);
    // The picker hands the start over to the shell at Enter (early exec), so the pull failure ends the run
    // with its own exit code, as in direct mode.
    await term.waitForText(/cannot pull/, 60_000, { history: false });
    expect(await term.exitCode()).toBe(72);
    await term.expectTerminalIntact();

    const lines = auditLines(state);
    expect(lines).toEqual([expect.objectContaining({ action: 'shell', namespace: 'cg-toolkit', pod, target: 'app', added: true, image: `${REGISTRY}/chainguard/no-such-image:1`, exitCode: 72, recorded: false })]);
    expect(lines[0]?.container).toMatch(/^cg-debug-[a-z0-9]{5}$/);
  });

  it('starts in / and says why when the app works in a directory its user may not enter', async () => {
    const term = await shell(['-n', 'cg-toolkit', 'files-locked-cwd']);
    await term.waitForText(/^packages: /m, 60_000);
    expect(await term.screen({ history: true })).toMatch(/^working directory: \/secret, which uid 65532 may not enter \(its permissions\): the shell starts in \/ *$/m);
    await term.sendText('echo "at=$(pwd)"\n');
    await term.waitForText(/^at=\/ *$/m);
    await term.sendText('exit\n');
    expect(await term.exitCode()).toBe(0);
  });
});
