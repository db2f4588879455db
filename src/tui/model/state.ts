// The UI state and the actions that change it; `reducer.ts` holds the (pure) transitions.
import type { DebugFacts } from '../../core/debug-rows.js';
import type { DebugPlan, DebugWhere } from '../../session/debug-session.js';
import type { SessionRun } from '../../session/session-trail.js';
import type { Step } from '../../core/steps.js';
import type { DevImageCheck } from './dev-image-checks.js';
import type { Viewport } from './layout.js';
import type { PodIndex, PodView } from './pod-index.js';
import type { PodRow } from './pod-rows.js';

/** What the user picked, which is where the session debugs: always in a namespace, at a container. */
export interface Choice {
  namespace: string;
  /** A pod's name. */
  pod: string;
  target: string;
  /** A running cg-debug container to reattach instead of adding one. */
  reattach?: string;
  /** The target does not run: debug a copy of the pod (`--copy`) instead. */
  copy?: true;
}

/** The picked row as the session's DebugWhere: a pod by name (whether to copy it is the request's, not the where's). */
export function whereOfChoice(choice: Choice): DebugWhere {
  return {
    namespace: choice.namespace,
    pod: { kind: 'pod', name: choice.pod },
    target: choice.target,
    ...(choice.reattach === undefined ? {} : { reattach: choice.reattach }),
  };
}

export interface ErrorInfo {
  message: string;
  hint?: string;
  exitCode: number;
}

export type ContainerItem =
  | { kind: 'app'; name: string; image: string; isDefault: boolean; running: boolean }
  | { kind: 'debug'; name: string; image: string; target: string; facts: DebugFacts };

export type Screen =
  | { kind: 'list' }
  | { kind: 'namespaces'; names: readonly string[] | undefined; filter: string; cursor: number; loadError?: string }
  | { kind: 'containers'; pod: PodRow; items: readonly ContainerItem[]; cursor: number }
  | { kind: 'planning'; choice: Choice; steps: readonly Step[] }
  | { kind: 'plan'; choice: Choice; plan: DebugPlan; steps: readonly Step[] }
  | { kind: 'starting'; choice: Choice; plan: DebugPlan; steps: readonly Step[] }
  | { kind: 'error'; choice: Choice | undefined; error: ErrorInfo; steps: readonly Step[] };

/** How the UI ended: the caller unmounts ink, then quits or hands the terminal to the shell. */
/** A started session as the picker hands it over; hold: its start goes on past the screen (start-handoff.ts). */
export interface PickedRun extends SessionRun {
  hold?(): void;
}

export type TuiOutcome =
  | { kind: 'quit'; exitCode: number }
  | { kind: 'started'; choice: Choice; plan: DebugPlan; run: PickedRun };

export type WatchStatus = { kind: 'loading' } | { kind: 'live' } | { kind: 'retrying'; message: string };

export interface TuiState {
  namespace: string;
  allNamespaces: boolean;
  distrolessOnly: boolean;
  /** Skip the plan screen (--yes). */
  yes: boolean;
  viewport: Viewport;
  index: PodIndex;
  view: PodView;
  watch: WatchStatus;
  filter: string;
  /** Keys go to the filter text. */
  filtering: boolean;
  /** The selected pod, by uid, so the cursor follows it while rows come and go. */
  selectedUid: string | undefined;
  /**
   * More pages of the current list are on their way (a first list, a scope switch, a relist): a
   * selected pod not listed yet is kept and looked for in them, not traded for the row at the cursor.
   */
  listing: boolean;
  cursor: number;
  /** First visible row. */
  top: number;
  screen: Screen;
  help: boolean;
  /** Increments for each planning attempt so late results of an abandoned one are ignored. */
  session: number;
  outcome: TuiOutcome | undefined;
  /** The registries' answers for app images seen on screen, by check key (dev-image-checks.ts). */
  devImages: ReadonlyMap<string, DevImageCheck>;
}

export type TuiAction =
  /** A keypress as typed: resolved against the keymap with the state it arrives in, not the one last drawn. */
  | { type: 'press'; key: string; text: string }
  | { type: 'resize'; viewport: Viewport }
  /** `more`: further pages of the same list follow. */
  | { type: 'podsReset'; scope: string; rows: readonly PodRow[]; more?: boolean }
  | { type: 'podsChanged'; scope: string; upserts: readonly PodRow[]; deletes: readonly string[]; more?: boolean }
  | { type: 'watchError'; scope: string; message: string }
  | { type: 'devImageChecked'; key: string; check: DevImageCheck }
  | { type: 'namespacesLoaded'; names: readonly string[] }
  | { type: 'namespacesFailed'; message: string }
  | { type: 'step'; session: number; step: Step }
  | { type: 'planned'; session: number; plan: DebugPlan }
  | { type: 'started'; session: number; run: PickedRun }
  | { type: 'failed'; session: number; error: ErrorInfo };

/** Which namespace set the list shows; events from an older scope are dropped. */
export function scopeOf(state: Pick<TuiState, 'namespace' | 'allNamespaces'>): string {
  return state.allNamespaces ? '*' : state.namespace;
}
