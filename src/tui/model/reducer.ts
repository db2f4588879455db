// Every UI transition, pure: (state, action) -> state. Effects (watching, planning, starting) react
// to the state in hooks; keys arrive already translated by the keymap.
import { ExitCode } from '../../core/errors.js';
import { fuzzyMatch } from './fuzzy.js';
import { acceptsText, bindingFor, type ActionsIn, type KeyAction, type KeyContext } from './keymap.js';
import { listHeight, type Viewport } from './layout.js';
import { applyPodChanges, buildView, EMPTY_INDEX, indexFromRows, updateView } from './pod-index.js';
import type { PodRow } from './pod-rows.js';
import { sanitizeText } from '../../core/sanitize.js';
import { isDnsLabel } from '../../core/kube-names.js';
import { scopeOf, type Choice, type ContainerItem, type Screen, type TuiAction, type TuiState } from './state.js';

const MAX_STEPS = 200;

export interface InitialInput {
  namespace: string;
  allNamespaces: boolean;
  yes: boolean;
  viewport: Viewport;
}

export function initialState(input: InitialInput): TuiState {
  const view = buildView(EMPTY_INDEX, { filter: '', distrolessOnly: false, allNamespaces: input.allNamespaces });
  return {
    namespace: input.namespace,
    allNamespaces: input.allNamespaces,
    distrolessOnly: false,
    yes: input.yes,
    viewport: input.viewport,
    index: EMPTY_INDEX,
    view,
    watch: { kind: 'loading' },
    filter: '',
    filtering: false,
    selectedUid: undefined,
    listing: true,
    cursor: 0,
    top: 0,
    screen: { kind: 'list' },
    help: false,
    session: 0,
    outcome: undefined,
    devImages: new Map(),
  };
}

/** The context of the screen itself, ignoring the help overlay. */
export function screenContext(state: TuiState): KeyContext {
  if (state.screen.kind === 'list') return state.filtering ? 'filter' : 'list';
  return state.screen.kind;
}

export function keyContext(state: TuiState): KeyContext {
  return state.help ? 'help' : screenContext(state);
}

/** The namespace picker's choices: all names, or the fuzzy matches of what was typed, best first. */
export function namespaceChoices(names: readonly string[] | undefined, filter: string): string[] {
  if (names === undefined) return [];
  if (filter === '') return [...names];
  return names
    .map((name) => ({ name, m: fuzzyMatch(filter, name) }))
    .filter((x) => x.m !== undefined)
    .sort((a, b) => (b.m?.score ?? 0) - (a.m?.score ?? 0))
    .map((x) => x.name);
}

/** The container picker: app containers (the annotated default marked) and running cg-debug ones. */
export function containerItems(row: PodRow): ContainerItem[] {
  const apps: ContainerItem[] = row.containers.map((c) => ({
    kind: 'app',
    name: c.name,
    image: c.image,
    isDefault: row.annotatedDefault && c.name === row.defaultContainer,
    running: c.running,
  }));
  const debug: ContainerItem[] = row.debug
    .filter((d) => d.running)
    .map((d) => ({ kind: 'debug', name: d.name, image: d.image, target: d.target ?? row.defaultContainer, facts: d.facts }));
  return [...apps, ...debug];
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/** Keeps the cursor on the selected pod (or the same position if it left) and scrolled into view. */
function follow(state: TuiState): TuiState {
  const rows = state.view.rows;
  let cursor = state.cursor;
  let missing = false;
  if (rows[cursor]?.uid !== state.selectedUid) {
    const at = state.selectedUid === undefined ? -1 : rows.findIndex((r) => r.uid === state.selectedUid);
    missing = at < 0;
    cursor = at >= 0 ? at : clamp(cursor, 0, Math.max(0, rows.length - 1));
  }
  // While a list's pages are still coming, a selected pod not seen yet may be in a later one.
  const selectedUid = missing && state.listing ? state.selectedUid : (rows[cursor]?.uid ?? state.selectedUid);
  return scrolled({ ...state, cursor, selectedUid });
}

function scrolled(state: TuiState): TuiState {
  const height = listHeight(state.viewport);
  const maxTop = Math.max(0, state.view.rows.length - height);
  let top = clamp(state.top, 0, maxTop);
  if (state.cursor < top) top = state.cursor;
  if (state.cursor >= top + height) top = state.cursor - height + 1;
  return top === state.top ? state : { ...state, top };
}

function moveTo(state: TuiState, cursor: number): TuiState {
  const rows = state.view.rows;
  if (rows.length === 0) return state;
  const next = clamp(cursor, 0, rows.length - 1);
  return scrolled({ ...state, cursor: next, selectedUid: rows[next]?.uid });
}

function withView(state: TuiState, resetCursor: boolean, narrowFrom?: TuiState): TuiState {
  const narrow =
    narrowFrom !== undefined &&
    narrowFrom.filter !== '' &&
    state.filter.startsWith(narrowFrom.filter) &&
    narrowFrom.index === state.index &&
    narrowFrom.distrolessOnly === state.distrolessOnly &&
    narrowFrom.allNamespaces === state.allNamespaces;
  const view = buildView(state.index, state, narrow ? narrowFrom.view : undefined);
  const next = { ...state, view };
  return resetCursor ? moveTo({ ...next, cursor: 0, top: 0 }, 0) : follow(next);
}

function withScope(state: TuiState, namespace: string, allNamespaces: boolean): TuiState {
  if (namespace === state.namespace && allNamespaces === state.allNamespaces) return state;
  // Keep the selected uid: if the pod is in the new scope too, the cursor lands on it again.
  return withView(
    { ...state, namespace, allNamespaces, index: EMPTY_INDEX, watch: { kind: 'loading' }, listing: true, screen: { kind: 'list' } },
    false,
  );
}

function startPlanning(state: TuiState, choice: Choice): TuiState {
  return { ...state, filtering: false, help: false, session: state.session + 1, screen: { kind: 'planning', choice, steps: [] } };
}

function selectRow(state: TuiState): TuiState {
  const row = state.view.rows[state.cursor];
  if (row === undefined) return state;
  const items = containerItems(row);
  if (items.length > 1) {
    const cursor = Math.max(0, items.findIndex((i) => i.kind === 'app' && i.name === row.defaultContainer));
    return { ...state, filtering: false, screen: { kind: 'containers', pod: row, items, cursor } };
  }
  return startPlanning(state, { namespace: row.namespace, pod: row.name, target: row.defaultContainer, ...copyIfDown(row, row.defaultContainer) });
}

/** A target that does not run cannot take a debug container: the plan offers a copy of the pod. */
function copyIfDown(row: TuiState['view']['rows'][number], target: string): { copy?: true } {
  return row.containers.find((c) => c.name === target)?.running === false ? { copy: true } : {};
}

function toList(state: TuiState): TuiState {
  // Bumping the session abandons a plan still in flight (its effect is aborted, its result ignored).
  return { ...state, screen: { kind: 'list' }, session: state.session + 1 };
}

function pickerMove(screen: Screen, delta: number | 'top' | 'bottom'): Screen {
  if (screen.kind !== 'containers' && screen.kind !== 'namespaces') return screen;
  const length = screen.kind === 'containers' ? screen.items.length : namespaceChoices(screen.names, screen.filter).length;
  const target = delta === 'top' ? 0 : delta === 'bottom' ? length - 1 : screen.cursor + delta;
  return { ...screen, cursor: clamp(target, 0, Math.max(0, length - 1)) };
}

function chooseNamespace(state: TuiState): TuiState {
  if (state.screen.kind !== 'namespaces') return state;
  const choices = namespaceChoices(state.screen.names, state.screen.filter);
  const chosen = choices[state.screen.cursor] ?? state.screen.filter.trim();
  if (chosen === '') return state;
  const next = withScope(state, chosen, false);
  return { ...next, screen: { kind: 'list' } };
}

function chooseContainer(state: TuiState): TuiState {
  if (state.screen.kind !== 'containers') return state;
  const item = state.screen.items[state.screen.cursor];
  if (item === undefined) return state;
  const { namespace, name } = state.screen.pod;
  const choice: Choice =
    item.kind === 'app'
      ? { namespace, pod: name, target: item.name, ...copyIfDown(state.screen.pod, item.name) }
      : { namespace, pod: name, target: item.target, reattach: item.name };
  return startPlanning(state, choice);
}

type KeyHandler = (state: TuiState) => TuiState;
/** Actions that do the same wherever they are bound. */
type GlobalAction = 'interrupt' | 'quit' | 'help';

const GLOBAL_KEYS: Record<GlobalAction, KeyHandler> = {
  interrupt: (state) => ({ ...state, outcome: { kind: 'quit', exitCode: ExitCode.interrupted } }),
  quit: (state) => ({ ...state, outcome: { kind: 'quit', exitCode: ExitCode.ok } }),
  help: (state) => ({ ...state, help: true }),
};

const page = (state: TuiState): number => listHeight(state.viewport);

/** The pod list's keys, filtering or not. */
const LIST_KEYS = {
  up: (state) => moveTo(state, state.cursor - 1),
  down: (state) => moveTo(state, state.cursor + 1),
  pageUp: (state) => moveTo(state, state.cursor - page(state)),
  pageDown: (state) => moveTo(state, state.cursor + page(state)),
  top: (state) => moveTo(state, 0),
  bottom: (state) => moveTo(state, state.view.rows.length - 1),
  filter: (state) => ({ ...state, filtering: true }),
  clear: (state) => (state.filter === '' && !state.filtering ? state : withView({ ...state, filter: '', filtering: false }, false)),
  backspace: (state) => withView({ ...state, filter: state.filter.slice(0, -1) }, true),
  toggleDistroless: (state) => withView({ ...state, distrolessOnly: !state.distrolessOnly }, false),
  toggleAllNamespaces: (state) => withScope(state, state.namespace, !state.allNamespaces),
  pickNamespace: (state) => ({ ...state, screen: { kind: 'namespaces', names: undefined, filter: '', cursor: 0 } }),
  select: selectRow,
} satisfies Record<string, KeyHandler>;

/** The namespace and container pickers' keys. */
const PICKER_KEYS = {
  up: (state) => ({ ...state, screen: pickerMove(state.screen, -1) }),
  down: (state) => ({ ...state, screen: pickerMove(state.screen, 1) }),
  pageUp: (state) => ({ ...state, screen: pickerMove(state.screen, -page(state)) }),
  pageDown: (state) => ({ ...state, screen: pickerMove(state.screen, page(state)) }),
  top: (state) => ({ ...state, screen: pickerMove(state.screen, 'top') }),
  bottom: (state) => ({ ...state, screen: pickerMove(state.screen, 'bottom') }),
  backspace: (state) => (state.screen.kind === 'namespaces' ? { ...state, screen: { ...state.screen, filter: state.screen.filter.slice(0, -1), cursor: 0 } } : state),
  select: (state) => (state.screen.kind === 'namespaces' ? chooseNamespace(state) : chooseContainer(state)),
  back: (state) => ({ ...state, screen: { kind: 'list' } }),
} satisfies Record<string, KeyHandler>;

/**
 * What each bound key does, per context. The type asks for a handler for every action the keymap binds
 * in a context (ActionsIn), so a new row without one does not compile.
 */
const KEY_HANDLERS: { [C in KeyContext]: Record<Exclude<ActionsIn<C>, GlobalAction>, KeyHandler> } = {
  list: LIST_KEYS,
  filter: LIST_KEYS,
  namespaces: PICKER_KEYS,
  containers: PICKER_KEYS,
  plan: {
    select: (state) => (state.screen.kind === 'plan' ? { ...state, screen: { ...state.screen, kind: 'starting' } } : state),
    back: toList,
  },
  planning: { back: toList },
  starting: {},
  error: { back: toList },
  help: { back: (state) => ({ ...state, help: false }) },
};

function isGlobal(action: KeyAction): action is GlobalAction {
  return action in GLOBAL_KEYS;
}

/** Runs the handler of a key bound in `context` (bindingFor found it there). */
function onKey(state: TuiState, context: KeyContext, action: KeyAction): TuiState {
  if (isGlobal(action)) return GLOBAL_KEYS[action](state);
  const handlers: Partial<Record<KeyAction, KeyHandler>> = KEY_HANDLERS[context];
  return handlers[action]?.(state) ?? state;
}

function onText(state: TuiState, raw: string): TuiState {
  const text = sanitizeText(raw);
  if (text === '') return state;
  if (state.help) return state;
  if (state.screen.kind === 'list' && state.filtering) return withView({ ...state, filter: state.filter + text }, true, state);
  if (state.screen.kind === 'namespaces') {
    return { ...state, screen: { ...state.screen, filter: state.screen.filter + text, cursor: 0 } };
  }
  return state;
}

function onSession(state: TuiState, action: TuiAction): TuiState {
  if (!('session' in action) || action.session !== state.session) return state;
  const screen = state.screen;
  switch (action.type) {
    case 'step':
      if (screen.kind !== 'planning' && screen.kind !== 'starting') return state;
      return { ...state, screen: { ...screen, steps: [...screen.steps, action.step].slice(-MAX_STEPS) } };
    case 'planned':
      if (screen.kind !== 'planning') return state;
      return {
        ...state,
        screen: { kind: state.yes ? 'starting' : 'plan', choice: screen.choice, plan: action.plan, steps: screen.steps },
      };
    case 'started':
      if (screen.kind !== 'starting') return state;
      return { ...state, outcome: { kind: 'started', choice: screen.choice, plan: screen.plan, run: action.run } };
    case 'failed':
      if (screen.kind !== 'planning' && screen.kind !== 'starting') return state;
      return { ...state, screen: { kind: 'error', choice: screen.choice, error: action.error, steps: screen.steps } };
    default:
      return state;
  }
}

export function reducer(state: TuiState, action: TuiAction): TuiState {
  if (state.outcome !== undefined) return state;
  switch (action.type) {
    case 'press': {
      // Keys typed faster than a redraw (a paste, `/` then a name) must see the context the previous key made.
      const context = keyContext(state);
      const binding = bindingFor(context, action.key);
      if (binding !== undefined) return onKey(state, context, binding.action);
      return acceptsText(context) ? onText(state, action.text) : state;
    }
    case 'resize':
      return scrolled({ ...state, viewport: action.viewport });
    case 'podsReset': {
      if (action.scope !== scopeOf(state)) return state;
      return withView({ ...state, index: indexFromRows(action.rows), watch: { kind: 'live' }, listing: action.more === true }, false);
    }
    case 'podsChanged': {
      if (action.scope !== scopeOf(state)) return state;
      const index = applyPodChanges(state.index, action.upserts, action.deletes);
      const changed = [...action.deletes, ...action.upserts.map((r) => r.uid)];
      const view = updateView(state.view, state.index, index, state, changed);
      return follow({ ...state, index, view, watch: { kind: 'live' }, listing: action.more === true });
    }
    case 'devImageChecked':
      return { ...state, devImages: new Map(state.devImages).set(action.key, action.check) };
    case 'watchError':
      // The message can quote the API server (a watch ERROR Status): made terminal-safe where it enters the state.
      return action.scope === scopeOf(state) ? { ...state, watch: { kind: 'retrying', message: sanitizeText(action.message) } } : state;
    case 'namespacesLoaded':
      // A namespace name is a DNS label; anything else from the server could never be one, and is dropped.
      return state.screen.kind === 'namespaces' ? { ...state, screen: { ...state.screen, names: action.names.filter(isDnsLabel) } } : state;
    case 'namespacesFailed': {
      if (state.screen.kind !== 'namespaces') return state;
      // Without list permission on namespaces, offer the ones we know of; typing any name still works.
      const known = new Set([state.namespace, ...state.index.sorted.map((r) => r.namespace)]);
      const names = [...known].sort();
      return { ...state, screen: { ...state.screen, names, loadError: action.message } };
    }
    default:
      return onSession(state, action);
  }
}
