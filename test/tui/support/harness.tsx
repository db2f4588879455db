import type { V1Pod } from '@kubernetes/client-node';
import { render } from 'ink-testing-library';
import type { PodListEvent } from '../../../src/kube/watch-running-pods.js';
import type { DebugPlan, StartedDebug } from '../../../src/session/debug-session.js';
import type { OnStep } from '../../../src/core/steps.js';
import { App, type TuiDeps } from '../../../src/tui/App.js';
import type { DevImageAnswer } from '../../../src/tui/model/dev-image-checks.js';
import type { Choice, TuiOutcome } from '../../../src/tui/model/state.js';
import type { ShellCountTarget } from '../../../src/tui/hooks/use-shell-counts.js';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  pageDown: '\u001B[6~',
  pageUp: '\u001B[5~',
  enter: '\r',
  esc: '\u001B',
  tab: '\t',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

export const NOW = Date.parse('2024-01-01T01:00:00Z');

/** Fake cluster and session behind the real App: the test drives the watch and settles each call. */
export function renderApp(
  options: {
    namespace?: string;
    allNamespaces?: boolean;
    yes?: boolean;
    namespaces?: string[] | Error;
    /** The terminal's size (ink-testing-library's own: 100 columns, 24 rows). */
    size?: { columns: number; rows: number };
  } = {},
) {
  const watches: { namespace: string | undefined; emit: (e: PodListEvent) => void; signal: AbortSignal }[] = [];
  const plans: { choice: Choice; onStep: OnStep; signal: AbortSignal; result: Deferred<DebugPlan> }[] = [];
  const starts: { plan: DebugPlan; onStep: OnStep; result: Deferred<StartedDebug> }[] = [];
  const outcomes: TuiOutcome[] = [];
  const checks: { app: { image: string; imageID?: string }; signal: AbortSignal; result: Deferred<DevImageAnswer> }[] = [];
  const shellCounts: { target: ShellCountTarget; signal: AbortSignal; result: Deferred<number | null> }[] = [];
  const deps: TuiDeps = {
    checkDevImage: (app, signal) => {
      const result = deferred<DevImageAnswer>();
      checks.push({ app, signal, result });
      return result.promise;
    },
    watchPods: (namespace, signal, onEvent) => {
      watches.push({ namespace, emit: onEvent, signal });
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    },
    countShells: (target, signal) => {
      const result = deferred<number | null>();
      shellCounts.push({ target, signal, result });
      return result.promise;
    },
    listNamespaces: async () => {
      const ns = options.namespaces ?? ['default', 'shop'];
      if (ns instanceof Error) throw ns;
      return ns;
    },
    plan: (choice, onStep, signal) => {
      const result = deferred<DebugPlan>();
      plans.push({ choice, onStep, signal, result });
      return result.promise;
    },
    start: (plan, onStep) => {
      const result = deferred<StartedDebug>();
      starts.push({ plan, onStep, result });
      // The run the picker hands back: what start did, and a connect that is never called here.
      return result.promise.then((started) => ({ started, connect: async () => 0 }));
    },
    now: () => NOW,
  };
  const app = render(
    <App
      deps={deps}
      namespace={options.namespace ?? 'shop'}
      allNamespaces={options.allNamespaces ?? false}
      yes={options.yes ?? false}
      mapping={DEFAULT_IMAGE_MAPPING}
      kubeContext="kind-test"
      color={false}
      onOutcome={(o) => outcomes.push(o)}
    />,
  );
  if (options.size) {
    // ink-testing-library's stdout is 100 columns wide with no rows: the test's size, then a resize as a terminal sends.
    Object.defineProperty(app.stdout, 'columns', { value: options.size.columns });
    Object.defineProperty(app.stdout, 'rows', { value: options.size.rows });
    app.stdout.emit('resize');
  }
  const lastWatch = () => {
    const w = watches[watches.length - 1];
    if (w === undefined) throw new Error('no watch started');
    return w;
  };
  return {
    ...app,
    watches,
    plans,
    starts,
    outcomes,
    /** The registry checks the list asked for, in order; settle each one's `result`. */
    checks,
    /** The shell counts the container picker asked for; settle each one's `result`. */
    shellCounts,
    frame: () => app.lastFrame() ?? '',
    /** Lists pods through the current watch. */
    list: (pods: V1Pod[]) => lastWatch().emit({ type: 'reset', pods }),
    emit: (e: PodListEvent) => lastWatch().emit(e),
    /** Writes keys one at a time, letting ink and React settle after each. */
    press: async (...keys: string[]) => {
      for (const k of keys) {
        app.stdin.write(k);
        await settle(app.frames);
      }
    },
    /** Waits until the app stops drawing (effects ran, batched watch events flushed). */
    settle: () => settle(app.frames),
  };
}

/** Lets effects and timers (the watch batching) run. */
export function tick(ms = 30): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits for a quiet period with no new frame (at least `quietMs`), so slow machines do not flake. */
async function settle(frames: readonly string[], quietMs = 40, maxMs = 2000): Promise<void> {
  const started = Date.now();
  let count = -1;
  let quietSince = Date.now();
  while (Date.now() - started < maxMs) {
    if (frames.length !== count) {
      count = frames.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs) {
      return;
    }
    await tick(5);
  }
}
