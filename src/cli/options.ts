// argv to options: the dispatch. Each command's own parsing, usage and help live in its module
// (src/cli/commands/); this file picks the command, refuses the flags it does not take, and resolves
// `help COMMAND` and `COMMAND --help`.
import { UsageError } from '../core/errors.js';
import type { Environment } from './command.js';
import { debugCommand, type DebugOptions, type TuiOptions } from './commands/debug.js';
import type { HelpOptions } from './commands/help.js';
import { helpTopic } from './help.js';
import type { FlagName, ParsedArgv } from './parse-argv.js';
import { isSubcommand, SHOWN_SUBCOMMANDS, SUBCOMMANDS, type SubcommandName, type SubcommandOptions } from './subcommands.js';
import { didYouMean } from './suggest.js';
import { withTeamProfile } from './option-parts.js';

export type { Environment } from './command.js';
export type { Connection, RecordOption, TrailOptions } from './option-parts.js';

export type Options = { kind: 'version' } | DebugOptions | TuiOptions | SubcommandOptions;

/** A subcommand's options, after refusing the flags its module does not list. */
function subcommandOptions(name: SubcommandName, argv: ParsedArgv, env: Environment): Options {
  const command = SUBCOMMANDS[name];
  const misplaced = (Object.keys(argv.flags) as FlagName[]).find((f) => argv.flags[f] !== undefined && !command.flags.includes(f));
  if (misplaced) throw new UsageError(`--${misplaced} does not apply to ${name}`, { hint: `cg-debug ${command.usage.join('  or  cg-debug ')}` });
  const options = command.options(withTeamProfile(argv, env, command.flags), env);
  if (options.kind === 'help' && options.command !== undefined) return helpOf(options.command);
  return options;
}

/** `help WORD`: WORD must be a command (the debug command's help is the global one). */
function helpOf(word: string): HelpOptions {
  if (!isSubcommand(word) || SUBCOMMANDS[word].hidden) {
    const near = didYouMean(word, SHOWN_SUBCOMMANDS);
    throw new UsageError(`no command ${JSON.stringify(word)}`, {
      hint: near ? `did you mean: cg-debug help ${near}` : `commands: ${SHOWN_SUBCOMMANDS.join(', ')}`,
    });
  }
  return { kind: 'help', command: word };
}

/** Completes defaults and validates everything that can be checked without the cluster. */
export function toOptions(argv: ParsedArgv, env: Environment): Options {
  const { flags, positionals } = argv;
  const first = positionals[0];
  if (flags.help) {
    const command = helpTopic(first);
    return command === undefined ? { kind: 'help' } : { kind: 'help', command };
  }
  if (flags.version) return { kind: 'version' };
  if (isSubcommand(first)) return subcommandOptions(first, argv, env);
  return debugCommand.options(withTeamProfile(argv, env, debugCommand.flags), env);
}
