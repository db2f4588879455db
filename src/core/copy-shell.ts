// The shell in a copy (src/core/copy-pod.ts) runs in the app's own container, which runs the -dev
// sibling with the app's command held. Its banner shows that command, and `app` runs it in the
// foreground with its args, env and working directory, so the failure shows on the screen.
import { TOOLS_PATH } from './copy-pod.js';
import { CHOOSE_SHELL, packagesBanner, SHELL_START_NAME } from './shell-start.js';

/** One word for a POSIX shell: as it is when plain, else single-quoted. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command line for people (the banner, the plan): quoted words, joined. */
export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/**
 * The `app` script: cd to the app's working directory and exec its argv. Every word is quoted, so what
 * runs is exactly the argv the kubelet would have run, never a word of it read as shell syntax.
 */
export function appScript(argv: readonly string[], workingDir: string): string {
  return ['#!/bin/sh', `cd ${shellQuote(workingDir)} || exit 1`, `exec ${commandLine(argv)} "$@"`].join('\n');
}

const BIN = `${TOOLS_PATH}/bin`;

// Writes $1 (the app script) as BIN/app, atomically (several shells may start at once); empty: no app.
const INSTALL_APP = [
  'installed=',
  'if [ -n "$1" ] && mkdir -p ' + BIN + ' 2>/dev/null && printf \'%s\\n\' "$1" >' + BIN + '/.app.$$ 2>/dev/null &&',
  '  chmod 755 ' + BIN + '/.app.$$ && mv -f ' + BIN + '/.app.$$ ' + BIN + '/app; then',
  '  export PATH="' + BIN + ':$PATH"',
  '  installed=1',
  'fi',
].join('\n');

// $1 app script, $2 copy name, $3 original pod, $4 container, $5 the command line for people. Text
// from the pod passes `tr -cd ' -~'` before it reaches the terminal.
export const COPY_SHELL_SCRIPT = [
  "printable() { tr -cd ' -~'; }",
  INSTALL_APP,
  'printf \'cg-debug: container %s of %s, a copy of pod %s with the app\\047s command held\\n\' "$(printf %s "$4" | printable)" "$(printf %s "$2" | printable)" "$(printf %s "$3" | printable)"',
  'printf \'command: %s\\n\' "$(printf %s "$5" | printable)"',
  'printf \'working directory: %s\\n\' "$(pwd | printable)"',
  'if [ -n "$installed" ]; then',
  "  echo \"app: runs that command in the foreground, with the app's args, env and working directory\"",
  'else',
  "  echo \"app: not available (the app's command is not known here: the registry did not tell the image's entrypoint)\"",
  'fi',
  ...packagesBanner('--as-root --new'),
  ...CHOOSE_SHELL,
  'exec "$shell"',
].join('\n');

export interface CopyShellInput {
  copy: string;
  original: string;
  container: string;
  /** The app's argv; empty when unknown (no `app` then). */
  argv: readonly string[];
  workingDir: string;
}

/** The interactive shell in the copy's app container: banner, `app` on the PATH, then bash or sh. */
export function copyShellCommand(input: CopyShellInput): string[] {
  const script = input.argv.length > 0 ? appScript(input.argv, input.workingDir) : '';
  const shown = input.argv.length > 0 ? commandLine(input.argv) : '(unknown)';
  return ['sh', '-c', COPY_SHELL_SCRIPT, SHELL_START_NAME, script, input.copy, input.original, input.container, shown];
}

// `-- COMMAND` in a copy: `app` on the PATH first, so `cg-debug POD --copy -- app` starts the app.
export const COPY_COMMAND_SCRIPT = `${INSTALL_APP}\nshift\nexec "$@"`;

/** The words a `-- COMMAND` runs under in the copy's app container: `app` installed, then the command. */
export function copyCommandPrefix(input: Pick<CopyShellInput, 'argv' | 'workingDir'>): string[] {
  return ['sh', '-c', COPY_COMMAND_SCRIPT, SHELL_START_NAME, input.argv.length > 0 ? appScript(input.argv, input.workingDir) : ''];
}
