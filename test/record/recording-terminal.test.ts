// The recording tee against a real cast file: what the shell writes reaches the terminal and the
// recording, keystrokes only with input recording, every resize until stop, and the terminal's own
// state (raw mode, listeners) is the one the session changes.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TerminalIO } from '../../src/terminal/terminal-io.js';
import { openCastFile } from '../../src/record/cast-file.js';
import { recordingTerminal } from '../../src/record/recording-terminal.js';

class FakeScreen extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  written: string[] = [];
  write(chunk: Buffer | string): boolean {
    this.written.push(String(chunk));
    return true;
  }
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  isRaw = false;
  setRawMode(raw: boolean): this {
    this.isRaw = raw;
    return this;
  }
}

/** A terminal, a cast file in a temp dir on a clock that moves 1 s per event, and the recording tee. */
function setup(input: boolean) {
  const screen = new FakeScreen();
  const errors = new FakeScreen();
  const keyboard = new FakeKeyboard();
  const io = { stdin: keyboard, stdout: screen, stderr: errors } as unknown as TerminalIO;
  let t = 9_000;
  const cast = openCastFile(join(mkdtempSync(join(tmpdir(), 'cg-rec-')), 's.cast'), () => (t += 1000));
  const recording = recordingTerminal(io, cast, { input, title: 'cg-debug shop/web cg-debug-aaaaa', env: { TERM: 'xterm-256color' } });
  const events = () => {
    cast.close();
    const [header, ...rest] = readFileSync(cast.path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    return { header, events: rest };
  };
  return { screen, errors, keyboard, recording, events };
}

type Setup = ReturnType<typeof setup>;

describe('recordingTerminal', () => {
  it.each([
    {
      name: 'stdout and stderr: on the terminal and in the recording, in order',
      input: false,
      act: ({ recording }: Setup) => {
        recording.io.stdout.write('$ ls\r\n');
        recording.io.stderr.write(Buffer.from('ls: denied\r\n'));
      },
      want: [[1, 'o', '$ ls\r\n'], [2, 'o', 'ls: denied\r\n']],
    },
    {
      name: 'keystrokes are not recorded without input recording',
      input: false,
      act: ({ recording, keyboard }: Setup) => {
        recording.io.stdin.on('data', () => undefined);
        keyboard.emit('data', Buffer.from('secret\r'));
      },
      want: [],
    },
    {
      name: 'keystrokes the session reads are recorded with input recording',
      input: true,
      act: ({ recording, keyboard }: Setup) => {
        recording.io.stdin.on('data', () => undefined);
        keyboard.emit('data', Buffer.from('ls\r'));
      },
      want: [[1, 'i', 'ls\r']],
    },
    {
      name: 'a listener taken off again records nothing more',
      input: true,
      act: ({ recording, keyboard }: Setup) => {
        const listener = () => undefined;
        recording.io.stdin.on('data', listener);
        recording.io.stdin.off('data', listener);
        keyboard.emit('data', Buffer.from('x'));
      },
      want: [],
    },
    {
      name: 'each resize until stop',
      input: false,
      act: ({ recording, screen }: Setup) => {
        screen.columns = 120;
        screen.rows = 40;
        screen.emit('resize');
        recording.stop();
        screen.columns = 60;
        screen.emit('resize');
      },
      want: [[1, 'r', '120x40']],
    },
  ])('$name', ({ input, act, want }) => {
    const terminal = setup(input);
    act(terminal);
    const { header, events } = terminal.events();
    expect(header).toMatchObject({ version: 2, width: 100, height: 30, timestamp: 10, title: 'cg-debug shop/web cg-debug-aaaaa', env: { TERM: 'xterm-256color' } });
    expect(events).toEqual(want);
  });

  it('the terminal gets what the shell writes, and the session changes the real terminal', () => {
    const { recording, screen, keyboard } = setup(true);
    const seen: string[] = [];
    recording.io.stdin.on('data', (chunk: Buffer) => seen.push(chunk.toString()));
    recording.io.stdin.setRawMode(true);
    recording.io.stdout.write('prompt$ ');
    keyboard.emit('data', Buffer.from('q'));
    expect(screen.written).toEqual(['prompt$ ']);
    expect(seen).toEqual(['q']);
    expect(keyboard.isRaw).toBe(true);
    expect(recording.io.stdout.columns).toBe(100);
    recording.stop();
    expect(screen.listenerCount('resize')).toBe(0);
  });
});
