import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LAUNCHER_SCRIPT, launcherCommand } from '../../src/core/launcher.js';
import type { LauncherInput } from '../../src/core/launcher.js';

describe('launcherCommand', () => {
  it.each<{ name: string; input: LauncherInput; want: string[] }>([
    { name: 'own PID namespace', input: { target: 'app', shareProcessNamespace: false }, want: ['sh', '-c', LAUNCHER_SCRIPT, 'cg-debug', 'app', 'own', '', '-'] },
    { name: 'shared PID namespace', input: { target: 'sidecar', shareProcessNamespace: true }, want: ['sh', '-c', LAUNCHER_SCRIPT, 'cg-debug', 'sidecar', 'shared', '', '-'] },
    { name: 'hostile name stays an argument', input: { target: '$(rm -rf /)', shareProcessNamespace: false }, want: ['sh', '-c', LAUNCHER_SCRIPT, 'cg-debug', '$(rm -rf /)', 'own', '', '-'] },
    {
      name: 'image and --env',
      input: { target: 'app', shareProcessNamespace: false, image: 'reg/app:1@sha256:abc', importEnv: true },
      want: ['sh', '-c', LAUNCHER_SCRIPT, 'cg-debug', 'app', 'own', 'reg/app:1@sha256:abc', 'env'],
    },
  ])('$name', ({ input, want }) => {
    expect(launcherCommand(input)).toEqual(want);
  });

  it('the script is the same text whatever the target', () => {
    expect(launcherCommand({ target: '`id`', shareProcessNamespace: true })[2]).toBe(LAUNCHER_SCRIPT);
  });

  it('the script is plain ASCII, changes directory only to / or the target working directory, never writes under /proc', () => {
    expect(LAUNCHER_SCRIPT).toMatch(/^[\x20-\x7e\n]*$/);
    expect(LAUNCHER_SCRIPT.match(/(?<!-)\bcd [^;&|\n]*/g)).toEqual(['cd /', 'cd "/proc/1/root$wd" 2>/dev/null']);
    expect(LAUNCHER_SCRIPT).not.toMatch(/>\s*\/proc/);
  });
});

// Live runs: the script under the shells the -dev images ship (busybox ash; bash) and dash.
const shells: { name: string; argv: string[]; fakeStty: boolean }[] = [
  { name: 'dash', argv: ['/bin/sh'], fakeStty: true },
  // busybox ash runs its own stty applet before PATH, so a fake stty cannot stand in for a sized pty.
  { name: 'busybox sh', argv: ['busybox', 'sh'], fakeStty: false },
  { name: 'bash', argv: ['bash'], fakeStty: true },
];

const work = mkdtempSync(join(tmpdir(), 'cg-debug-launcher-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fakeStty(size: string): string {
  const dir = mkdtempSync(join(work, 'bin-'));
  writeFileSync(join(dir, 'stty'), `#!/bin/sh\necho '${size}'\n`, { mode: 0o755 });
  return dir;
}

interface Run {
  /** stdout after 400 ms, before any SIGWINCH. */
  before: string;
  out: string;
  code: number | null;
}

// Runs the launcher with a pipe for a terminal; `winch` plays the attaching client resizing the pty.
function runLauncher(argv: string[], target: string, options: { sttyDir?: string; winch: boolean; timeoutMs?: number }): Promise<Run> {
  const [cmd = 'sh', ...pre] = argv;
  const args = [...pre, ...launcherCommand({ target, shareProcessNamespace: false }).slice(1)];
  const env = { ...process.env, PATH: options.sttyDir ? `${options.sttyDir}:${process.env.PATH ?? ''}` : process.env.PATH };
  const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    let before = '';
    let ticker: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`launcher did not finish; stdout so far: ${JSON.stringify(out)}`));
    }, options.timeoutMs ?? 8000);
    setTimeout(() => {
      before = out;
      ticker = setInterval(() => {
        if (out.includes('packages:')) {
          clearInterval(ticker);
          // The banner is out, so the shell is (about to be) exec'd: prove it reads commands.
          child.stdin.end('echo shell-ok\nexit 0\n');
        } else if (options.winch && child.pid !== undefined) {
          process.kill(child.pid, 'SIGWINCH');
        }
      }, 100);
    }, 400);
    child.on('close', (code) => {
      clearTimeout(deadline);
      clearInterval(ticker);
      resolve({ before, out, code });
    });
  });
}

const packagesLine = process.getuid?.() === 0 ? 'packages: apk add works (root)' : 'packages: apk add needs root (rerun cg-debug with --as-root)';

function banner(target: string): RegExp {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^cg-debug: container ${esc(target)} \\(ps shows its processes\\)\\n` +
      // This machine's PID 1 stands in for the app: its command line and working directory vary.
      `command: [ -~]*\\nworking directory: [^\\n]+\\n` +
      `app files: (readable at /proc/1/root|NOT readable \\(different user, no CAP_SYS_PTRACE\\))\\n` +
      `${esc(packagesLine)}\\nshell-ok\\n$`,
  );
}

describe.each(shells)('launcher script under $name', ({ argv, fakeStty: canFake }) => {
  it('prints nothing until the first SIGWINCH, then the banner, then execs a shell', async () => {
    const run = await runLauncher(argv, 'app', { sttyDir: canFake ? fakeStty('0 0') : undefined, winch: true });
    expect(run.before).toBe('');
    expect(run.out).toMatch(banner('app'));
    expect(run.code).toBe(0);
  });

  it('a hostile target name is printed, not run', async () => {
    const marker = join(work, `pwned-${argv.join('-').replace(/\W/g, '')}`);
    const target = `$(touch ${marker})\`touch ${marker}\`'; touch ${marker}; '`;
    const run = await runLauncher(argv, target, { winch: true });
    expect(run.out).toMatch(banner(target));
    expect(existsSync(marker)).toBe(false);
  });

});

// busybox ash runs its own stty applet before PATH, so only dash and bash can be given a fake pty size.
describe.each(shells.filter((s) => s.fakeStty))('launcher script under $name with a faked stty', ({ argv }) => {
  it('passes the gate without a signal when stty already reports a size', async () => {
    const run = await runLauncher(argv, 'app', { sttyDir: fakeStty('24 80'), winch: false });
    expect(run.before).toMatch(/^cg-debug: container app/);
    expect(run.out).toMatch(banner('app'));
  });

  it('stays gated while stty reports 0x0 and no signal comes', async () => {
    const run = runLauncher(argv, 'app', { sttyDir: fakeStty('0 0'), winch: false, timeoutMs: 1500 });
    await expect(run).rejects.toThrow(/did not finish; stdout so far: ""/);
  });
});
