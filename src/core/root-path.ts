// Resolving a path inside another container's root (/proc/1/root) the way that container's kernel would:
// an absolute symlink restarts at the target's root and `..` stops there, never in the debug container's.
import { FileAccessError, NotFoundError, UsageError } from './errors.js';

/** What the debug container found at one path under the target's root. */
export type PathProbe =
  | { kind: 'missing' }
  | { kind: 'link'; target: string }
  | { kind: 'dir'; readable: boolean; searchable: boolean }
  | { kind: 'file'; readable: boolean; /** Bytes, when the probe could tell. */ size?: number }
  | { kind: 'other'; readable: boolean };

/** Answers a probe for each absolute path (relative to the target's root), in order, in one round trip. */
export type ProbePaths = (paths: string[]) => Promise<PathProbe[]>;

export interface ResolvedPath {
  /** The path with every symlink resolved, inside the target's root. */
  path: string;
  probe: Extract<PathProbe, { kind: 'dir' | 'file' | 'other' }>;
}

/** Linux gives up after 40 links (ELOOP); so do we. */
export const MAX_SYMLINKS = 40;

function parts(path: string): string[] {
  return path.split('/').filter((p) => p !== '' && p !== '.');
}

const joined = (components: readonly string[]): string => `/${components.join('/')}`;

/**
 * Resolves `path` component by component. Each round asks about the run of plain components up to the
 * next `..` in one probe call, so a path costs one round trip plus one per symlink or `..` met.
 */
export async function resolveInRoot(path: string, probePaths: ProbePaths, maxLinks = MAX_SYMLINKS): Promise<ResolvedPath> {
  let done: string[] = [];
  let rest = parts(path);
  let links = 0;
  let last: ResolvedPath['probe'] = { kind: 'dir', readable: true, searchable: true };
  if (rest.length === 0) [last] = (await probePaths(['/'])) as [ResolvedPath['probe']];

  while (rest.length > 0) {
    if (rest[0] === '..') {
      done = done.slice(0, -1);
      rest = rest.slice(1);
      continue;
    }
    const run = rest.slice(0, rest.includes('..') ? rest.indexOf('..') : rest.length);
    const probes = await probePaths(run.map((_, i) => joined([...done, ...run.slice(0, i + 1)])));
    let restarted = false;
    for (const [i, probe] of probes.entries()) {
      const here = joined([...done, run[i] as string]);
      const isLast = i === run.length - 1 && run.length === rest.length;
      if (probe.kind === 'missing') {
        throw new NotFoundError(`${here} does not exist in the target container${here === joined(parts(path)) ? '' : ` (resolving ${path})`}`, {
          hint: 'check the path with: cg-debug POD -- ls -la /proc/1/root/DIR',
        });
      }
      if (probe.kind === 'link') {
        if (++links > maxLinks) throw new UsageError(`too many symlinks resolving ${path}`, { hint: 'a symlink loop in the target image?' });
        // An absolute link starts again at the target's root; a relative one at the link's directory.
        if (probe.target.startsWith('/')) done = [];
        rest = [...parts(probe.target), ...rest.slice(i + 1)];
        restarted = true;
        break;
      }
      if (!isLast && probe.kind !== 'dir') {
        throw new UsageError(`${here} is not a directory (resolving ${path})`, { hint: 'check the path' });
      }
      if (probe.kind === 'dir' && !probe.searchable) {
        throw new FileAccessError(`permission denied: the app's user cannot enter ${here}`, {
          hint: 'cg-debug reads as the app\'s user; a root-only path needs a root debug container (--as-root, baseline or privileged namespace)',
        });
      }
      done.push(run[i] as string);
      last = probe;
    }
    if (!restarted) rest = rest.slice(run.length);
  }
  if (!last.readable) {
    throw new FileAccessError(`permission denied: the app's user cannot read ${joined(done)}`, {
      hint: 'cg-debug reads as the app\'s user; a root-only path needs a root debug container (--as-root, baseline or privileged namespace)',
    });
  }
  return { path: joined(done), probe: last };
}
