// A tee of the terminal a session hands to the shell: what the shell writes to stdout and stderr goes
// to the terminal and to the recording, keystrokes too when asked, and every resize. The session code
// and its protocol never know: they get a TerminalIO like any other.
import type { TerminalIO } from '../terminal/terminal-io.js';
import type { CastFile } from './cast-file.js';

export interface RecordingTerminal {
  io: TerminalIO;
  /** Stops recording resizes; the streams' tees go quiet once the cast file is closed. */
  stop(): void;
}

type DataListener = (chunk: Buffer | string) => void;

/** Starts the recording (its header, sized like the terminal) and returns the teed terminal. */
export function recordingTerminal(
  io: TerminalIO,
  cast: CastFile,
  options: { input: boolean; title: string; command?: string; env: { TERM?: string | undefined; SHELL?: string | undefined } },
): RecordingTerminal {
  const size = () => ({ width: io.stdout.columns, height: io.stdout.rows });
  cast.start({ ...size(), env: options.env, title: options.title, ...(options.command === undefined ? {} : { command: options.command }) });
  const onResize = () => {
    const { width, height } = size();
    cast.resize(width, height);
  };
  if (io.stdout.isTTY) io.stdout.on('resize', onResize);
  return {
    io: {
      stdin: options.input ? teeInput(io.stdin, (chunk) => cast.input(chunk)) : io.stdin,
      stdout: teeOutput(io.stdout, (chunk) => cast.output(chunk, 'stdout')),
      stderr: teeOutput(io.stderr, (chunk) => cast.output(chunk, 'stderr')),
    },
    stop: () => {
      io.stdout.removeListener('resize', onResize);
    },
  };
}

/**
 * The stream itself for everything but `write`. Methods run bound to the real stream, so its own
 * state (raw mode, listeners, size) is the one the caller reads and changes.
 */
function delegate<T extends object>(stream: T, own: Partial<Record<string | symbol, unknown>>): T {
  return new Proxy(stream, {
    get(target, property) {
      if (Object.hasOwn(own, property)) return own[property];
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function teeOutput(stream: NodeJS.WriteStream, record: (chunk: Buffer | string) => void): NodeJS.WriteStream {
  const write = (chunk: Buffer | string, ...rest: unknown[]): boolean => {
    record(chunk);
    return (stream.write as (chunk: Buffer | string, ...rest: unknown[]) => boolean)(chunk, ...rest);
  };
  return delegate(stream, { write });
}

/** Records what reaches the session's 'data' listeners: keys typed before the shell reads them are not keystrokes yet. */
function teeInput(stream: NodeJS.ReadStream, record: (chunk: Buffer | string) => void): NodeJS.ReadStream {
  const wrapped = new WeakMap<DataListener, DataListener>();
  const add = (method: 'on' | 'addListener') => (event: string, listener: DataListener) => {
    if (event !== 'data') return stream[method](event, listener);
    const tee: DataListener = (chunk) => {
      record(chunk);
      listener(chunk);
    };
    wrapped.set(listener, tee);
    return stream[method](event, tee);
  };
  const remove = (method: 'off' | 'removeListener') => (event: string, listener: DataListener) => {
    const tee = event === 'data' ? wrapped.get(listener) : undefined;
    return stream[method](event, tee ?? listener);
  };
  return delegate(stream, { on: add('on'), addListener: add('addListener'), off: remove('off'), removeListener: remove('removeListener') });
}
