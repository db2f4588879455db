#!/usr/bin/env node
// argv -> exit code. The only place that prints errors and calls process.exit. A bare --version is
// answered from this file alone and --help from the help text's modules (quick-argv.ts says which argv
// those are); every other argv loads the program (cli/program.ts), whose heavy modules (the Kubernetes
// client, ink) are imported in turn only by the commands that need them.
import { ExitCode, InterruptedError, isCgDebugError } from './core/errors.js';
import { quickArgv } from './cli/quick-argv.js';
import { programName } from './cli/program-name.js';
import type { ScreenState } from './terminal/screen.js';
import { flushed } from './cli/flushed.js';

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const program = programName([process.argv[1], process.execPath]);

async function main(argv: string[]): Promise<number> {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
  // Both ignore the config file, as the full parser does.
  const quick = quickArgv(argv);
  if (quick?.kind === 'version') {
    io.stdout.write(`cg-debug ${VERSION}\n`);
    return ExitCode.ok;
  }
  if (quick?.kind === 'help') {
    const { helpFor, helpTopic } = await import('./cli/help.js');
    io.stdout.write(helpFor(helpTopic(quick.word), program, VERSION));
    return ExitCode.ok;
  }

  // V8's code cache first, so that it covers the program's whole static graph: an ES module's imports are
  // all compiled before its first line runs, so the program cannot turn it on for its own imports.
  await import('./cli/compile-cache.js');
  const { runArgv, errorReport, lastResortHandler } = await import('./cli/program.js');
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
    return await runArgv(argv, { io, signal: controller.signal, screen, program, version: VERSION });
  } catch (error) {
    // A step that knew more (e.g. "the shell keeps running: reattach with ...") wins over the bare signal.
    const reported = isCgDebugError(error) || !controller.signal.aborted ? error : (controller.signal.reason as unknown);
    const { text, exitCode } = errorReport(reported, { trace: Boolean(process.env.CG_DEBUG_TRACE), program });
    process.stderr.write(text);
    return exitCode;
  }
}

// Set by scripts/bundle.mjs; the tsc build reads package.json instead (the bundle drops that branch).
declare const CG_DEBUG_VERSION: string | undefined;

async function packageVersion(): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const VERSION = typeof CG_DEBUG_VERSION === 'string' ? CG_DEBUG_VERSION : await packageVersion();

const exitCode = await main(process.argv.slice(2));
// A reader that stops reading would hold the flush: the first signal then ends the run at once.
for (const name of EXIT_SIGNALS) process.on(name, () => process.exit(ExitCode.interrupted));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(exitCode);
