// --record and the audit log on the real cluster, in the toolkit's restricted namespace: the cast file
// parses as asciicast v2 and holds what the command printed; the audit line names pod, container,
// digest and exit code; `audit: false` leaves no line. In tmux: keystrokes with --record-input, and the
// banner of an app whose working directory its user may not enter.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, cgDebugEnv, commandLine, type ClusterInfo } from './support/cluster.js';
import { TmuxSession } from './support/tmux.js';

let cluster: ClusterInfo;
let work: string;

beforeAll(() => {
  cluster = inject('cluster');
  work = mkdtempSync(path.join(tmpdir(), 'cg-debug-record-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>) {
  const [node, ...rest] = cgDebugArgv(args);
  return execa(node as string, rest, { reject: false, env: { ...cgDebugEnv(cluster.kubeconfig), ...env }, timeout: 90_000, stdin: 'ignore' });
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

describe('in a terminal', () => {
  const sessions: TmuxSession[] = [];
  afterAll(async () => {
    await Promise.all(sessions.map((s) => s.kill()));
  });

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
