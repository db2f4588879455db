// A start that returns before its container runs (early exec: connect retries the exec until the runtime
// runs it) goes on after the picker has closed: its pod status wait and its progress outlive the screen
// that began them. Until the picker settles on it, its steps go to the screen and leaving the screen
// aborts it; once settled, its steps wait while the screen is torn down, then go to the terminal's
// printer, and only the run's own signal (Ctrl-C) ends it.
import type { OnStep, Step } from '../core/steps.js';

export interface StartHandoff {
  /** The session's onStep. */
  onStep: OnStep;
  /** The session's signal: the screen's until `hold`, the run's always. */
  signal: AbortSignal;
  /** The picker settled on this start: the screen's abort no longer reaches it, steps are kept. */
  hold(): void;
  /** The terminal is the shell's now: kept steps first, then every later one, go to `to`. */
  release(to: OnStep): void;
}

export function startHandoff(screen: OnStep, screenSignal: AbortSignal, runSignal: AbortSignal): StartHandoff {
  const own = new AbortController();
  const fromScreen = (): void => own.abort(screenSignal.reason);
  if (screenSignal.aborted) fromScreen();
  else screenSignal.addEventListener('abort', fromScreen, { once: true });
  let sink: OnStep = screen;
  const kept: Step[] = [];
  return {
    onStep: (step) => sink(step),
    signal: AbortSignal.any([own.signal, runSignal]),
    hold() {
      screenSignal.removeEventListener('abort', fromScreen);
      sink = (step) => kept.push(step);
    },
    release(to) {
      for (const step of kept.splice(0)) to(step);
      sink = to;
    },
  };
}
