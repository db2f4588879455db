// cp's local half for downloads: a tar stream unpacked into a fresh directory next to the destination,
// then renamed into place, so a failed or interrupted copy never leaves a partial file under the final name.
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { x as untar } from 'tar';
import { ContainerFailedError, FileAccessError, NotFoundError } from '../core/errors.js';

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
}

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
export async function localDestination(local: string): Promise<LocalDestination> {
  const intoDirectory = await isDirectory(local);
  const parent = intoDirectory ? path.resolve(local) : path.dirname(path.resolve(local));
  let scratch: string;
  try {
    scratch = await mkdtemp(path.join(parent, '.cg-debug-cp-'));
  } catch (error) {
    throw localFsError(error, parent);
  }
  let failure: unknown;
  // strict: a damaged entry is an error, not a warning; owners are this user's, modes less the umask.
  const unpack = untar({ cwd: scratch, strict: true, preserveOwner: false, onwarn: (_code, _message, data) => (failure ??= data) });
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
  // Entries may still be in flight: end the unpack and let it settle before removing what it wrote.
  const discard = async () => {
    if (!sink.writableEnded) unpack.end();
    await closed;
    await rm(scratch, { recursive: true, force: true });
  };
  return {
    sink,
    discard,
    async finish(entry, name) {
      const finalPath = intoDirectory ? path.join(local, name) : local;
      await closed;
      try {
        if (failure !== undefined) throw failure;
        if (tail.length < END_OF_ARCHIVE || tail.some((byte) => byte !== 0)) {
          throw new ContainerFailedError('the tar stream from the debug container ended early', { hint: 'try again; nothing was written' });
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
