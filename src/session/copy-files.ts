// cp's remote half: a tar stream of a path resolved inside the target's root, and a tar stream unpacked
// into the debug container's own filesystem. The local half (files on this machine) is src/files/.
import { Writable, type Readable } from 'node:stream';
import { formatBytes } from '../core/byte-size.js';
import { ContainerFailedError, FileAccessError } from '../core/errors.js';
import { packCommand, unpackCommand } from '../core/file-scripts.js';
import { resolveInRoot, type ResolvedPath } from '../core/root-path.js';
import { sanitizeText } from '../core/sanitize.js';
import { collect, targetProbe, type DebugExec } from './debug-exec.js';

/** The first line of a failed command's stderr, safe to print. */
function firstLine(stderr: string): string {
  return sanitizeText(stderr.trim().split('\n')[0] ?? '').slice(0, 300);
}

/** Maps a failed tar run to the error the user can act on. */
export function tarFailure(action: string, exitCode: number, stderr: string): Error {
  const detail = firstLine(stderr) || `exit code ${exitCode}`;
  if (/no space left|disk quota/i.test(stderr)) {
    return new FileAccessError(`${action}: the debug container's disk is full (${detail})`, {
      hint: 'free space in the debug container (its /tmp is the node\'s disk) or copy to a smaller place',
    });
  }
  if (/permission denied|operation not permitted|read-only file system/i.test(stderr)) {
    return new FileAccessError(`${action}: ${detail}`, {
      hint: "cg-debug acts as the app's user: choose a path that user can read (or, for uploads, write, such as /tmp)",
    });
  }
  return new ContainerFailedError(`${action}: ${detail}`, { hint: 'run the same with cg-debug POD -- COMMAND to see more' });
}

export interface CopyOutResult {
  resolved: ResolvedPath;
  /** The name the tar stream's one entry has: the resolved path's last component. */
  entry: string;
}

/**
 * Writes a tar stream of `remotePath` (in the target's filesystem, symlinks resolved inside its root) to
 * `sink`, which is ended when the stream is complete. Resolving first names a missing or unreadable
 * path before any byte is sent.
 */
export async function copyOut(exec: DebugExec, remotePath: string, sink: Writable): Promise<CopyOutResult> {
  const resolved = await resolveInRoot(remotePath, targetProbe(exec));
  const limit = resolved.probe.kind === 'file' && resolved.probe.size !== undefined ? streamLimit(resolved.probe.size) : undefined;
  const bounded = limit === undefined ? undefined : boundedSink(sink, limit);
  const result = await exec(packCommand(resolved.path), bounded?.sink ?? sink);
  if (result.exitCode !== 0) throw tarFailure(`reading ${sanitizeText(resolved.path)} from the target`, result.exitCode, result.stderr);
  if (bounded?.overflowed()) {
    throw new ContainerFailedError(`the debug container sent more than ${formatBytes(limit ?? 0)} for ${sanitizeText(resolved.path)}, a file of ${formatBytes(resolved.probe.kind === 'file' ? (resolved.probe.size ?? 0) : 0)}`, {
      hint: 'nothing was written; if the file grows fast (a log), copy it again',
    });
  }
  return { resolved, entry: resolved.path === '/' ? '.' : (resolved.path.split('/').at(-1) as string) };
}

/**
 * What a file's tar stream may take: the file as the probe saw it, room for it to grow (a log being
 * written) and tar's headers and padding. The pod cannot fill this machine's disk past it.
 */
export function streamLimit(size: number): number {
  return 2 * size + 64 * 1024 * 1024;
}

/** Passes bytes to `sink` up to `limit`, then drops the rest (the command still ends) and says so. */
function boundedSink(sink: Writable, limit: number): { sink: Writable; overflowed: () => boolean } {
  let seen = 0;
  let overflow = false;
  const bounded = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > limit) {
        // The unpack gets no more: its stream ends short, so it refuses to finish (nothing is renamed).
        if (!overflow) sink.end();
        overflow = true;
        callback();
        return;
      }
      if (sink.write(chunk)) callback();
      else sink.once('drain', () => callback());
    },
    final(callback) {
      if (!overflow) sink.end();
      callback();
    },
  });
  return { sink: bounded, overflowed: () => overflow };
}

/** Unpacks a tar stream into the debug container at `dest` (see unpackCommand); returns where it went. */
export async function copyIn(exec: DebugExec, source: Readable, dest: string, entry?: string): Promise<string> {
  const out = collect();
  const result = await exec(unpackCommand(dest, entry), out.sink, source);
  if (result.exitCode !== 0) throw tarFailure(`writing ${sanitizeText(dest)} in the debug container`, result.exitCode, result.stderr);
  return out.text().trim();
}
