// cp's progress line on stderr: shown only on a terminal and only once a transfer takes more than a
// moment, redrawn in place, and cleared when the transfer ends.
import { Transform } from 'node:stream';
import { formatTransfer } from '../core/byte-size.js';

export interface ProgressDeps {
  /** Redraws the progress line in place with `line` ('' clears it): Output.redraw. */
  redraw: (line: string) => void;
  /** Live redraws only on a terminal; elsewhere the summary line is enough. */
  tty: boolean;
  now: () => number;
  setInterval: (fn: () => void, ms: number) => { unref?: () => unknown };
  clearInterval: (handle: { unref?: () => unknown }) => void;
}

export interface TransferProgress {
  /** Counts the bytes that flow through it. */
  meter: Transform;
  bytes: () => number;
  elapsedMs: () => number;
  /** Stops redrawing and clears the line. */
  stop: () => void;
}

/** A transfer that lasts longer than this shows a progress line. */
export const PROGRESS_DELAY_MS = 1000;
const REDRAW_MS = 250;

export function transferProgress(label: string, deps: ProgressDeps): TransferProgress {
  const started = deps.now();
  let bytes = 0;
  let shown = false;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const timer = deps.tty
    ? deps.setInterval(() => {
        const elapsed = deps.now() - started;
        if (elapsed < PROGRESS_DELAY_MS) return;
        shown = true;
        deps.redraw(`${label}: ${formatTransfer(bytes, elapsed)}`);
      }, REDRAW_MS)
    : undefined;
  timer?.unref?.();
  return {
    meter,
    bytes: () => bytes,
    elapsedMs: () => deps.now() - started,
    stop() {
      if (timer) deps.clearInterval(timer);
      if (shown) deps.redraw('');
      shown = false;
    },
  };
}
