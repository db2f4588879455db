import { Box } from 'ink';
import { useEffect, useMemo, useReducer } from 'react';
import { frameHeight } from './model/layout.js';
import type { ImageMapping } from '../core/dev-image.js';
import { createRowDeriver } from './model/pod-rows.js';
import { CurrentScreen } from './components/CurrentScreen.js';
import { initialState, reducer } from './model/reducer.js';
import { scopeOf, type TuiOutcome } from './model/state.js';
import { rowsOnScreen } from './model/dev-image-checks.js';
import { useClock } from './hooks/use-clock.js';
import { useDevImageChecks, type CheckDevImageFn } from './hooks/use-dev-image-checks.js';
import { useKeyDispatch } from './hooks/use-key-dispatch.js';
import { useNamespaceList, type ListNamespacesFn } from './hooks/use-namespace-list.js';
import { usePodWatch, type WatchPodsFn } from './hooks/use-pod-watch.js';
import { useSession, type PlanFn, type StartFn } from './hooks/use-session.js';
import { useShellCounts, type CountShellsFn } from './hooks/use-shell-counts.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';

/** Everything the UI does outside itself, passed in: the cluster, the session, the clock. */
export interface TuiDeps {
  watchPods: WatchPodsFn;
  listNamespaces: ListNamespacesFn;
  plan: PlanFn;
  start: StartFn;
  /** The registries' answer for the app image of a row on screen: the -dev image a session would run. */
  checkDevImage: CheckDevImageFn;
  /** The open shells of a running debug container, for the container picker. */
  countShells: CountShellsFn;
  /** Wall clock (ms since the epoch) for pod ages. */
  now: () => number;
}

export interface AppProps {
  deps: TuiDeps;
  namespace: string;
  allNamespaces: boolean;
  yes: boolean;
  /** The -dev mapping the rows' debug image column guesses with, as the plan will. */
  mapping: ImageMapping;
  /** Shown in the title: the kubeconfig context. */
  kubeContext: string;
  color: boolean;
  /** Called once, when the user quits or a debug container is running; the caller then unmounts. */
  onOutcome: (outcome: TuiOutcome) => void;
}

export function App({ deps, namespace, allNamespaces, yes, mapping, kubeContext, color, onOutcome }: AppProps) {
  const viewport = useTerminalSize();
  const [state, dispatch] = useReducer(reducer, { namespace, allNamespaces, yes, viewport }, initialState);
  const derive = useMemo(() => createRowDeriver(mapping), [mapping]);
  const now = useClock(deps.now);

  useEffect(() => dispatch({ type: 'resize', viewport }), [viewport]);
  usePodWatch(deps.watchPods, scopeOf(state), state.allNamespaces ? undefined : state.namespace, derive, dispatch);
  useNamespaceList(deps.listNamespaces, state.screen.kind === 'namespaces', dispatch);
  useSession(state, deps.plan, deps.start, dispatch);
  useDevImageChecks(deps.checkDevImage, rowsOnScreen(state), state.devImages, deps.now, dispatch);
  useKeyDispatch(dispatch, state.outcome === undefined);
  const shells = useShellCounts(deps.countShells, state.screen);

  const outcome = state.outcome;
  useEffect(() => {
    if (outcome !== undefined) onOutcome(outcome);
  }, [outcome, onOutcome]);

  return (
    <Box flexDirection="column" height={frameHeight(state.viewport)} width={state.viewport.columns}>
      <CurrentScreen state={state} kubeContext={kubeContext} now={now} color={color} shells={shells} />
    </Box>
  );
}
