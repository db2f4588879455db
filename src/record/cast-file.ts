// The --record file: opened before the pod is changed (a bad path fails while nothing has happened),
// written with one synchronous write per event so the order is the terminal's and nothing is lost when
// main.ts exits the process right after the session.
import { closeSync, constants, fchmodSync, fstatSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { castEvent, castHeader, castSize, type CastEventCode, type CastHeaderInput } from '../core/asciicast.js';
import { FileAccessError, UsageError } from '../core/errors.js';

export interface CastFile {
  /** Absolute. */
  path: string;
  /** Writes the header: the recording's clock starts here. */
  start(header: Omit<CastHeaderInput, 'startedAtMs'>): void;
  output(chunk: Buffer | string, from: 'stdout' | 'stderr'): void;
  input(chunk: Buffer | string): void;
  resize(width: number, height: number): void;
  /** True once the header is written. */
  readonly started: boolean;
  /** Closes the file; one that never started is removed when this run created it. */
  close(): void;
}

/**
 * Creates FILE (mode 0600: it holds everything the terminal showed). An existing file is refused,
 * except an empty regular one (from mktemp, say), which is taken and narrowed to 0600: a recording is
 * never overwritten. `now` is the wall clock in milliseconds.
 */
export function openCastFile(file: string, now: () => number): CastFile {
  const path = resolve(file);
  const { fd, created } = openNew(path, file);
  // One decoder per stream: a multi-byte character split across two chunks is written whole.
  const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8'), input: new StringDecoder('utf8') };
  let startedAt: number | undefined;
  let open = true;
  const write = (text: string) => {
    if (open) writeSync(fd, text);
  };
  const event = (code: CastEventCode, data: string) => {
    if (startedAt !== undefined && data !== '') write(castEvent(now() - startedAt, code, data));
  };
  const text = (chunk: Buffer | string, decoder: StringDecoder) => (typeof chunk === 'string' ? chunk : decoder.write(chunk));
  return {
    path,
    get started() {
      return startedAt !== undefined;
    },
    start(header) {
      if (startedAt !== undefined) return;
      startedAt = now();
      write(castHeader({ ...header, startedAtMs: startedAt }));
    },
    output: (chunk, from) => event('o', text(chunk, decoders[from])),
    input: (chunk) => event('i', text(chunk, decoders.input)),
    resize: (width, height) => event('r', castSize(width, height)),
    close() {
      if (!open) return;
      if (startedAt !== undefined) {
        event('o', decoders.stdout.end() + decoders.stderr.end());
        event('i', decoders.input.end());
      }
      open = false;
      closeSync(fd);
      if (startedAt === undefined && created) unlinkSync(path);
    },
  };
}

function openNew(path: string, file: string): { fd: number; created: boolean } {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_APPEND } = constants;
  try {
    return { fd: openSync(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600), created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw openError(error, file);
  }
  // An existing empty file (from mktemp) is used only when it is this user's alone: a file another user
  // prepared stays theirs whatever its mode (they read the session through an fd opened earlier, or chmod
  // it back), and a second hard link is a second name someone else may read. O_NONBLOCK: a FIFO planted at
  // the path must not block the open until someone reads it (it fails with ENXIO instead).
  let fd: number;
  try {
    fd = openSync(path, O_WRONLY | O_APPEND | O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw exists(file, error);
  }
  const stat = fstatSync(fd);
  const uid = process.getuid?.();
  if (!stat.isFile() || stat.size !== 0) {
    closeSync(fd);
    throw exists(file);
  }
  if ((uid !== undefined && stat.uid !== uid) || stat.nlink !== 1) {
    closeSync(fd);
    throw new UsageError(`--record ${JSON.stringify(file)} already exists and ${stat.nlink !== 1 ? 'has another name (a hard link)' : 'belongs to another user'}`, {
      hint: 'record into a new file, or an empty one you created yourself',
    });
  }
  fchmodSync(fd, 0o600);
  return { fd, created: false };
}

function exists(file: string, cause?: unknown): UsageError {
  return new UsageError(`--record ${JSON.stringify(file)} already exists`, {
    hint: 'cg-debug never overwrites a recording: name a new file (or an empty one), or remove it first',
    ...(cause === undefined ? {} : { cause }),
  });
}

function openError(error: unknown, file: string): FileAccessError {
  const code = (error as NodeJS.ErrnoException).code ?? 'an error';
  const why =
    code === 'ENOENT' ? 'its directory does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'a read-only file system' : code;
  return new FileAccessError(`cannot create the recording ${JSON.stringify(file)}: ${why}`, {
    hint: 'choose a path in a directory you can write to',
    cause: error,
  });
}
