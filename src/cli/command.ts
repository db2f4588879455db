// A command is one self-describing object in its own module (src/cli/commands/): its flags, usage, help
// text, examples, how its arguments complete, how argv becomes its options, and how it runs. The parser,
// `--help`, `help COMMAND` and the completion scripts all read these objects, so a command is one file.
import type { LoadedConfig } from '../config/effective-config.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import type { ScreenState } from '../terminal/screen.js';
import type { Output } from './output.js';
import type { FlagName, ParsedArgv } from './parse-argv.js';

export interface Environment {
  stdoutIsTTY: boolean;
  /** An interactive shell needs a terminal to read keys from. */
  stdinIsTTY: boolean;
  /** cp draws its progress line only on a terminal. */
  stderrIsTTY?: boolean;
  /** CG_DEBUG_DEFAULT_IMAGE: the debug image for apps without a -dev variant. */
  defaultImage?: string;
  /** The config file, read and schema-checked by the caller; absent: no file. */
  configFile?: LoadedConfig;
  /** Where the audit log goes: $XDG_STATE_HOME, else under $HOME. */
  stateEnv?: { XDG_STATE_HOME?: string | undefined; HOME?: string | undefined };
  /** Reads a file named on the command line (--custom); absent: such flags are refused. */
  readFile?: (path: string) => string;
  /** Parses --custom's YAML (or JSON); absent: JSON only. */
  parseYaml?: (text: string) => unknown;
}

/** What a running command gets from main.ts. */
export interface RunContext {
  io: TerminalIO;
  /** Aborted by the first SIGINT, SIGTERM or SIGHUP. */
  signal: AbortSignal;
  /** Whether the terminal is in the alternate screen (the picker), for the last-resort handler. */
  screen?: ScreenState;
  /** How the user called us: `cg-debug` (the default), or `kubectl cg-debug` when run as the kubectl plugin. */
  program?: string;
  /** For the help's first line. */
  version?: string;
}

/** Formats of -o a command can print its result in. */
export type OutputFormat = 'json' | 'yaml';

/**
 * How one positional argument completes: fixed words, the cluster's pods (`pod:` adds the `:` of cp's
 * POD:PATH), the debug containers of the pod named before it, the command names, or nothing.
 */
export type ArgCompletion = { words: readonly string[] } | 'pods' | 'pod:' | 'debug-containers' | 'commands' | 'none';

export interface Command<O extends { kind: string }> {
  name: O['kind'];
  /** One line: what it does (help COMMAND's first line and the completion's description). */
  summary: string;
  /** After `cg-debug `: each way to call it (usage errors' hint, help COMMAND's Usage block). */
  usage: readonly string[];
  /** The global help's lines: a usage and what it does (a `\n` continues the description). */
  overview: readonly (readonly [usage: string, summary: string])[];
  /** More about it, shown by help COMMAND under the summary. */
  description?: string;
  /** The flags it takes besides --help; any other is a usage error. */
  flags: readonly FlagName[];
  /** The -o formats it prints; absent: it takes no -o. */
  outputs?: readonly OutputFormat[];
  /** `[what it does, the command line after cg-debug]`, for help COMMAND. */
  examples: readonly (readonly [what: string, line: string])[];
  /** How each positional argument after the command's name completes, in order. */
  args: readonly ArgCompletion[];
  /** Left out of the help and the completion scripts. */
  hidden?: boolean;
  /** argv to options: completes defaults and validates all that can be checked without the cluster. */
  options: (argv: ParsedArgv, env: Environment) => O;
  run: (options: O, context: CommandContext) => Promise<number>;
}

/** What each command runs with: the run's context and the one writer it prints through (output.ts). */
export interface CommandContext extends RunContext {
  out: Output;
}

/** What the help and the completion scripts read of a command: everything but how it parses and runs. */
export type CommandDoc = Omit<Command<{ kind: string }>, 'options' | 'run' | 'name'> & { name: string };
