// cp's local half for downloads: a tar stream unpacked into a fresh directory next to the destination,
// then renamed into place, so a failed or interrupted copy never leaves a partial file under the final name.
import { lstat, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { x as untar, type ReadEntry } from 'tar';
import { ContainerFailedError, FileAccessError, NotFoundError } from '../core/errors.js';
import { ancestorProblem } from './private-directory.js';

const END_OF_ARCHIVE = 1024;

export interface LocalDestination {
  /** Takes the tar stream; ending it completes the unpack. */
  sink: Writable;
  /**
   * Moves the unpacked entry to its final path (into the destination directory as `name`, or the path
   * given) and removes the scratch directory; resolves to the final path.
   */
  finish(entry: string, name: string): Promise<string>;
  /** Removes whatever was unpacked. */
  discard(): Promise<void>;
  /** Entries left out, each with why (an absolute symlink), to tell the user. */
  skipped(): string[];
}

/** The set-user-ID, set-group-ID and sticky bits: never given to a file from the pod. */
const SPECIAL_BITS = 0o7000;

/** The entry's path without a leading `./`: the pack script names its one entry `./NAME`. */
const entryPath = (p: string): string => p.replace(/^(\.\/)+/, '');

/** Turns a local file system error into one that names the path and the fix. */
export function localFsError(error: unknown, where: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new FileAccessError(`the local disk is full writing ${where}`, { hint: 'free space there or copy somewhere else', cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new FileAccessError(`permission denied writing ${where}`, { hint: 'copy to a directory you can write', cause: error });
  }
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new NotFoundError(`${where}: no such directory`, { hint: 'create the directory first, or copy into an existing one', cause: error });
  }
  return error instanceof Error ? error : new Error(String(error));
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `local` as cp reads it: an existing directory receives the copy under a name given at the end; any
 * other path is the copy's own name. The scratch directory sits beside the final path, on the same file
 * system, so the last step is one atomic rename. Made before the pod is touched: a place that cannot be
 * written is refused while nothing has changed.
 */
// eslint-disable-next-line max-lines-per-function -- the destination's steps (scratch, commit, discard) are closures over one scratch directory and one final path.
export async function localDestination(local: string): Promise<LocalDestination> {
  const intoDirectory = await isDirectory(local);
  const parent = intoDirectory ? path.resolve(local) : path.dirname(path.resolve(local));
  // Another user who may write the parent (or a directory above it) could rename the scratch directory
  // while the unpack writes through its path and put a symlink in its place: the operator's writes (root's
  // too) would land wherever it points. Sticky directories owned by this user or root (/tmp) are fine.
  const unsafe = (await isDirectory(parent)) ? ancestorProblem(parent) : undefined;
  if (unsafe !== undefined) {
    throw new FileAccessError(`refusing to copy into ${parent}: ${unsafe}`, {
      hint: 'copy into a directory that only you (or root) can write, such as one under your home, then move it',
    });
  }
  let scratch: string;
  try {
    scratch = await mkdtemp(path.join(parent, '.cg-debug-cp-'));
  } catch (error) {
    throw localFsError(error, parent);
  }
  const made = await lstat(scratch);
  let failure: unknown;
  let top: string | undefined;
  const skipped: string[] = [];
  // Everything from the pod is someone else's: modes lose setuid, setgid and sticky (run as root, a copy
  // would otherwise leave setuid-root files); an absolute symlink would point into this machine's own /
  // (node-tar strips the / and, strict, fails the whole copy), so it is left out and named; the stream
  // holds one entry, the path asked for, and anything beside it is refused before it is written.
  const filter = (p: string, entry: ReadEntry | { mode?: number }): boolean => {
    const read = entry as ReadEntry;
    const name = entryPath(p);
    const first = name.split('/')[0] ?? '';
    top ??= first;
    // '' is the whole root (`cg-debug cp POD:/ dir`): everything in the stream is the entry.
    if (top !== '' && first !== top) {
      failure ??= new ContainerFailedError(`the tar stream from the debug container holds ${JSON.stringify(name.slice(0, 100))} beside ${JSON.stringify(top)}`, {
        hint: 'the debug container sent more than the path asked for: nothing was written',
      });
      return false;
    }
    if (read.type === 'SymbolicLink' && typeof read.linkpath === 'string' && read.linkpath.startsWith('/')) {
      skipped.push(`${name} -> ${read.linkpath} (an absolute symlink: it would point into this machine's /)`);
      return false;
    }
    if (typeof read.mode === 'number') read.mode &= ~SPECIAL_BITS;
    return true;
  };
  // strict: a damaged entry is an error, not a warning; owners are this user's, modes less the umask.
  const unpack = untar({ cwd: scratch, strict: true, preserveOwner: false, filter, onwarn: (_code, _message, data) => (failure ??= data) });
  const closed = new Promise<void>((resolve) => unpack.on('close', () => resolve()));
  unpack.on('error', (error: unknown) => (failure ??= error));
  // A whole archive ends in (at least) two zero blocks; a stream cut short does not. The unpacker
  // does not check this itself.
  let tail = Buffer.alloc(0);
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      tail = Buffer.concat([tail, chunk]).subarray(-END_OF_ARCHIVE);
      if (unpack.write(chunk)) callback();
      else unpack.once('drain', () => callback());
    },
    final(callback) {
      unpack.end();
      void closed.then(() => callback());
    },
  });
  // The scratch directory must still be the one made: a directory swapped for a symlink is never followed.
  const sameScratch = async (): Promise<boolean> => {
    try {
      const now = await lstat(scratch);
      return now.isDirectory() && now.ino === made.ino && now.dev === made.dev;
    } catch {
      return false;
    }
  };
  // Entries may still be in flight: end the unpack and let it settle before removing what it wrote.
  const discard = async () => {
    if (!sink.writableEnded) unpack.end();
    await closed;
    if (await sameScratch()) await rm(scratch, { recursive: true, force: true });
  };
  return {
    sink,
    discard,
    skipped: () => [...skipped],
    async finish(entry, name) {
      const finalPath = intoDirectory ? path.join(local, name) : local;
      await closed;
      try {
        if (failure !== undefined) throw failure;
        if (tail.length < END_OF_ARCHIVE || tail.some((byte) => byte !== 0)) {
          throw new ContainerFailedError('the tar stream from the debug container ended early', { hint: 'try again; nothing was written' });
        }
        if (top !== undefined && top !== (entry === '.' ? '' : (entryPath(entry).split('/')[0] ?? ''))) {
          throw new ContainerFailedError(`the tar stream from the debug container holds ${JSON.stringify(top.slice(0, 100))}, not ${JSON.stringify(entry.slice(0, 100))}`, {
            hint: 'the debug container sent another path than the one asked for: nothing was written',
          });
        }
        if (!(await sameScratch())) {
          throw new FileAccessError(`the scratch directory ${scratch} was replaced while the copy ran`, { hint: 'copy into a directory that only you can write' });
        }
        await rename(path.join(scratch, entry), finalPath);
      } catch (error) {
        await discard();
        throw localFsError(error, finalPath);
      }
      await discard();
      return finalPath;
    },
  };
}
