// `cg-debug cp` operands: which side is the pod, which is local, and what each path may be.
import { UsageError } from './errors.js';

/** Where the debug container receives uploads when `POD:` names no path. */
export const DEFAULT_UPLOAD_DIR = '/tmp';

export type CopyDirection =
  /** Out of the target's filesystem (read through /proc/1/root) to a local path, or `-` for a tar stream. */
  | { kind: 'download'; podArg: string; remotePath: string; local: string }
  /** Into the debug container's own filesystem, from a local path, or `-` for a tar stream on stdin. */
  | { kind: 'upload'; podArg: string; remotePath: string; local: string };

const USAGE = 'cg-debug cp [-n NS] POD:PATH LOCAL|-   or   cg-debug cp [-n NS] LOCAL|- POD:[PATH]';
// A pod operand: a DNS name, then `:`. Local paths with a colon stay local when written as ./a:b.
const POD_OPERAND = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?):(.*)$/s;

function podOperand(word: string): { podArg: string; path: string } | undefined {
  if (word.startsWith('/') || word.startsWith('.')) return undefined;
  const match = POD_OPERAND.exec(word);
  return match ? { podArg: match[1] as string, path: match[3] as string } : undefined;
}

/** Normalizes an absolute path lexically: no empty or `.` parts; `..` stays for the resolver to walk. */
function checkRemotePath(path: string, side: string): string {
  if (!path.startsWith('/')) {
    throw new UsageError(`${side} path ${JSON.stringify(path)} is not absolute`, {
      hint: `write the path from the container's root, e.g. POD:/app/config.json`,
    });
  }
  if (/[\0\n]/.test(path)) throw new UsageError(`${side} path ${JSON.stringify(path)} holds a NUL or newline`, { hint: USAGE });
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  return `/${parts.join('/')}`;
}

/** Tells download from upload and checks both operands. Exactly one operand names a pod. */
export function parseCopyOperands(operands: readonly string[]): CopyDirection {
  if (operands.length !== 2) throw new UsageError(`cp takes a source and a destination, got ${operands.length} operand(s)`, { hint: USAGE });
  const [source, dest] = operands as [string, string];
  const from = podOperand(source);
  const to = podOperand(dest);
  if (from && to) throw new UsageError('cp copies between a pod and this machine, not between two pods', { hint: USAGE });
  if (!from && !to) {
    throw new UsageError('neither operand names a pod (POD:PATH)', { hint: `${USAGE}; a local path with a colon is written ./a:b` });
  }
  if (from) {
    if (dest === '') throw new UsageError('the local destination is empty', { hint: USAGE });
    return { kind: 'download', podArg: from.podArg, remotePath: checkRemotePath(from.path, 'the pod'), local: dest };
  }
  const target = to as { podArg: string; path: string };
  if (source === '') throw new UsageError('the local source is empty', { hint: USAGE });
  const remotePath = checkRemotePath(target.path === '' ? DEFAULT_UPLOAD_DIR : target.path, 'the debug container');
  if (remotePath.split('/').includes('..')) {
    throw new UsageError(`the debug container path ${JSON.stringify(remotePath)} holds ".."`, { hint: 'write the destination without ".."' });
  }
  // /proc/<pid>/root of the app is reachable from the debug container: writing there would change the app.
  if (remotePath === '/proc' || remotePath.startsWith('/proc/')) {
    throw new UsageError(`cp never writes under /proc: ${remotePath} may be the app's own filesystem`, {
      hint: `uploads land in the debug container's filesystem, e.g. ${target.podArg}:${DEFAULT_UPLOAD_DIR}`,
    });
  }
  return { kind: 'upload', podArg: target.podArg, remotePath, local: source };
}
