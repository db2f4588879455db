// What `cg-debug stop` runs inside a debug container (over pods/exec) to end it. An ephemeral container
// cannot be deleted; it ends when its main process does.

/** `$0` of the script, so `ps` and error messages name it. */
export const STOP_NAME = 'cg-debug-stop';

// The debug container shares the app's PID namespace, so `kill` by name could hit the app. Only processes
// in this container's mount namespace are signalled: the holder, open shells and what they run. The
// app's processes live in another mount namespace, and those of another user cannot even be read.
// Each open shell's terminal gets the message ($1) first. SIGKILL, because interactive shells ignore
// SIGTERM and a stop must not depend on what a shell runs; the runtime then reports the container ended.
// Fail closed: without its own namespace to compare against (an empty readlink, as some sandboxed
// runtimes give), the script signals nothing; a process whose namespace cannot be read is never taken for
// one of this container's (their empty readlinks would otherwise match each other).
export const STOP_SCRIPT = [
  'me=$(readlink /proc/self/ns/mnt)',
  '[ -n "$me" ] || { echo "cg-debug-stop: cannot read this container\'s mount namespace" >&2; exit 1; }',
  'pids=',
  'for d in /proc/[0-9]*; do',
  '  p=${d#/proc/}',
  '  [ "$p" = "$$" ] && continue',
  '  ns=$(readlink "$d/ns/mnt" 2>/dev/null)',
  '  [ -n "$ns" ] && [ "$ns" = "$me" ] || continue',
  '  pids="$pids $p"',
  '  t=$(readlink "$d/fd/0" 2>/dev/null)',
  '  case $t in /dev/pts/*) printf \'\\r\\n%s\\r\\n\' "$1" >"$t" 2>/dev/null ;; esac',
  'done',
  '[ -n "$pids" ] && kill -KILL $pids',
  'exit 0',
].join('\n');

/** The stop command; `message` is what open shells are told, passed as an argument, never spliced. */
export function stopCommand(message: string): string[] {
  return ['sh', '-c', STOP_SCRIPT, STOP_NAME, message];
}
