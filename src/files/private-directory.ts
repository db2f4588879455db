// Directories whose contents cg-debug trusts (code caches) or writes into for someone (cp's scratch): the
// operator's machine is shared, and another user who can create, swap or write such a directory first
// would choose what runs or where the writes go. The rule is scripts/sea-main.cjs's `trusted()`, plus the
// directories above it, so that no one else can rename it away and put their own in its place.
import { lstatSync, mkdirSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';

const GROUP_OTHER_WRITE = 0o022;
const STICKY = 0o1000;

/** The current uid; undefined where there is none (Windows), where no other user shares the files. */
export function currentUid(): number | undefined {
  return process.getuid?.();
}

/** A directory (not a symlink) of this user that no one else may write into. */
export function isPrivateDirectory(stat: Pick<Stats, 'uid' | 'mode' | 'isDirectory' | 'isSymbolicLink'>, uid: number | undefined): boolean {
  return !stat.isSymbolicLink() && stat.isDirectory() && (uid === undefined || stat.uid === uid) && (stat.mode & GROUP_OTHER_WRITE) === 0;
}

/**
 * A directory another user cannot swap for their own: owned by this user or root, and either not writable
 * by group and others or sticky (where only an entry's owner may rename or remove it, as in /tmp).
 */
export function isSafeAncestor(stat: Pick<Stats, 'uid' | 'mode'>, uid: number | undefined): boolean {
  if (uid === undefined) return true;
  return (stat.uid === uid || stat.uid === 0) && ((stat.mode & GROUP_OTHER_WRITE) === 0 || (stat.mode & STICKY) !== 0);
}

/** Why `dir` (which exists) cannot be trusted, or undefined when it can: itself private, every directory above it safe. */
export function untrustedReason(dir: string, uid: number | undefined = currentUid()): string | undefined {
  let stat: Stats;
  try {
    stat = lstatSync(dir);
  } catch (error) {
    return `${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  if (!isPrivateDirectory(stat, uid)) return `${dir} is not a directory of this user that only it can write`;
  const above = ancestorProblem(path.dirname(dir), uid);
  return above === undefined ? undefined : above;
}

/** The first directory from `/` down to `dir` (symlinks resolved) that another user could change. */
export function ancestorProblem(dir: string, uid: number | undefined = currentUid()): string | undefined {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (error) {
    return `${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
  for (let at = real; ; at = path.dirname(at)) {
    if (!isSafeAncestor(lstatSync(at), uid)) return `${at} can be changed by another user`;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * Creates `dir` (mode 0700, parents too) unless it exists, and resolves to it when it can be trusted:
 * else to the reason it cannot.
 */
export function ensurePrivateDirectory(dir: string, uid: number | undefined = currentUid()): { dir: string } | { reason: string } {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return { reason: `${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  const reason = untrustedReason(dir, uid);
  return reason === undefined ? { dir } : { reason };
}
