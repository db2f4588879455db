// The one keymap: key handling, the hint bar and the help screen all read this table. The reducer's
// handler table is typed from it (ActionsIn), so a row whose action has no handler in its context does
// not compile.

export type KeyContext = 'list' | 'filter' | 'namespaces' | 'containers' | 'plan' | 'planning' | 'starting' | 'error' | 'help';

export type KeyAction =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'filter'
  | 'clear'
  | 'backspace'
  | 'toggleAllNamespaces'
  | 'pickNamespace'
  | 'toggleDistroless'
  | 'select'
  | 'back'
  | 'help'
  | 'quit'
  | 'interrupt';

export interface KeyBinding {
  action: KeyAction;
  /** Normalized key names (see `keyName`). */
  keys: readonly string[];
  contexts: readonly KeyContext[];
  /** Label in the hint bar; bindings without one appear only in the help screen. */
  hint?: string;
  /** How the hint bar shows the keys when it differs from the first key, e.g. `↑↓`. */
  hintKeys?: string;
  help: string;
  /**
   * The action changes the cluster (k9s' Dangerous): the hint bar and the help say so, and a read-only
   * mode would be one filter on this mark.
   */
  changesCluster?: true;
}

const MOVING = ['list', 'filter', 'namespaces', 'containers'] as const;
const EVERYWHERE = ['list', 'filter', 'namespaces', 'containers', 'plan', 'planning', 'starting', 'error', 'help'] as const;

export const KEYMAP = [
  { action: 'up', keys: ['up', 'k'], contexts: ['list', 'containers'], help: 'move up' },
  { action: 'down', keys: ['down', 'j'], contexts: ['list', 'containers'], hint: 'move', hintKeys: '↑↓/jk', help: 'move down' },
  { action: 'up', keys: ['up'], contexts: ['filter', 'namespaces'], help: 'move up' },
  { action: 'down', keys: ['down'], contexts: ['filter', 'namespaces'], hint: 'move', hintKeys: '↑↓', help: 'move down' },
  { action: 'pageUp', keys: ['pageup'], contexts: MOVING, help: 'page up' },
  { action: 'pageDown', keys: ['pagedown'], contexts: MOVING, help: 'page down' },
  { action: 'top', keys: ['g', 'home'], contexts: ['list', 'containers'], help: 'first row' },
  { action: 'bottom', keys: ['G', 'end'], contexts: ['list', 'containers'], help: 'last row' },
  { action: 'select', keys: ['enter'], contexts: ['list', 'filter'], hint: 'debug', help: 'debug the selected pod' },
  { action: 'select', keys: ['enter'], contexts: ['namespaces', 'containers'], hint: 'choose', help: 'choose' },
  { action: 'select', keys: ['enter'], contexts: ['plan'], hint: 'start', help: 'add the debug container and attach', changesCluster: true },
  { action: 'filter', keys: ['/'], contexts: ['list'], hint: 'filter', help: 'fuzzy filter by name' },
  { action: 'clear', keys: ['esc'], contexts: ['filter'], hint: 'clear', help: 'clear the filter' },
  { action: 'clear', keys: ['esc'], contexts: ['list'], help: 'clear the filter' },
  { action: 'backspace', keys: ['backspace'], contexts: ['filter', 'namespaces'], help: 'delete a character' },
  { action: 'toggleAllNamespaces', keys: ['tab'], contexts: ['list'], hint: 'all ns', help: 'toggle all namespaces' },
  { action: 'pickNamespace', keys: ['n'], contexts: ['list'], hint: 'namespace', help: 'pick a namespace' },
  { action: 'toggleDistroless', keys: ['d'], contexts: ['list'], hint: 'distroless', help: 'toggle distroless pods only' },
  { action: 'back', keys: ['esc'], contexts: ['namespaces', 'containers', 'plan', 'planning', 'error'], hint: 'back', help: 'back to the pod list' },
  { action: 'back', keys: ['enter'], contexts: ['error'], help: 'back to the pod list' },
  { action: 'help', keys: ['?'], contexts: ['list', 'containers', 'plan', 'error'], hint: 'help', help: 'show all keys' },
  { action: 'back', keys: ['?', 'esc', 'q'], contexts: ['help'], hint: 'close', hintKeys: 'Esc', help: 'close the help' },
  { action: 'quit', keys: ['q'], contexts: ['list', 'containers', 'plan', 'error'], hint: 'quit', help: 'quit' },
  { action: 'interrupt', keys: ['ctrl+c'], contexts: ['planning', 'starting'], hint: 'cancel and quit', help: 'cancel the session and quit' },
  { action: 'interrupt', keys: ['ctrl+c'], contexts: EVERYWHERE, help: 'quit now (cancels a session in progress)' },
] as const satisfies readonly KeyBinding[];

type KeymapRow = (typeof KEYMAP)[number];

/** The actions some row binds in context C: the reducer must handle each of them there. */
export type ActionsIn<C extends KeyContext> = KeymapRow extends infer Row
  ? Row extends { action: infer A; contexts: readonly (infer In)[] }
    ? C extends In
      ? A
      : never
    : never
  : never;

/** The subset of ink's `Key` the keymap reads. */
export interface KeyInfo {
  upArrow: boolean;
  downArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  home: boolean;
  end: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
}

/** A stable name for a keypress: `up`, `enter`, `ctrl+c`, or the typed character. */
export function keyName(input: string, key: KeyInfo): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return 'tab';
  // Terminals send DEL (0x7f) for the Backspace key; ink reports it as `delete`.
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return `ctrl+${input}`;
  return input;
}

/**
 * The keys in a run of plain characters that arrived in one read of the terminal (a paste, or `/` and a
 * name typed faster than the picker reads): ink reports such a run as one input, and each character is
 * a key of its own. Enter, Tab, Backspace and Ctrl+letter inside the run keep their meaning.
 */
export function pressesOfText(run: string): { key: string; text: string }[] {
  return [...run].map((char) => {
    if (char === '\r' || char === '\n') return { key: 'enter', text: '' };
    if (char === '\t') return { key: 'tab', text: '' };
    if (char === '\u007f' || char === '\b') return { key: 'backspace', text: '' };
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20) return { key: `ctrl+${String.fromCharCode(code + 0x60)}`, text: '' };
    return { key: char, text: char };
  });
}

/** The keymap's rows, widened for lookups. */
export const BINDINGS: readonly KeyBinding[] = KEYMAP;

export function bindingFor(context: KeyContext, name: string): KeyBinding | undefined {
  return BINDINGS.find((b) => b.contexts.includes(context) && b.keys.includes(name));
}

/** Contexts where unbound printable keys are typed into a text field. */
export function acceptsText(context: KeyContext): boolean {
  return context === 'filter' || context === 'namespaces';
}

const KEY_LABELS: Record<string, string> = {
  up: '↑',
  down: '↓',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  esc: 'Esc',
  tab: 'Tab',
  backspace: 'Backspace',
  'ctrl+c': 'Ctrl-C',
};

export function keyLabel(name: string): string {
  return KEY_LABELS[name] ?? name;
}

export interface Hint {
  keys: string;
  label: string;
  /** The row's changesCluster mark: the bar says so. */
  changesCluster?: true;
}

/** What the hint bar and the help add to an action that changes the cluster. */
export const CHANGES_CLUSTER = '(changes the cluster)';

const HINTS = new Map<KeyContext, readonly Hint[]>();

/** The same array for a context every time, so a hint bar is not drawn again while its context stays. */
export function hintsFor(context: KeyContext): readonly Hint[] {
  let hints = HINTS.get(context);
  if (hints === undefined) {
    hints = BINDINGS.filter((b) => b.hint !== undefined && b.contexts.includes(context)).map((b) => ({
      keys: b.hintKeys ?? keyLabel(b.keys[0] ?? ''),
      label: b.hint ?? '',
      ...(b.changesCluster ? { changesCluster: true as const } : {}),
    }));
    HINTS.set(context, hints);
  }
  return hints;
}

export interface HelpLine {
  keys: string;
  help: string;
}

/** Every binding of a context, keys joined: the help screen. */
export function helpFor(context: KeyContext): HelpLine[] {
  return BINDINGS.filter((b) => b.contexts.includes(context)).map((b) => ({
    keys: b.keys.map(keyLabel).join(' '),
    help: b.changesCluster ? `${b.help} ${CHANGES_CLUSTER}` : b.help,
  }));
}
