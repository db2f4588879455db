// The help: the global one (the debug command's flags, every subcommand, profiles, environment, exit
// codes) and each command's own (its usage, flags and examples), all built from the command modules, the
// flag table and the profile table, so nothing is typed twice.
import { ExitCode, type ExitCodeName } from '../core/errors.js';
import { PROFILE_NAMES, PROFILE_SUMMARIES } from '../core/profiles.js';
import type { CommandDoc } from './command.js';
import { debugCommand } from './commands/debug.js';
import { FLAGS, type FlagName } from './parse-argv.js';
import { asInvoked } from './program-name.js';
import { isSubcommand, SHOWN_SUBCOMMANDS, SUBCOMMANDS, type SubcommandName } from './subcommands.js';

// A record, so a new exit code cannot be left out of --help.
const EXIT_CODES: Record<ExitCodeName, string> = {
  ok: 'the shell or command exited 0 (otherwise its own exit code is passed through)',
  internal: 'unexpected internal error',
  usage: 'bad flags, arguments, image reference or name',
  config: 'kubeconfig or context missing, unreadable or rejected (bad CA data included)',
  unreachable: 'API server unreachable',
  notFound: 'pod, workload or container not found (stop: no such debug container); cp: no such path; packages: no package database',
  notRunning: 'pod not running (debug a copy: cg-debug POD --copy)',
  forbidden: 'RBAC forbids a step (the missing permission is named)',
  podSecurity: 'Pod Security admission rejected the debug container',
  unsupported: 'the cluster does not support ephemeral containers',
  imagePull: 'the kubelet could not pull the debug image',
  timeout: 'the debug container did not start (stop: did not end) within --timeout',
  containerFailed: 'the debug container could not be created or started',
  disconnected: 'the connection dropped; the debug container still runs',
  fileAccess: 'cp: permission denied, disk full, or a read-only place',
  configFile: "cg-debug's config file is unreadable or invalid (the file and line are named)",
  interrupted: 'interrupted (Ctrl-C, SIGTERM, SIGHUP)',
};

const USAGE_WIDTH = 44;

/** `  cg-debug USAGE   SUMMARY` lines; long usages and summaries wrap. */
function overviewLines(rows: CommandDoc['overview']): string[] {
  return rows.flatMap(([usage, summary]) => {
    const start = `  cg-debug ${usage}`;
    const [first = '', ...rest] = summary.split('\n');
    const more = rest.map((line) => `${' '.repeat(USAGE_WIDTH)}${line}`);
    return start.length < USAGE_WIDTH ? [`${start.padEnd(USAGE_WIDTH)}${first}`, ...more] : [start, `${' '.repeat(USAGE_WIDTH)}${first}`, ...more];
  });
}

function flagLines(names: readonly FlagName[]): string[] {
  return names.map((name) => {
    const flag = FLAGS[name];
    const short = 'short' in flag ? `-${flag.short}, ` : '    ';
    const arg = 'arg' in flag ? (flag.arg.startsWith('[') ? flag.arg : ` ${flag.arg}`) : '';
    return `  ${`${short}--${name}${arg}`.padEnd(30)} ${flag.help}`;
  });
}

/** The profiles from core/profiles.ts's table, each summary wrapped under its name. */
function profileLines(): string[] {
  const width = Math.max(...PROFILE_NAMES.map((n) => n.length)) + 2;
  return PROFILE_NAMES.flatMap((name) => wrap(PROFILE_SUMMARIES[name], 96 - width - 2).map((line, i) => `  ${(i === 0 ? name : '').padEnd(width)}${line}`));
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}

/** The global help: the debug command and every subcommand, flags, profiles, environment, exit codes. */
export function helpText(version: string): string {
  const codeLines = (Object.entries(EXIT_CODES) as [ExitCodeName, string][])
    .map(([name, meaning]) => [ExitCode[name], meaning] as const)
    .sort(([a], [b]) => a - b)
    .map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  const rootOverview = overviewLines(debugCommand.overview);
  return `cg-debug ${version}: a shell in a distroless pod, from its matching -dev image

Usage:
${[...rootOverview, ...SHOWN_SUBCOMMANDS.flatMap((name) => overviewLines(SUBCOMMANDS[name].overview))].join('\n')}

TYPE/NAME: pod/, deploy/, sts/, ds/, job/, rs/ (a running pod of the workload is chosen).
The debug container runs a quiet holder that ends by itself after --ttl; each shell or command is
exec'd into it, several at once, and nothing typed reaches the pod's log. A running one identical
to what this run would add is reused; --new adds another (ephemeral containers cannot be removed).
Where pods/exec is forbidden and pods/attach allowed, the shell is attached instead (with a warning).
cg-debug help COMMAND (or COMMAND --help) shows a command's usage, flags and examples.

Flags:
${flagLines(Object.keys(FLAGS) as FlagName[]).join('\n')}

Security (--profile):
${profileLines().join('\n')}
  The shell reads the app's files at /proc/1/root only as the app's user or with SYS_PTRACE.

Environment:
  KUBECONFIG               kubeconfig files, merged
  CG_DEBUG_DEFAULT_IMAGE   debug image for apps with no known -dev variant
                           (default cgr.dev/chainguard/wolfi-base:latest)
  CG_DEBUG_CONFIG          config file (default $XDG_CONFIG_HOME/cg-debug/config.yaml,
                           XDG_CONFIG_HOME defaulting to ~/.config): defaultImage,
                           defaultProfile, ttl, audit, mirrors, devTags; flag > env > file > default
  XDG_STATE_HOME           the audit log, one line per run that touched a pod (shells, commands,
                           cp, packages, stop): $XDG_STATE_HOME/cg-debug/audit.jsonl (default
                           ~/.local/state/...; relative values are ignored: with no absolute
                           XDG_STATE_HOME or HOME there is no log, and each run warns)
  XDG_CACHE_HOME           the registry's answers about app images known by digest, kept a
                           day: $XDG_CACHE_HOME/cg-debug/registry-answers.json (default ~/.cache/...)
  DOCKER_CONFIG            directory of Docker's config.json: registry credentials
                           (auths, credHelpers, credsStore; default ~/.docker)
  NO_COLOR                 no colors in the terminal UI

Exit codes:
${codeLines.join('\n')}
`;
}

/** One command's help: its usage lines, what it does, its flags (--help included) and examples. */
export function commandHelp(command: CommandDoc): string {
  const examples = command.examples.flatMap(([what, line]) => [`  # ${what}`, `  cg-debug ${line}`]);
  return [
    'Usage:',
    ...command.usage.map((usage) => `  cg-debug ${usage}`),
    '',
    `${command.summary[0]?.toUpperCase() ?? ''}${command.summary.slice(1)}.`,
    ...(command.description ? [command.description] : []),
    '',
    'Flags:',
    ...flagLines([...command.flags, 'help']),
    ...(examples.length > 0 ? ['', 'Examples:', ...examples] : []),
    '',
    'cg-debug help: every command, the exit codes and the environment.',
    '',
  ].join('\n');
}

/**
 * The command whose help `cg-debug WORD --help` prints: WORD when it names a command --help lists, else
 * none (the global help).
 */
export function helpTopic(word: string | undefined): SubcommandName | undefined {
  return isSubcommand(word) && !SUBCOMMANDS[word].hidden ? word : undefined;
}

/** `help [COMMAND]` as the user called us (`kubectl cg-debug` as a plugin). */
export function helpFor(command: string | undefined, program: string, version: string): string {
  const text = command !== undefined && isSubcommand(command) ? commandHelp(SUBCOMMANDS[command]) : helpText(version);
  return asInvoked(text, program);
}
