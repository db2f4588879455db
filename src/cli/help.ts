import { ExitCode, type ExitCodeName } from '../core/errors.js';
import { FLAGS } from './parse-argv.js';
import { SHOWN_SUBCOMMANDS, SUBCOMMANDS } from './subcommands.js';

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

/** `  cg-debug USAGE   SUMMARY` for each subcommand in the table; long usages and summaries wrap. */
function subcommandLines(): string[] {
  return SHOWN_SUBCOMMANDS.flatMap((name) =>
    SUBCOMMANDS[name].help.flatMap(([usage, summary]) => {
      const start = `  cg-debug ${usage}`;
      const [first = '', ...rest] = summary.split('\n');
      const more = rest.map((line) => `${' '.repeat(USAGE_WIDTH)}${line}`);
      return start.length < USAGE_WIDTH ? [`${start.padEnd(USAGE_WIDTH)}${first}`, ...more] : [start, `${' '.repeat(USAGE_WIDTH)}${first}`, ...more];
    }),
  );
}

/** The --help text, built from the flag table so every flag is documented. */
export function helpText(version: string): string {
  const flagLines = Object.entries(FLAGS).map(([name, flag]) => {
    const short = 'short' in flag ? `-${flag.short}, ` : '    ';
    const arg = 'arg' in flag ? (flag.arg.startsWith('[') ? flag.arg : ` ${flag.arg}`) : '';
    return `  ${`${short}--${name}${arg}`.padEnd(30)} ${flag.help}`;
  });
  const codeLines = (Object.entries(EXIT_CODES) as [ExitCodeName, string][])
    .map(([name, meaning]) => [ExitCode[name], meaning] as const)
    .sort(([a], [b]) => a - b)
    .map(([code, meaning]) => `  ${String(code).padStart(3)}  ${meaning}`);
  return `cg-debug ${version}: a shell in a distroless pod, from its matching -dev image

Usage:
  cg-debug [flags] POD|TYPE/NAME            shell in an ephemeral container targeting the app container
  cg-debug [flags] POD -- COMMAND [ARGS...]  run one command (no TTY), exit with its code
  cg-debug [flags] POD --copy               a pod that crashes: a shell in a copy of it whose app
                                            container runs the -dev image, command held (\`app\` runs it)
  cg-debug [flags]                          pick a running pod in a terminal UI
${subcommandLines().join('\n')}

TYPE/NAME: pod/, deploy/, sts/, ds/, job/, rs/ (a running pod of the workload is chosen).
The debug container runs a quiet holder that ends by itself after --ttl; each shell or command is
exec'd into it, several at once, and nothing typed reaches the pod's log. A running one identical
to what this run would add is reused; --new adds another (ephemeral containers cannot be removed).
Where pods/exec is forbidden and pods/attach allowed, the shell is attached instead (with a warning).

Flags:
${flagLines.join('\n')}

Security (--profile):
  auto        (default) the app's user, no added capabilities, restricted hardening; with
              --as-root: root, plus SYS_PTRACE where the namespace allows it (privileged)
  restricted  non-root, drop ALL, no privilege escalation, RuntimeDefault seccomp
  baseline    nothing added        general   adds SYS_PTRACE
  netadmin    adds NET_ADMIN, NET_RAW        sysadmin  privileged
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
