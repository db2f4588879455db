import { describe, expect, it } from 'vitest';
import { lastResortHandler } from '../../src/cli/last-resort.js';
import { restoreTerminal, type ScreenState } from '../../src/terminal/screen.js';

function fakeIO(tty: boolean, raw: boolean) {
  const written = { stdout: '', stderr: '', raw: [] as boolean[] };
  const stdin = {
    isTTY: tty,
    isRaw: raw,
    setRawMode(mode: boolean) {
      written.raw.push(mode);
      stdin.isRaw = mode;
    },
  };
  const io = {
    stdin,
    stdout: { isTTY: tty, write: (text: string) => (written.stdout += text) },
    stderr: { write: (text: string) => (written.stderr += text) },
  };
  return { io, written };
}

describe('restoreTerminal', () => {
  it.each([
    { name: 'raw mode on the alternate screen', input: { tty: true, raw: true, alternate: true }, want: { stdout: '\u001b[?1049l\u001b[?25h', raw: [false] } },
    { name: 'raw mode on the normal screen: the cursor is not moved', input: { tty: true, raw: true, alternate: false }, want: { stdout: '\u001b[?25h', raw: [false] } },
    { name: 'cooked mode', input: { tty: true, raw: false, alternate: false }, want: { stdout: '\u001b[?25h', raw: [] } },
    { name: 'not a terminal: nothing written', input: { tty: false, raw: false, alternate: false }, want: { stdout: '', raw: [] } },
  ])('$name', ({ input, want }) => {
    const { io, written } = fakeIO(input.tty, input.raw);
    const screen: ScreenState = { alternate: input.alternate };
    restoreTerminal(io, screen);
    expect({ stdout: written.stdout, raw: written.raw }).toEqual(want);
    expect(screen.alternate).toBe(false);
  });
});

describe('lastResortHandler', () => {
  it('restores the terminal, prints one clean line and exits 1, once', () => {
    const { io, written } = fakeIO(true, true);
    const exits: number[] = [];
    const handle = lastResortHandler({ io, screen: { alternate: true }, trace: false, exit: (code) => exits.push(code) });
    const error = new RangeError('The value of "offset" is out of range.\n    at Buffer.readUInt8 (node:buffer:1:1)');
    handle(error);
    handle(new Error('a second one'));
    expect(written.raw).toEqual([false]);
    expect(written.stdout).toBe('\u001b[?1049l\u001b[?25h');
    expect(written.stderr).toBe(
      '\r\ncg-debug: internal error: The value of "offset" is out of range.\n  hint: rerun with CG_DEBUG_TRACE=1 and report it\n',
    );
    expect(exits).toEqual([1]);
  });

  it.each([
    { name: 'a rejection with a non-Error', input: 42, want: '42' },
    { name: 'escape sequences are removed whole', input: new Error('bad \u001b]0;owned\u0007 thing\u001b[2J'), want: 'bad  thing' },
    { name: 'an empty message', input: new Error(''), want: 'unknown error' },
  ])('$name', ({ input, want }) => {
    const { io, written } = fakeIO(false, false);
    lastResortHandler({ io, screen: { alternate: false }, trace: false, exit: () => undefined })(input);
    expect(written.stderr.split('\n')[1]).toBe(`cg-debug: internal error: ${want}`);
  });

  it('prints the stack with CG_DEBUG_TRACE', () => {
    const { io, written } = fakeIO(false, false);
    lastResortHandler({ io, screen: { alternate: false }, trace: true, exit: () => undefined })(new Error('boom'));
    expect(written.stderr).toMatch(/internal error: Error: boom\n\s+at /);
  });
});
