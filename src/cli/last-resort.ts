// What happens when something escapes every typed error path (a bug, a library throwing from an event
// handler): the terminal is given back as it was found and one line says what broke, instead of a
// stack trace of minified source over a terminal left in raw mode on the alternate screen.
import { sanitizeText } from '../core/sanitize.js';

/** Whether the alternate screen is in use right now; the pod picker flips it as it enters and leaves. */
export interface ScreenState {
  alternate: boolean;
}

export interface LastResortIO {
  stdin: { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: { isTTY?: boolean; write: (text: string) => unknown };
  stderr: { write: (text: string) => unknown };
}

export const LEAVE_ALT_SCREEN = '\u001b[?1049l';
export const SHOW_CURSOR = '\u001b[?25h';

/** Raw mode off, the alternate screen left (only if entered: leaving it otherwise moves the cursor), cursor shown. */
export function restoreTerminal(io: LastResortIO, screen: ScreenState): void {
  try {
    if (io.stdin.isTTY && io.stdin.isRaw) io.stdin.setRawMode?.(false);
  } catch {
    // stdin may already be closed: nothing left to restore there.
  }
  if (io.stdout.isTTY) {
    io.stdout.write((screen.alternate ? LEAVE_ALT_SCREEN : '') + SHOW_CURSOR);
    screen.alternate = false;
  }
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
