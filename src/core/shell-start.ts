// How every debug shell starts, whether exec'd into the holder or run by the attach launcher: show the
// target's view and what this shell can do, then become bash when the image has it, else sh.

export interface ShellStartInput {
  target: string;
  /** Set when the pod shares its PID namespace: PID 1 is then the pause process. */
  shareProcessNamespace: boolean;
  /** The target's image as it runs, with its digest when known: shown in the banner. */
  image?: string;
  /** --app-env: the shell gets the target's environment (from /proc/1/environ). */
  importEnv?: boolean;
}

/** `$0` of the scripts, so `ps` shows what runs and error messages name it. */
export const SHELL_START_NAME = 'cg-debug';

// Values arrive as positional parameters ($1 target, $2 shared|own, $3 image, $4 env|-), never spliced
// into the text; whatever the script prints from the target (its command line, its working directory)
// passes `tr -cd ' -~'` first, so no escape sequence of the app's reaches the terminal.
// 1. Show the target's view: its command line, image, working directory; check live what this shell can
//    do. The shell starts in the target's working directory under /proc/1/root when that is readable.
// 2. Become bash when the image has it, else sh; with --app-env, through `env` with the target's variables
//    (xargs -0 reads /proc/1/environ, whose values may hold any byte but NUL; none is printed), filtered
//    by IMPORT_ENV_SCRIPT. The terminal is kept on fd 3 meanwhile, since xargs' stdin is the environ file.
// --app-env: the app chooses its environment (anyone who sets the pod's env, or the app itself: PID 1 may
// rewrite its environ), so it must not choose code the operator's shell runs. Names that make a shell,
// the dynamic loader or a tool the shell starts on its own run something (LD_PRELOAD, BASH_ENV, ENV,
// PROMPT_COMMAND, PS1...), or that say where the operator's own things are (HOME, SHELL, TERM, PATH), are
// dropped, and the banner names them. Shell glob patterns, matched against the whole name.
export const DROPPED_APP_ENV: readonly string[] = [
  'LD_*', 'GCONV_PATH', 'GLIBC_TUNABLES', 'MALLOC_*', 'LOCPATH', 'NLSPATH', 'HOSTALIASES', 'RES_OPTIONS', 'LOCALDOMAIN',
  'BASH_*', 'BASHOPTS', 'SHELLOPTS', 'ENV', 'PROMPT_COMMAND', 'PS[0-9]*', 'IFS', 'CDPATH', 'GLOBIGNORE', 'EXECIGNORE',
  'FCEDIT', 'HIST*', 'INPUTRC', 'MAIL', 'MAILPATH', 'MAILCHECK', 'TMOUT', 'POSIXLY_CORRECT', 'COMP_*',
  'HOME', 'SHELL', 'TERM', 'TERMINFO', 'TERMINFO_DIRS', 'TERMCAP', 'PATH', 'PWD', 'OLDPWD', 'SHLVL',
  'PAGER', 'MANPAGER', 'EDITOR', 'VISUAL', 'LESS*',
];

// Run by xargs with `$0` the debug image's PATH, `$1` the shell, then every environ entry. Passes on only
// entries `NAME=value` with NAME `[A-Za-z_][A-Za-z0-9_]*` and not dropped, after `env --`: an entry without
// `=`, or starting with `-`, would otherwise be env's program or option. No single quote inside: the outer
// script quotes it.
export const IMPORT_ENV_SCRIPT = [
  'p=$0 s=$1; shift',
  'n=$# dropped= bad=0',
  'for e do',
  '  case $e in *=*) name=${e%%=*} ;; *) name= ;; esac',
  '  case $name in',
  '    ""|[0-9]*|*[!A-Za-z0-9_]*) bad=$((bad + 1)); continue ;;',
  `    ${DROPPED_APP_ENV.join('|')}) dropped="$dropped $name"; continue ;;`,
  '  esac',
  '  set -- "$@" "$e"',
  'done',
  'shift $n',
  'printf "environment: the app\\047s (--app-env), from /proc/1/environ; cg-debug shows no values\\n"',
  '[ -n "$dropped" ] && printf "environment: not imported, since they could change what this shell runs:%s\\n" "$dropped"',
  '[ "$bad" -gt 0 ] && printf "environment: not imported: %s entries that are not NAME=value\\n" "$bad"',
  'exec env -- "$@" PATH="$p" "$s" <&3 3<&-',
].join('\n');

/** The banner's packages line, checked live: apk add needs root, and `rerun` is how to get it. */
export function packagesBanner(rerun: string): string[] {
  return ['if [ "$(id -u 2>/dev/null)" = 0 ]; then', "  echo 'packages: apk add works (root)'", 'else', `  echo 'packages: apk add needs root (rerun cg-debug with ${rerun})'`, 'fi'];
}

/** Sets $shell: bash when the image has it, else sh. */
export const CHOOSE_SHELL: readonly string[] = ['shell=sh', 'command -v bash >/dev/null 2>&1 && shell=bash'];

export const SHELL_START_SCRIPT = [
  "printable() { tr '\\0' ' ' | tr -cd ' -~'; }",
  'cd /',
  'if [ "$2" = shared ]; then',
  '  printf \'cg-debug: container %s; the pod shares one PID namespace\\n\' "$1"',
  "  echo 'PID 1 is the pause process: find the app with ps, its files are at /proc/<pid>/root'",
  'else',
  '  printf \'cg-debug: container %s (ps shows its processes)\\n\' "$1"',
  '  printf \'command: %s\\n\' "$(printable </proc/1/cmdline 2>/dev/null)"',
  '  [ -n "$3" ] && printf \'image: %s\\n\' "$3"',
  '  wd=$(readlink /proc/1/cwd 2>/dev/null | printable)',
  // An app in `/` gets a shell in the debug image's own `/`: nothing is gained by moving, and its tools stay at hand.
  '  if [ "$wd" = / ]; then',
  "    echo 'working directory: / (the shell starts in its own /; the app files are at /proc/1/root)'",
  '  elif [ -n "$wd" ] && cd "/proc/1/root$wd" 2>/dev/null; then',
  // getcwd(2) cannot name a directory outside this container's root: the shell learns it from $PWD, and
  // the prompt shows $PWD (busybox's default prompt calls getcwd and prints an error at every prompt).
  '    export PWD="/proc/1/root$wd" PS1=\'$PWD \\$ \'',
  '    printf \'working directory: %s (the shell starts in /proc/1/root%s: the app\\047s own files)\\n\' "$wd" "$wd"',
  // The directory is known but this user may not enter it (its permissions): a different cause, a different fix.
  '  elif [ -n "$wd" ]; then',
  '    printf \'working directory: %s, which uid %s may not enter (its permissions): the shell starts in /\n\' "$wd" "$(id -u 2>/dev/null)"',
  '  else',
  "    echo 'working directory: not readable (different user, no CAP_SYS_PTRACE): the shell starts in /'",
  '  fi',
  '  if ls /proc/1/root/ >/dev/null 2>&1; then',
  "    echo 'app files: readable at /proc/1/root'",
  '  else',
  "    echo 'app files: NOT readable (different user, no CAP_SYS_PTRACE)'",
  '  fi',
  'fi',
  ...packagesBanner('--as-root'),
  ...CHOOSE_SHELL,
  'if [ "$4" = env ]; then',
  '  if [ "$2" != shared ] && [ -r /proc/1/environ ]; then',
  '    exec 3<&0',
  `    exec xargs -0 -x -s 2000000 sh -c '${IMPORT_ENV_SCRIPT}' "$PATH" "$shell" </proc/1/environ`,
  '  fi',
  "  echo \"environment: NOT imported (/proc/1/environ is not readable, or the app's PID is not 1)\"",
  'fi',
  'exec "$shell"',
].join('\n');

/** The script's positional parameters after `$0`. */
export function shellStartArgs(input: ShellStartInput): string[] {
  return [input.target, input.shareProcessNamespace ? 'shared' : 'own', input.image ?? '', input.importEnv ? 'env' : '-'];
}

/** `['sh', '-c', SCRIPT, 'cg-debug', target, shared|own]`: the banner, then bash or sh. Exec'd into the holder. */
export function shellStartCommand(input: ShellStartInput): string[] {
  return ['sh', '-c', SHELL_START_SCRIPT, SHELL_START_NAME, ...shellStartArgs(input)];
}
