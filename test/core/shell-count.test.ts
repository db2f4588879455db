import { describe, expect, it } from 'vitest';
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
    expect(input).toMatch(/\[ "\$\(readlink "\$d\/ns\/mnt" 2>\/dev\/null\)" = "\$me" \] \|\| continue/);
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
