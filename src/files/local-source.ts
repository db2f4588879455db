// cp's local half for uploads: a file or directory on this machine as a tar stream of one entry.
import { access, constants, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { c as tarCreate } from 'tar';
import { FileAccessError, NotFoundError } from '../core/errors.js';

export interface LocalSource {
  stream: Readable;
  /** The entry's name: the source's own name, after following a symlink given as the source. */
  entry: string;
  /** Bytes of file content (directories: summed over their files when cheap to know; else undefined). */
  size: number | undefined;
}

/** Packs `local` (a symlink given as the source is followed, as cp does). */
export async function localSource(local: string): Promise<LocalSource> {
  let real: string;
  try {
    real = await realpath(local);
    await access(real, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NotFoundError(`${local}: no such file or directory`, { hint: 'check the local path', cause: error });
    throw new FileAccessError(`${local}: permission denied`, { hint: 'copy a file you can read', cause: error });
  }
  const info = await stat(real);
  const entry = path.basename(real);
  // portable: no owner names or uids from this machine in the archive.
  const pack = tarCreate({ cwd: path.dirname(real), portable: true, strict: true }, [entry]);
  return { stream: Readable.from(pack), entry, size: info.isFile() ? info.size : undefined };
}
