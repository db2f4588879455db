// How many shells are open in a debug container, counted from inside it (over pods/exec) by
// `cg-debug ls`: nothing outside the container records them.

/** `$0` of the script, so `ps` and error messages name it. */
export const SHELL_COUNT_NAME = 'cg-debug-shells';

// A shell exec'd with a TTY leads a session of its own whose stdin is a pty: count those session leaders
// among the processes in this container's mount namespace (the app shares the PID namespace, not this
// one). Field 6 of /proc/PID/stat is the session id; the holder's stdin is a pipe, so it is not counted.
export const SHELL_COUNT_SCRIPT = [
  'me=$(readlink /proc/self/ns/mnt)',
  // Fail closed, as the stop script: no namespace of its own to compare, no count (ls shows "-").
  '[ -n "$me" ] || exit 1',
  'n=0',
  'for d in /proc/[0-9]*; do',
  '  p=${d#/proc/}',
  '  ns=$(readlink "$d/ns/mnt" 2>/dev/null)',
  '  [ -n "$ns" ] && [ "$ns" = "$me" ] || continue',
  '  case $(readlink "$d/fd/0" 2>/dev/null) in /dev/pts/*) ;; *) continue ;; esac',
  '  read -r _ _ _ _ _ sid _ < "$d/stat" 2>/dev/null || continue',
  '  [ "$sid" = "$p" ] && n=$((n + 1))',
  'done',
  'echo "$n"',
].join('\n');

export function shellCountCommand(): string[] {
  return ['sh', '-c', SHELL_COUNT_SCRIPT, SHELL_COUNT_NAME];
}

/** The count the script printed, or undefined for anything but one small number. */
export function parseShellCount(stdout: string): number | undefined {
  const text = stdout.trim();
  return /^[0-9]{1,4}$/.test(text) ? Number(text) : undefined;
}
