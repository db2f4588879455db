// cp's remote half: a tar stream of a path resolved inside the target's root, and a tar stream unpacked
// into the debug container's own filesystem. The local half (files on this machine) is src/files/.
import type { Readable, Writable } from 'node:stream';
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
  const result = await exec(packCommand(resolved.path), sink);
  if (result.exitCode !== 0) throw tarFailure(`reading ${sanitizeText(resolved.path)} from the target`, result.exitCode, result.stderr);
  return { resolved, entry: resolved.path === '/' ? '.' : (resolved.path.split('/').at(-1) as string) };
}

/** Unpacks a tar stream into the debug container at `dest` (see unpackCommand); returns where it went. */
export async function copyIn(exec: DebugExec, source: Readable, dest: string, entry?: string): Promise<string> {
  const out = collect();
  const result = await exec(unpackCommand(dest, entry), out.sink, source);
  if (result.exitCode !== 0) throw tarFailure(`writing ${sanitizeText(dest)} in the debug container`, result.exitCode, result.stderr);
  return out.text().trim();
}
