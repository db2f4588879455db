import { ExitCode, UsageError } from '../../core/errors.js';
import type { Command } from '../command.js';

/** `help [COMMAND]` and `--help`: the global help, or one command's. */
export interface HelpOptions {
  kind: 'help';
  /** The command whose help to show; absent: the global help. */
  command?: string;
}

export const helpCommand: Command<HelpOptions> = {
  name: 'help',
  summary: "print the help, or one command's usage, flags and examples",
  usage: ['help [COMMAND]'],
  overview: [['help [COMMAND]', "this help, or a command's usage, flags and examples\n(also: COMMAND --help)"]],
  flags: [],
  examples: [
    ['how cp is called', 'help cp'],
    ['the same', 'cp --help'],
  ],
  args: ['commands'],
  // Which names are commands is the dispatcher's to say (options.ts): it holds the table.
  options: ({ positionals, command }) => {
    if (positionals.length > 2 || command !== undefined) throw new UsageError('help takes at most one command', { hint: 'cg-debug help [COMMAND]' });
    const name = positionals[1];
    return { kind: 'help', ...(name === undefined ? {} : { command: name }) };
  },
  run: async (options, { out, program, version }) => {
    out.own((await import('../help.js')).helpFor(options.command, program ?? 'cg-debug', version ?? ''));
    return ExitCode.ok;
  },
};
