// The attach fallback's container command (where pods/exec is forbidden): a POSIX sh script (dash,
// busybox ash, bash) that waits for the attaching user, then starts the shell as every debug shell does.
import { SHELL_START_NAME, SHELL_START_SCRIPT, shellStartArgs, type ShellStartInput } from './shell-start.js';

export type LauncherInput = ShellStartInput;

/** `$0` of the script, so `ps` shows what runs and error messages name it. */
export const LAUNCHER_NAME = SHELL_START_NAME;

// The pty starts at 0x0 and output written before the first attach is lost: wait until the attaching
// client sets the size (SIGWINCH interrupts `wait`), or stty already reports one.
const WAIT_FOR_ATTACH = [
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
].join('\n');

export const LAUNCHER_SCRIPT = `${WAIT_FOR_ATTACH}\n${SHELL_START_SCRIPT}`;

/** `['sh', '-c', SCRIPT, 'cg-debug', ...]`: waits for the first attach, prints the banner, execs bash or sh. */
export function launcherCommand(input: LauncherInput): string[] {
  return ['sh', '-c', LAUNCHER_SCRIPT, LAUNCHER_NAME, ...shellStartArgs(input)];
}
