import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseShellCount, SHELL_COUNT_SCRIPT } from '../../src/core/shell-count.js';
import { STOP_SCRIPT, stopCommand } from '../../src/core/stop-script.js';

describe('scripts exec\'d into a debug container', () => {
  // A hostile message would run as code inside the script; as `$1` it is only text.
  it('passes the stop message as an argument, never inside the script', () => {
    const command = stopCommand('$(reboot)');
    expect(command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(command.slice(2).filter((part) => part.includes('$(reboot)'))).toEqual(['$(reboot)']);
    expect(command.at(-1)).toBe('$(reboot)');
  });

  // Never run here: on this machine they would see (and stop would kill) every process in its mount
  // namespace. The end-to-end tests run them in real debug containers.
  it.each([
    { name: 'stop', input: STOP_SCRIPT },
    { name: 'shell count', input: SHELL_COUNT_SCRIPT },
  ])('$name only looks at processes in its own mount namespace', ({ input }) => {
    expect(input).toMatch(/me=\$\(readlink \/proc\/self\/ns\/mnt\)/);
    expect(input).toMatch(/ns=\$\(readlink "\$d\/ns\/mnt" 2>\/dev\/null\)\n\s*\[ -n "\$ns" \] && \[ "\$ns" = "\$me" \] \|\| continue/);
  });
});

describe('parseShellCount', () => {
  it.each([
    { name: 'a count', input: '2\n', want: 2 },
    { name: 'none', input: '0', want: 0 },
    { name: 'noise', input: 'sh: readlink: not found\n1', want: undefined },
    { name: 'empty', input: '', want: undefined },
  ])('$name', ({ input, want }) => {
    expect(parseShellCount(input)).toBe(want);
  });
});

// N13: where readlink of the mount namespace prints nothing (some sandboxed runtimes), "" would equal the
// "" of every process the user cannot inspect, and stop would kill them all. Run under dash (no readlink
// builtin) with a readlink that prints nothing, and `kill` replaced by an echo, so nothing is signalled here.
describe('the scripts fail closed without a namespace to compare', () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'cg-debug-readlink-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  writeFileSync(path.join(bin, 'readlink'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(bin, 'readlink'), 0o755);
  const run = (script: string) =>
    spawnSync('dash', ['-c', script, 'cg-debug-test', 'message'], { encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });

  it('stop signals nothing and fails', () => {
    const result = run(STOP_SCRIPT.replace('kill -KILL', 'echo would-kill'));
    expect(result.stdout).not.toContain('would-kill');
    expect(result.status).toBe(1);
  });

  it('the shell count gives no count', () => {
    const result = run(SHELL_COUNT_SCRIPT);
    expect(parseShellCount(result.stdout)).toBeUndefined();
    expect(result.status).toBe(1);
  });
});
