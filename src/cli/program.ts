// The program behind main.ts: argv to options to the command that runs. main.ts loads it with one import
// for every argv but the bare --version and --help it answers itself (quick-argv.ts), so those two read
// none of these modules. Errors are thrown to main.ts, the only place that prints them.
import { readFileSync } from 'node:fs';
import { ExitCode } from '../core/errors.js';
import { loadConfigFile } from '../config/effective-config.js';
import type { RunContext } from './command.js';
import { debugCommand } from './commands/debug.js';
import { helpFor } from './help.js';
import { toOptions } from './options.js';
import { output } from './output.js';
import { parseArgv } from './parse-argv.js';
import { runSubcommand } from './subcommands.js';

export { errorReport } from './report-error.js';
export { lastResortHandler } from './last-resort.js';

/** Runs the command argv names; resolves to its exit code. */
export async function runArgv(argv: readonly string[], context: RunContext & { program: string; version: string }): Promise<number> {
  const { io, program, version } = context;
  const parsed = parseArgv(argv);
  // --help and --version work whatever the config file says.
  const configFile = parsed.flags.help || parsed.flags.version ? undefined : await loadConfigFile(process.env, (file) => readFileSync(file, 'utf8'));
  const options = toOptions(parsed, {
    stdoutIsTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    ...(process.env.CG_DEBUG_DEFAULT_IMAGE ? { defaultImage: process.env.CG_DEBUG_DEFAULT_IMAGE } : {}),
    ...(configFile ? { configFile } : {}),
    stateEnv: { XDG_STATE_HOME: process.env.XDG_STATE_HOME, HOME: process.env.HOME },
    readFile: (file) => readFileSync(file, 'utf8'),
    ...(parsed.flags.custom === undefined ? {} : { parseYaml: (await import('../config/config-file.js')).parseYamlText }),
  });
  switch (options.kind) {
    case 'help':
      // Printed here, not through the help command's lazy run: --help stays instant.
      io.stdout.write(helpFor(options.command, program, version));
      return ExitCode.ok;
    case 'version':
      io.stdout.write(`cg-debug ${version}\n`);
      return ExitCode.ok;
    case 'debug':
    case 'tui':
      return await debugCommand.run(options, { ...context, out: output(io) });
    default:
      return await runSubcommand(options, context);
  }
}
