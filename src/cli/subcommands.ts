// The command table: each row is a command's module in src/cli/commands/. The parser (options.ts), the
// help and the completion scripts read it, so a new subcommand is one module plus one row here.
// Each run imports its runner when it runs: --help and --version never evaluate the Kubernetes client.
import type { Command, CommandContext, RunContext } from './command.js';
import { output } from './output.js';
import { completeCommand, type CompleteOptions } from './commands/complete.js';
import { completionCommand, type CompletionOptions } from './commands/completion.js';
import { configCommand, type ConfigOptions } from './commands/config.js';
import { cpCommand, type CpOptions } from './commands/cp.js';
import { devImageCommand, type DevImageOptions } from './commands/dev-image.js';
import { doctorCommand, type DoctorOptions } from './commands/doctor.js';
import { helpCommand, type HelpOptions } from './commands/help.js';
import { lsCommand, type LsOptions } from './commands/ls.js';
import { packagesCommand, type PackagesOptions } from './commands/packages.js';
import { stopCommand, type StopOptions } from './commands/stop.js';

export { COMPLETION_SHELLS, type CompletionShell } from './commands/completion.js';

export type SubcommandOptions =
  | HelpOptions
  | DevImageOptions
  | CompletionOptions
  | ConfigOptions
  | LsOptions
  | StopOptions
  | CpOptions
  | PackagesOptions
  | DoctorOptions
  | CompleteOptions;

export type SubcommandName = SubcommandOptions['kind'];
type OptionsOf<K extends SubcommandName> = Extract<SubcommandOptions, { kind: K }>;

// A mapped type: a new member of SubcommandOptions without its row does not compile.
export const SUBCOMMANDS: { [K in SubcommandName]: Command<OptionsOf<K>> } = {
  'dev-image': devImageCommand,
  completion: completionCommand,
  config: configCommand,
  ls: lsCommand,
  stop: stopCommand,
  cp: cpCommand,
  packages: packagesCommand,
  doctor: doctorCommand,
  help: helpCommand,
  __complete: completeCommand,
};

export const SUBCOMMAND_NAMES = Object.keys(SUBCOMMANDS) as SubcommandName[];

/** The subcommands the help and the completion scripts offer. */
export const SHOWN_SUBCOMMANDS = SUBCOMMAND_NAMES.filter((name) => !SUBCOMMANDS[name].hidden);

export function isSubcommand(word: string | undefined): word is SubcommandName {
  return word !== undefined && Object.hasOwn(SUBCOMMANDS, word);
}

export function runSubcommand(options: SubcommandOptions, context: RunContext): Promise<number> {
  // The table's type pairs each row with the options of its own kind, which TypeScript cannot follow
  // through a union: the row looked up by options.kind takes exactly these options.
  const run = SUBCOMMANDS[options.kind].run as (options: SubcommandOptions, context: CommandContext) => Promise<number>;
  return run(options, { ...context, out: output(context.io) });
}
