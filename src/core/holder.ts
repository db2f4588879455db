// The debug container's main process: a quiet holder that shells and commands are exec'd into. It
// prints one line (the only thing `kubectl logs` shows for the container), then idles until its time
// to live is over or `cg-debug stop` ends it.
import { formatSeconds } from './duration-text.js';

/** `$0` of the holder: what `ps` and the container's log call it. */
export const HOLDER_NAME = 'cg-debug-holder';
export const DEFAULT_TTL_SECONDS = 3600;
// busybox's `read -t` counts in 32-bit milliseconds; a week stays far below that.
export const MAX_TTL_SECONDS = 7 * 24 * 3600;

// The container has stdin but nobody attaches to it: the runtime holds the pipe open and never writes,
// so `read` blocks in one system call (no polling, no child process) until the timeout, and any signal
// ends it at once. `read -t` is in busybox ash and bash, the shells of the -dev images.
// $1 is the TTL for people (ps, log), $2 the seconds; `exit 0` makes the TTL's end a clean "Completed".
const WITH_TTL = 'echo "$0 up, $1";read -t $2 _;exit 0';
const WITHOUT_TTL = 'echo "$0 up, $1";read _;exit 0';

/** The holder's command line: one short `ps` line that names it and its TTL (0 = no limit). */
export function holderCommand(ttlSeconds: number): string[] {
  const limited = ttlSeconds > 0;
  return ['sh', '-c', limited ? WITH_TTL : WITHOUT_TTL, HOLDER_NAME, limited ? `ttl=${formatSeconds(ttlSeconds)}` : 'ttl=none', String(limited ? ttlSeconds : 0)];
}

export interface HolderFacts {
  /** 0: no limit. */
  ttlSeconds: number;
}

/** The holder's facts when `command` is exactly a holder's command line, else undefined. */
export function holderOf(command: readonly string[] | undefined): HolderFacts | undefined {
  if (command?.length !== 6) return undefined;
  const [sh, flag, script, name, , seconds = ''] = command;
  if (sh !== 'sh' || flag !== '-c' || name !== HOLDER_NAME || !/^[0-9]{1,7}$/.test(seconds)) return undefined;
  const ttlSeconds = Number(seconds);
  if (script !== (ttlSeconds > 0 ? WITH_TTL : WITHOUT_TTL)) return undefined;
  return { ttlSeconds };
}
