// The debug container's command: a POSIX sh script (dash, busybox ash, bash) that waits for the user,
// tells them what this shell can do, then becomes an interactive shell.

export interface LauncherInput {
  target: string;
  /** Set when the pod shares its PID namespace: PID 1 is then the pause process. */
  shareProcessNamespace: boolean;
}

/** `$0` of the script, so `ps` shows what runs and error messages name it. */
export const LAUNCHER_NAME = 'cg-debug';

// Values arrive as positional parameters ($1 target, $2 shared|own), never spliced into the text.
// 1. The pty starts at 0x0 and output written before the first attach is lost: wait until the attaching
//    client sets the size (SIGWINCH interrupts `wait`), or stty already reports one.
// 2. Check live what this shell can do; the app's filesystem is never written to, nor made the cwd.
// 3. Become bash when the image has it, else sh.
export const LAUNCHER_SCRIPT = [
  'attached=',
  "trap 'attached=1' WINCH",
  'while [ -z "$attached" ]; do',
  '  case "$(stty size 2>/dev/null)" in',
  "    ''|'0 '*|*' 0') ;;",
  '    *) break ;;',
  '  esac',
  '  sleep 1 &',
  '  wait $!',
  '  kill $! 2>/dev/null',
  'done',
  'trap - WINCH',
  'if [ "$2" = shared ]; then',
  '  printf \'cg-debug: container %s; the pod shares one PID namespace\\n\' "$1"',
  "  echo 'PID 1 is the pause process: find the app with ps, its files are at /proc/<pid>/root'",
  'else',
  '  printf \'cg-debug: container %s (ps shows its processes)\\n\' "$1"',
  '  if ls /proc/1/root/ >/dev/null 2>&1; then',
  "    echo 'app files: readable at /proc/1/root'",
  '  else',
  "    echo 'app files: NOT readable (different user, no CAP_SYS_PTRACE)'",
  '  fi',
  'fi',
  'if [ "$(id -u 2>/dev/null)" = 0 ]; then',
  "  echo 'packages: apk add works (root)'",
  'else',
  "  echo 'packages: apk add needs root (rerun cg-debug with --as-root)'",
  'fi',
  'if command -v bash >/dev/null 2>&1; then exec bash; fi',
  'exec sh',
].join('\n');

/** `['sh', '-c', SCRIPT, 'cg-debug', ...]`: waits for the first attach, prints the banner, execs bash or sh. */
export function launcherCommand(input: LauncherInput): string[] {
  return ['sh', '-c', LAUNCHER_SCRIPT, LAUNCHER_NAME, input.target, input.shareProcessNamespace ? 'shared' : 'own'];
}
