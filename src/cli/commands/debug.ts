// The root command: `cg-debug [flags] POD [-- COMMAND]` (a shell, or one command) and `cg-debug` alone
// (the pod picker). Its help is the global help.
import { UsageError } from '../../core/errors.js';
import type { DebugRequest, DebugWhere } from '../../session/debug-session.js';
import type { Command } from '../command.js';
import { connectionOf, requestOf, settingsOf, trailOf, whereOf, type Connection, type TrailOptions } from '../option-parts.js';
import { FLAG_NAMES, type FlagName, type ParsedArgv } from '../parse-argv.js';
import { SHOWN_SUBCOMMANDS } from '../subcommands.js';
import { didYouMean, strayWordHint } from '../suggest.js';

export interface DebugOptions {
  kind: 'debug';
  connection: Connection;
  where: DebugWhere;
  request: DebugRequest;
  dryRun?: 'yaml' | 'json';
  quiet: boolean;
  trail: TrailOptions;
}

export interface TuiOptions {
  kind: 'tui';
  connection: Connection;
  allNamespaces: boolean;
  yes: boolean;
  loop: boolean;
  request: DebugRequest;
  quiet: boolean;
  trail: TrailOptions;
}

const TUI_ONLY: FlagName[] = ['all-namespaces', 'yes', 'loop'];

function debugOptions(argv: ParsedArgv, env: Parameters<Command<DebugOptions>['options']>[1]): DebugOptions | TuiOptions {
  const { flags, positionals, command } = argv;
  if (flags.all) throw new UsageError('--all only applies to stop', { hint: 'cg-debug stop POD --all' });
  if (positionals.length > 1) {
    // `cg-debug stpo web`: a typo of a subcommand, not a pod followed by a stray word.
    const near = didYouMean(positionals[0] ?? '', SHOWN_SUBCOMMANDS);
    if (near) throw new UsageError(`unknown command ${JSON.stringify(positionals[0])}`, { hint: `did you mean ${near}? cg-debug ${near} ${positionals.slice(1).join(' ')}` });
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`, { hint: strayWordHint(argv) });
  }
  const connection = connectionOf(flags);
  const settings = settingsOf(flags, env);
  const request = requestOf(argv, env, settings);
  const dryRun = dryRunOf(flags);
  const quiet = flags.quiet ?? false;
  const podArg = positionals[0];

  if (podArg === undefined) {
    if (command) throw new UsageError('a command needs a pod', { hint: 'cg-debug POD -- COMMAND [ARGS...]' });
    if (flags['dry-run']) throw new UsageError('--dry-run needs a pod', { hint: 'cg-debug POD --dry-run' });
    if (flags.target) throw new UsageError('--target needs a pod', { hint: 'cg-debug POD --target CONTAINER' });
    if (!env.stdoutIsTTY) {
      throw new UsageError('no pod given, and stdout is not a terminal for the pod picker', {
        hint: 'name the pod: cg-debug [-n NS] POD, or run cg-debug in a terminal to pick one',
      });
    }
    return {
      kind: 'tui',
      connection,
      allNamespaces: flags['all-namespaces'] ?? false,
      yes: flags.yes ?? false,
      loop: flags.loop ?? false,
      request,
      quiet,
      trail: trailOf(flags, env, settings),
    };
  }

  for (const flag of TUI_ONLY) {
    if (flags[flag]) throw new UsageError(`--${flag} only applies to the pod picker`, { hint: 'run cg-debug without a pod to pick one' });
  }
  const where = whereOf(podArg, flags);
  if (!command && !flags['dry-run'] && !env.stdinIsTTY) {
    throw new UsageError('an interactive shell needs a terminal, and stdin is not one', {
      hint: `run one command instead: cg-debug ${podArg} -- COMMAND (stdin is passed to it), or use --dry-run`,
    });
  }
  return {
    kind: 'debug',
    connection,
    where,
    request,
    ...dryRun,
    quiet,
    trail: trailOf(flags, env, settings),
  };
}

function dryRunOf(flags: ParsedArgv['flags']): { dryRun?: 'yaml' | 'json' } {
  if (!flags['dry-run']) {
    if (flags.output !== undefined) throw new UsageError('-o only applies to --dry-run and the subcommands that print a result', { hint: 'cg-debug POD --dry-run -o json' });
    return {};
  }
  const format = flags.output ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') {
    throw new UsageError(`-o ${format} is not a format`, { hint: 'use -o yaml or -o json' });
  }
  return { dryRun: format };
}

export const debugCommand: Command<DebugOptions | TuiOptions> & { name: 'debug' } = {
  name: 'debug',
  summary: 'a shell in a distroless pod, from its matching -dev image',
  usage: ['[flags] POD|TYPE/NAME', '[flags] POD -- COMMAND [ARGS...]', '[flags] POD --copy', '[flags]'],
  overview: [
    ['[flags] POD|TYPE/NAME', 'shell in an ephemeral container targeting the app container'],
    ['[flags] POD -- COMMAND [ARGS...]', 'run one command (no TTY), exit with its code'],
    ['[flags] POD --copy', 'a pod that crashes: a shell in a copy of it whose app\ncontainer runs the -dev image, command held (`app` runs it)'],
    ['[flags]', 'pick a running pod in a terminal UI'],
  ],
  flags: FLAG_NAMES.filter((name) => name !== 'all'),
  outputs: ['yaml', 'json'],
  examples: [
    ['a shell in a pod, as the app\'s user', '-n shop checkout-7d9f8-x2k4p'],
    ['a shell in a running pod of a deployment, as root', '-n shop deploy/checkout --as-root'],
    ['one command, its exit code passed through', 'web -- cat /proc/1/root/etc/os-release'],
    ['what would be added, changing nothing', 'web --dry-run -o yaml'],
    ['a pod in CrashLoopBackOff: a shell in a copy of it, on its node', 'web --copy --same-node'],
    ['pick a pod in any namespace', '-A'],
  ],
  args: ['pods'],
  options: debugOptions,
  run: async (options, { io, signal, screen, program }) => {
    if (options.kind === 'tui') return (await import('../tui-command.js')).runTuiCommand(options, io, signal, screen);
    // The kubeconfig is read and the pod's reads sent before the session's modules load: their round trip
    // overlaps loading them.
    const kube = (await import('../debug-start.js')).connectAndPrefetch(options, io, signal);
    return (await import('../debug-command.js')).runDebug(options, kube, io, signal, program);
  },
};
