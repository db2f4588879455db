// The screen's state while cg-debug runs (the picker's alternate screen) and how to give the terminal
// back as it was found: read by the picker as it leaves and by the last-resort handler.

/** Whether the alternate screen is in use right now; the pod picker flips it as it enters and leaves. */
export interface ScreenState {
  alternate: boolean;
}

/** The parts of a terminal that restoring it touches. */
export interface RestorableIO {
  stdin: { isTTY?: boolean; isRaw?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: { isTTY?: boolean; write: (text: string) => unknown };
}

export const LEAVE_ALT_SCREEN = '\u001b[?1049l';
export const SHOW_CURSOR = '\u001b[?25h';

/** Raw mode off, the alternate screen left (only if entered: leaving it otherwise moves the cursor), cursor shown. */
export function restoreTerminal(io: RestorableIO, screen: ScreenState): void {
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
