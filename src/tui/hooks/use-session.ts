import { useEffect, type Dispatch } from 'react';
import { ExitCode, isCgDebugError } from '../../core/errors.js';
import type { DebugPlan } from '../../session/debug-session.js';
import type { OnStep } from '../../core/steps.js';
import { sanitizeText } from '../../core/sanitize.js';
import type { Choice, ErrorInfo, PickedRun, TuiAction, TuiState } from '../model/state.js';

export type PlanFn = (choice: Choice, onStep: OnStep, signal: AbortSignal) => Promise<DebugPlan>;
/** startDebug for the picker: the run it returns carries how to connect (and the trail that audits it). */
export type StartFn = (plan: DebugPlan, onStep: OnStep, signal: AbortSignal) => Promise<PickedRun>;

export function errorInfo(error: unknown): ErrorInfo {
  if (isCgDebugError(error)) {
    return {
      message: sanitizeText(error.message),
      exitCode: error.exitCode,
      ...(error.hint === undefined ? {} : { hint: sanitizeText(error.hint) }),
    };
  }
  return { message: sanitizeText(error instanceof Error ? error.message : String(error)), exitCode: ExitCode.internal };
}

/**
 * Runs planDebug while the planning screen shows and startDebug while the starting screen shows.
 * Leaving the screen aborts the call; results carry the session number so stale ones are ignored.
 */
export function useSession(state: TuiState, plan: PlanFn, start: StartFn, dispatch: Dispatch<TuiAction>): void {
  const screen = state.screen;
  const session = state.session;
  const planning = screen.kind === 'planning' ? screen.choice : undefined;
  const starting = screen.kind === 'starting' ? screen : undefined;

  useEffect(() => {
    if (planning === undefined) return;
    const controller = new AbortController();
    const onStep: OnStep = (step) => dispatch({ type: 'step', session, step });
    plan(planning, onStep, controller.signal).then(
      (result) => dispatch({ type: 'planned', session, plan: result }),
      (error: unknown) => dispatch({ type: 'failed', session, error: errorInfo(error) }),
    );
    return () => controller.abort();
  }, [planning, session, plan, dispatch]);

  const startPlan = starting?.plan;
  useEffect(() => {
    if (startPlan === undefined) return;
    const controller = new AbortController();
    const onStep: OnStep = (step) => dispatch({ type: 'step', session, step });
    start(startPlan, onStep, controller.signal).then(
      (run) => dispatch({ type: 'started', session, run }),
      (error: unknown) => dispatch({ type: 'failed', session, error: errorInfo(error) }),
    );
    return () => controller.abort();
  }, [startPlan, session, start, dispatch]);
}
