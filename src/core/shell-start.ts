// How every debug shell starts, whether exec'd into the holder or run by the attach launcher: print
// what this shell can do, then become bash when the image has it, else sh.

export interface ShellStartInput {
  target: string;
  /** Set when the pod shares its PID namespace: PID 1 is then the pause process. */
  shareProcessNamespace: boolean;
}

/** `$0` of the scripts, so `ps` shows what runs and error messages name it. */
export const SHELL_START_NAME = 'cg-debug';

// Values arrive as positional parameters ($1 target, $2 shared|own), never spliced into the text.
// What the shell can do is checked live; the app's filesystem is never written to, nor made the cwd.
export const SHELL_START_SCRIPT = [
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

/** The script's positional parameters after `$0`. */
export function shellStartArgs(input: ShellStartInput): string[] {
  return [input.target, input.shareProcessNamespace ? 'shared' : 'own'];
}

/** `['sh', '-c', SCRIPT, 'cg-debug', target, shared|own]`: the banner, then bash or sh. Exec'd into the holder. */
export function shellStartCommand(input: ShellStartInput): string[] {
  return ['sh', '-c', SHELL_START_SCRIPT, SHELL_START_NAME, ...shellStartArgs(input)];
}
