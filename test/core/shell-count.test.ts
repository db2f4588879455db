import { describe, expect, it } from 'vitest';
import { parseShellCount, SHELL_COUNT_NAME, SHELL_COUNT_SCRIPT, shellCountCommand } from '../../src/core/shell-count.js';
import { STOP_NAME, STOP_SCRIPT, stopCommand } from '../../src/core/stop-script.js';

describe('scripts exec\'d into a debug container', () => {
  it.each([
    { name: 'shell count', input: shellCountCommand(), want: ['sh', '-c', SHELL_COUNT_SCRIPT, SHELL_COUNT_NAME] },
    { name: 'stop, with the message as an argument', input: stopCommand('$(reboot)'), want: ['sh', '-c', STOP_SCRIPT, STOP_NAME, '$(reboot)'] },
  ])('$name', ({ input, want }) => {
    expect(input).toEqual(want);
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
