// The subcommand table: the parser (options.ts), main.ts, the help and the completion scripts all read
// it, so a subcommand is one row here plus its options function (options.ts) and its command module.
// Each run imports its module when it runs: --help and --version never evaluate the Kubernetes client.
import { ExitCode } from '../core/errors.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import type { Options } from './options.js';
import { output, type Output } from './output.js';
import type { FlagName } from './parse-argv.js';

export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish', 'kubectl'] as const;
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

export type SubcommandName = 'dev-image' | 'completion' | 'config' | 'ls' | 'stop' | 'cp' | 'packages' | 'doctor' | '__complete';
type OptionsOf<K extends SubcommandName> = Extract<Options, { kind: K }>;

/** What a running command gets from main.ts. */
export interface RunContext {
  io: TerminalIO;
  /** Aborted by the first SIGINT, SIGTERM or SIGHUP. */
  signal: AbortSignal;
}

/** What each command runs with: the run's context and the one writer it prints through (output.ts). */
export interface CommandContext extends RunContext {
  out: Output;
}

export interface Subcommand<K extends SubcommandName> {
  /** After `cg-debug `: the hint of its usage errors. */
  usage: string;
  /** The help's lines: a usage and what it does (a `\n` continues the description on the next line). */
  help: readonly (readonly [usage: string, summary: string])[];
  /** The flags it takes besides --help; any other is a usage error. */
  flags: readonly FlagName[];
  /** The words its first argument completes to, when they are a fixed list. */
  args?: readonly string[];
  /** Its first argument is a pod: it completes to the cluster's pod names. */
  argPods?: boolean;
  /** Left out of the help and the completion scripts. */
  hidden?: boolean;
  run: (options: OptionsOf<K>, context: CommandContext) => Promise<number>;
}

const CONNECTION: FlagName[] = ['namespace', 'context', 'kubeconfig'];
// Flags that shape the debug container cp and packages run in (they may add one).
const SESSION: FlagName[] = ['target', 'image', 'profile', 'as-root', 'name', 'new', 'timeout', 'ttl', 'offline', 'quiet', 'copy', 'keep-labels', 'same-node'];

export const SUBCOMMANDS: { [K in SubcommandName]: Subcommand<K> } = {
  'dev-image': {
    usage: 'dev-image IMAGE [--offline] [-o json]',
    help: [['dev-image IMAGE [--offline] [-o json]', 'print the debug image cg-debug would use for IMAGE']],
    flags: ['offline', 'output', 'quiet'],
    run: async (options, { out, signal }) => (await import('./dev-image-command.js')).runDevImage(options, out, signal),
  },
  completion: {
    usage: `completion ${COMPLETION_SHELLS.join('|')}`,
    help: [[`completion ${COMPLETION_SHELLS.join('|')}`, 'print a shell completion script (flags, profiles, pods)']],
    flags: [],
    args: COMPLETION_SHELLS,
    run: async (options, { out }) => {
      out.own((await import('./completion.js')).completionScript(options.shell));
      return ExitCode.ok;
    },
  },
  config: {
    usage: 'config [-o json]',
    help: [['config [-o json]', 'print the effective settings and where each came from']],
    flags: ['output', 'profile', 'ttl'],
    run: async (options, { out }) => (await import('./config-command.js')).runConfig(options, out),
  },
  ls: {
    usage: 'ls [POD] [-n NS | -A] [-o json]',
    help: [['ls [POD] [-n NS | -A] [-o json]', 'the debug containers of a pod, or of every pod with one:\ntarget, image, user, state and TTL left, age']],
    argPods: true,
    flags: [...CONNECTION, 'all-namespaces', 'output'],
    run: async (options, { out, signal }) => (await import('./ls-command.js')).runLs(options, out, signal),
  },
  stop: {
    usage: 'stop POD [CONTAINER | --all]',
    help: [['stop POD [CONTAINER | --all]', 'end debug containers (open shells are told first) and\nwait until they have terminated; 0 if already ended']],
    argPods: true,
    flags: [...CONNECTION, 'all', 'timeout', 'quiet'],
    run: async (options, { io, out, signal }) => (await import('./stop-command.js')).runStop(options, { io, out }, signal),
  },
  cp: {
    usage: 'cp [-n NS] [--target C] POD:PATH LOCAL|-  or  cg-debug cp [-n NS] LOCAL|- POD:[PATH]',
    help: [
      ['cp [flags] POD:PATH LOCAL|-', "copy out of the app's filesystem (files, directories,\nsymlinks resolved in the app's root); - : tar on stdout"],
      ['cp [flags] LOCAL|- POD:[PATH]', "copy into the debug container's own filesystem\n(default /tmp), never the app's; - : tar from stdin"],
    ],
    flags: [...CONNECTION, ...SESSION],
    run: async (options, { io, out, signal }) => (await import('./cp-command.js')).runCp(options, { io, out }, signal),
  },
  packages: {
    usage: 'packages [-n NS] [--target C] POD [-o json]',
    help: [['packages [flags] POD [-o json]', "the app image's packages (SBOMs, else apk database),\nversions that differ in the debug image marked"]],
    flags: [...CONNECTION, ...SESSION, 'output'],
    run: async (options, { out, signal }) => (await import('./packages-command.js')).runPackages(options, out, signal),
  },
  doctor: {
    usage: 'doctor [POD] [-n NS] [--context NAME] [--kubeconfig PATH] [--target CONTAINER] [-o json]',
    help: [['doctor [POD] [-o json]', 'check what a debug session needs, each with the fix\n(exit 0 only when every check passes, else 1)']],
    flags: [...CONNECTION, 'target', 'output'],
    run: async (options, { out, signal }) => (await import('./doctor-command.js')).runDoctor(options, out, signal),
  },
  __complete: {
    usage: '__complete pods|namespaces [-n NS] [--context NAME] [--kubeconfig PATH]',
    help: [],
    flags: CONNECTION,
    hidden: true,
    run: async (options, { out, signal }) => (await import('./completion-command.js')).runComplete(options, out, signal),
  },
};

export const SUBCOMMAND_NAMES = Object.keys(SUBCOMMANDS) as SubcommandName[];

/** The subcommands the help and the completion scripts offer. */
export const SHOWN_SUBCOMMANDS = SUBCOMMAND_NAMES.filter((name) => !SUBCOMMANDS[name].hidden);

export function isSubcommand(word: string | undefined): word is SubcommandName {
  return word !== undefined && Object.hasOwn(SUBCOMMANDS, word);
}

export type SubcommandOptions = OptionsOf<SubcommandName>;

export function runSubcommand(options: SubcommandOptions, context: RunContext): Promise<number> {
  // The table's type pairs each row with the options of its own kind, which TypeScript cannot follow
  // through a union: the row looked up by options.kind takes exactly these options.
  const run = SUBCOMMANDS[options.kind].run as (options: SubcommandOptions, context: CommandContext) => Promise<number>;
  return run(options, { ...context, out: output(context.io) });
}
