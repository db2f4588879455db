// N2: --env imports the app's environment, which the app (or whoever sets the pod's env) chooses. The
// real start script runs here under the shells the -dev images ship, with /proc/1/environ replaced by a
// hostile file: nothing in it may choose code the operator's shell runs.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DROPPED_APP_ENV, shellStartCommand } from '../../src/core/shell-start.js';

const work = mkdtempSync(path.join(tmpdir(), 'cg-debug-env-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const shells = [
  { name: 'dash', argv: ['dash'] },
  { name: 'busybox sh', argv: ['busybox', 'sh'] },
  { name: 'bash', argv: ['bash'] },
];

/** Runs the start script with `environ` standing in for /proc/1/environ; the shell it becomes reads `input`. */
function start(argv: string[], environ: string, input: string): { stdout: string; stderr: string; status: number | null } {
  const file = path.join(work, `environ-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, environ);
  const [, , script, name, ...args] = shellStartCommand({ target: 'app', shareProcessNamespace: false, importEnv: true });
  const [cmd = 'sh', ...pre] = argv;
  const run = spawnSync(cmd, [...pre, '-c', (script ?? '').replaceAll('</proc/1/environ', `<${file}`).replaceAll('-r /proc/1/environ', `-r ${file}`), name ?? '', ...args], {
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: '/operator-home', TERM: 'xterm' },
    timeout: 10_000,
  });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}

describe.each(shells)('--env under $name', ({ argv }) => {
  const marker = path.join(work, `pwned-${argv.join('-').replace(/\W/g, '')}`);
  const evil = path.join(work, `evil-${argv.join('-').replace(/\W/g, '')}.sh`);
  writeFileSync(evil, `#!/bin/sh\ntouch ${marker}\necho "app-controlled program ran: $*"\n`);
  chmodSync(evil, 0o755);

  it('passes the app variables, drops the ones that choose code, and names them', () => {
    const environ = [
      'APP_OK=1',
      'DATABASE_URL=postgres://u:p@db/x',
      `BASH_ENV=${evil}`,
      `ENV=${evil}`,
      `PROMPT_COMMAND=${evil}`,
      'PS1=$(touch /nonexistent)',
      'LD_PRELOAD=/proc/1/root/evil.so',
      'IFS=/',
      'HOME=/home/app',
      'SHELL=/bin/evil',
      'TERM=evil',
      'PATH=/evil/bin',
      'MULTI=a\nLD_PRELOAD=/x.so',
    ].join('\0');
    const show = 'for v in APP_OK DATABASE_URL MULTI BASH_ENV ENV PROMPT_COMMAND PS1 LD_PRELOAD SHELL HOME TERM; do eval "printf \\"%s=[%s]\\\\n\\" $v \\"\\${$v-unset}\\""; done; echo "PATH=[$PATH]"; exit 0\n';
    const run = start(argv, `${environ}\0`, show);
    expect(existsSync(marker)).toBe(false);
    expect(run.stdout).toContain("environment: the app's (--env), from /proc/1/environ; cg-debug shows no values\n");
    expect(run.stdout).toContain(
      'environment: not imported, since they could change what this shell runs: BASH_ENV ENV PROMPT_COMMAND PS1 LD_PRELOAD IFS HOME SHELL TERM PATH\n',
    );
    // No value is printed by cg-debug itself: only the commands the test ran show them.
    const banner = run.stdout.slice(0, run.stdout.indexOf('APP_OK='));
    expect(banner).not.toContain('postgres');
    const vars = Object.fromEntries([...run.stdout.slice(banner.length).matchAll(/^(\w+)=\[([^\]]*)\]$/gm)].map((m) => [m[1], m[2]]));
    expect(vars).toMatchObject({
      APP_OK: '1',
      DATABASE_URL: 'postgres://u:p@db/x',
      // The value with a newline stays one value: its second line is not a variable of its own.
      MULTI: 'a\nLD_PRELOAD=/x.so',
      BASH_ENV: 'unset',
      ENV: 'unset',
      PROMPT_COMMAND: 'unset',
      LD_PRELOAD: 'unset',
      HOME: '/operator-home',
      TERM: 'xterm',
    });
    expect(vars.SHELL).not.toBe('/bin/evil');
    expect(vars.PS1).not.toContain('touch');
    expect(vars.PATH).not.toContain('/evil/bin');
  });

  it('an entry without "=" or starting with "-" is not env\'s program or option', () => {
    const run = start(argv, ['HOME=/home/app', evil, '-i', '--unset=PATH', '1BAD=x', 'A=1'].join('\0') + '\0', 'echo "A=$A PATH=$PATH"\nexit 0\n');
    expect(existsSync(marker)).toBe(false);
    expect(run.stdout).not.toContain('app-controlled program ran');
    expect(run.stdout).toContain('environment: not imported: 4 entries that are not NAME=value\n');
    expect(run.stdout).toMatch(/^A=1 PATH=[^\n]+$/m);
    expect(run.status).toBe(0);
  });
});

describe('DROPPED_APP_ENV', () => {
  it('covers what the review named', () => {
    for (const name of ['LD_*', 'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'PS[0-9]*', 'SHELLOPTS', 'BASHOPTS', 'IFS', 'HOME', 'SHELL', 'TERM', 'CDPATH', 'GLOBIGNORE']) {
      expect(DROPPED_APP_ENV.some((p) => p === name || (p.endsWith('*') && name.startsWith(p.slice(0, -1))))).toBe(true);
    }
  });
});
