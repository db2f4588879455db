// What happens when something escapes every typed error path (a bug, a library throwing from an event
// handler): the terminal is given back as it was found and one line says what broke, instead of a
// stack trace of minified source over a terminal left in raw mode on the alternate screen.
import { sanitizeText } from '../core/sanitize.js';
import { restoreTerminal, type RestorableIO, type ScreenState } from '../terminal/screen.js';

export interface LastResortIO extends RestorableIO {
  stderr: { write: (text: string) => unknown };
}

/** One line of an error, without control characters: it is printed on a terminal that may hold anything. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = sanitizeText(text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line || 'unknown error';
}

/**
 * The handler for uncaughtException and unhandledRejection: restores the terminal, prints one line
 * (the stack only with CG_DEBUG_TRACE), and exits 1. Runs at most once.
 */
export function lastResortHandler(options: {
  io: LastResortIO;
  screen: ScreenState;
  trace: boolean;
  exit: (code: number) => void;
}): (error: unknown) => void {
  let handled = false;
  return (error) => {
    if (handled) return;
    handled = true;
    restoreTerminal(options.io, options.screen);
    const detail = options.trace && error instanceof Error && error.stack ? error.stack.split('\n').map(sanitizeText).join('\n') : oneLine(error);
    options.io.stderr.write(`\r\ncg-debug: internal error: ${detail}\n  hint: rerun with CG_DEBUG_TRACE=1 and report it\n`);
    options.exit(1);
  };
}
