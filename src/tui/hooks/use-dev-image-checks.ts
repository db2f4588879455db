import { useEffect, useRef, useState, type Dispatch } from 'react';
import { checkTargets, nextRecheckIn, planChecks, type CheckTarget, type DevImageAnswer, type DevImageCheck } from '../model/dev-image-checks.js';
import type { PodRow } from '../model/pod-rows.js';
import type { TuiAction } from '../model/state.js';

/** Asks the registries which -dev image a session would run for an app image (resolveAppDevImage). */
export type CheckDevImageFn = (app: { image: string; imageID?: string }, signal: AbortSignal) => Promise<DevImageAnswer>;

/**
 * Checks the app images of the rows on screen against the registries, a few at a time. Answers go to
 * the reducer (`devImageChecked`), which keeps them for the picker's life; a check whose rows leave the
 * screen (scroll, filter, namespace, another screen) is aborted. Work per render is the visible rows only.
 */
export function useDevImageChecks(
  checkDevImage: CheckDevImageFn,
  rows: readonly PodRow[],
  checks: ReadonlyMap<string, DevImageCheck>,
  now: () => number,
  dispatch: Dispatch<TuiAction>,
): void {
  const running = useRef(new Map<string, AbortController>());
  const targets = useRef<CheckTarget[]>([]);
  // Bumped when an unconfirmed answer on screen is due to be asked again.
  const [recheck, setRecheck] = useState(0);
  targets.current = checkTargets(rows);
  const onScreen = targets.current.map((t) => t.key).join('\n');

  useEffect(() => {
    const plan = planChecks(targets.current, checks, new Set(running.current.keys()), now());
    for (const key of plan.cancel) {
      running.current.get(key)?.abort();
      running.current.delete(key);
    }
    for (const target of plan.start) {
      const controller = new AbortController();
      running.current.set(target.key, controller);
      const settle = (check: DevImageCheck): void => {
        if (controller.signal.aborted) return;
        running.current.delete(target.key);
        dispatch({ type: 'devImageChecked', key: target.key, check });
      };
      const app = target.imageID === undefined ? { image: target.image } : { image: target.image, imageID: target.imageID };
      checkDevImage(app, controller.signal).then(
        (answer) => settle({ kind: 'answered', answer, at: now() }),
        () => settle({ kind: 'failed', at: now() }),
      );
    }
    const due = nextRecheckIn(targets.current, checks, now());
    if (due === undefined) return;
    const timer = setTimeout(() => setRecheck((n) => n + 1), due + 1);
    return () => clearTimeout(timer);
  }, [onScreen, checks, recheck, checkDevImage, now, dispatch]);

  useEffect(() => {
    const current = running.current;
    return () => {
      for (const controller of current.values()) controller.abort();
      current.clear();
    };
  }, []);
}
