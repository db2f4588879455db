#!/usr/bin/env node
// argv -> exit code. The only place that prints errors and calls process.exit. Heavy modules (the
// Kubernetes client, ink) are imported only by the commands that need them, so --help stays instant.
import './cli/compile-cache.js';
import { readFileSync } from 'node:fs';
import { helpText } from './cli/help.js';
import { toOptions } from './cli/options.js';
import { loadConfigFile } from './config/effective-config.js';
import { parseArgv } from './cli/parse-argv.js';
import { runSubcommand } from './cli/subcommands.js';
import { errorReport } from './cli/report-error.js';
import { ExitCode, InterruptedError, isCgDebugError } from './core/errors.js';
import { lastResortHandler } from './cli/last-resort.js';
import type { ScreenState } from './terminal/screen.js';
import { flushed } from './cli/flushed.js';

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

async function main(argv: string[]): Promise<number> {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  const controller = new AbortController();
  const screen: ScreenState = { alternate: false };
  // Installed before anything can throw from an event handler (a websocket frame, a timer).
  const lastResort = lastResortHandler({ io, screen, trace: Boolean(process.env.CG_DEBUG_TRACE), exit: (code) => process.exit(code) });
  process.on('uncaughtException', lastResort);
  process.on('unhandledRejection', lastResort);
  // First signal: abort the session so every step unwinds and the terminal is restored. Second: leave now.
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted);
    controller.abort(new InterruptedError(`interrupted by ${name}`));
  };
  for (const name of EXIT_SIGNALS) process.on(name, onSignal);

  try {
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
    });
    switch (options.kind) {
      case 'help':
        io.stdout.write(helpText(version()));
        return ExitCode.ok;
      case 'version':
        io.stdout.write(`cg-debug ${version()}\n`);
        return ExitCode.ok;
      case 'debug': {
        const { runDebug } = await import('./cli/debug-command.js');
        return await runDebug(options, io, controller.signal);
      }
      case 'tui': {
        const { runTuiCommand } = await import('./cli/tui-command.js');
        return await runTuiCommand(options, io, controller.signal, screen);
      }
      default:
        return await runSubcommand(options, { io, signal: controller.signal });
    }
  } catch (error) {
    // A step that knew more (e.g. "the shell keeps running: reattach with ...") wins over the bare signal.
    return report(isCgDebugError(error) || !controller.signal.aborted ? error : (controller.signal.reason as unknown));
  }
}

function report(error: unknown): number {
  const { text, exitCode } = errorReport(error, { trace: Boolean(process.env.CG_DEBUG_TRACE) });
  process.stderr.write(text);
  return exitCode;
}

// Set by scripts/bundle.mjs; the tsc build reads package.json instead.
declare const CG_DEBUG_VERSION: string | undefined;

function version(): string {
  if (typeof CG_DEBUG_VERSION === 'string') return CG_DEBUG_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const exitCode = await main(process.argv.slice(2));
// A reader that stops reading would hold the flush: the first signal then ends the run at once.
for (const name of EXIT_SIGNALS) process.on(name, () => process.exit(ExitCode.interrupted));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(exitCode);
