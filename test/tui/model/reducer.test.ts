import { describe, expect, it } from 'vitest';
import { initialState, keyContext, namespaceChoices, reducer } from '../../../src/tui/model/reducer.js';
import { createRowDeriver, type PodRow } from '../../../src/tui/model/pod-rows.js';
import { BINDINGS, type KeyAction } from '../../../src/tui/model/keymap.js';
import type { TuiAction, TuiState } from '../../../src/tui/model/state.js';
import { makePod, type PodSpecInput } from '../support/pods.js';
import { makePlan } from '../support/plan.js';
import { DEFAULT_IMAGE_MAPPING } from '../../../src/core/dev-image.js';

const derive = createRowDeriver(DEFAULT_IMAGE_MAPPING);
const row = (input: PodSpecInput): PodRow => derive(makePod({ namespace: 'shop', ...input }));
const viewport = { columns: 100, rows: 10 }; // 5 list rows

function start(rows: PodRow[], over: Partial<TuiState> = {}): TuiState {
  const state = { ...initialState({ namespace: 'shop', allNamespaces: false, yes: false, viewport }), ...over };
  return reducer(state, { type: 'podsReset', scope: state.allNamespaces ? '*' : state.namespace, rows });
}

/** The first key bound to `action` where the state is: what a user would press. */
function keyFor(state: TuiState, action: KeyAction): string {
  const binding = BINDINGS.find((b) => b.action === action && b.contexts.includes(keyContext(state)));
  if (!binding) throw new Error(`no key does ${action} in ${keyContext(state)}`);
  return binding.keys[0] as string;
}

/** Actions as the app dispatches them: key presses (by the action they are bound to) and typed text. */
function run(state: TuiState, ...actions: (TuiAction | KeyAction | string)[]): TuiState {
  return actions.reduce<TuiState>((s, a) => {
    if (typeof a !== 'string') return reducer(s, a);
    if (!a.startsWith('text:')) return reducer(s, { type: 'press', key: keyFor(s, a as KeyAction), text: '' });
    // Typed text arrives as ink delivers a paste: one input.
    return reducer(s, { type: 'press', key: a.slice(5), text: a.slice(5) });
  }, state);
}

const names = (s: TuiState): string[] => s.view.rows.map((r) => r.name);
const selected = (s: TuiState): string | undefined => s.view.rows[s.cursor]?.name;
const many = (n: number): PodRow[] => Array.from({ length: n }, (_, i) => row({ name: `pod-${String(i).padStart(2, '0')}` }));

describe('list navigation', () => {
  it.each([
    { name: 'down moves one', keys: ['down'], want: 'pod-01' },
    { name: 'up stops at the top', keys: ['up', 'up'], want: 'pod-00' },
    { name: 'pageDown moves a page', keys: ['pageDown'], want: 'pod-05' },
    { name: 'bottom', keys: ['bottom'], want: 'pod-19' },
    { name: 'down stops at the bottom', keys: ['bottom', 'down'], want: 'pod-19' },
    { name: 'top after bottom', keys: ['bottom', 'top'], want: 'pod-00' },
    { name: 'pageUp from the middle', keys: ['pageDown', 'pageDown', 'pageUp'], want: 'pod-05' },
  ])('$name', ({ keys, want }) => {
    expect(selected(run(start(many(20)), ...keys))).toBe(want);
  });

  it('scrolls so the cursor stays visible', () => {
    const s = run(start(many(20)), 'pageDown', 'pageDown');
    expect(s.cursor).toBe(10);
    expect(s.top).toBe(6);
    expect(run(s, 'top').top).toBe(0);
  });

  it('keeps the cursor on the same pod while pods are added before it', () => {
    const s = run(start(many(20)), 'down', 'down');
    expect(selected(s)).toBe('pod-02');
    const added = reducer(s, { type: 'podsChanged', scope: 'shop', upserts: [row({ name: 'pod-00a' }), row({ name: 'a' })], deletes: [] });
    expect(selected(added)).toBe('pod-02');
    expect(added.cursor).toBe(4);
  });

  it('applies a large batch (a list page) in one sort with the same result', () => {
    const s = start(many(3));
    const page = Array.from({ length: 300 }, (_, i) => row({ name: `page-${String(i).padStart(3, '0')}` }));
    const next = reducer(s, { type: 'podsChanged', scope: 'shop', upserts: page, deletes: ['shop-pod-01'] });
    expect(names(next)).toEqual([...page.map((r) => r.name), 'pod-00', 'pod-02']);
    expect(selected(next)).toBe('pod-00');
  });

  it('moves to the neighbour when the selected pod goes away', () => {
    const s = run(start(many(5)), 'down', 'down');
    const gone = reducer(s, { type: 'podsChanged', scope: 'shop', upserts: [], deletes: ['shop-pod-02'] });
    expect(names(gone)).toEqual(['pod-00', 'pod-01', 'pod-03', 'pod-04']);
    expect(selected(gone)).toBe('pod-03');
  });

  it('ignores events from a previous namespace scope', () => {
    const s = start(many(2));
    const stale = reducer(s, { type: 'podsChanged', scope: 'other', upserts: [row({ name: 'x' })], deletes: [] });
    expect(stale).toBe(s);
  });

  it('puts distroless pods first and d shows only them', () => {
    const s = start([row({ name: 'a-plain', image: 'nginx:1.25' }), row({ name: 'z-cg', image: 'cgr.dev/chainguard/nginx' })]);
    expect(names(s)).toEqual(['z-cg', 'a-plain']);
    expect(names(run(s, 'toggleDistroless'))).toEqual(['z-cg']);
    expect(names(run(s, 'toggleDistroless', 'toggleDistroless'))).toEqual(['z-cg', 'a-plain']);
  });
});

describe('filter', () => {
  const pods = [row({ name: 'api-server' }), row({ name: 'web' }), row({ name: 'worker' }), row({ name: 'app' })];

  it.each([
    { name: 'typing narrows and ranks', input: ['filter', 'text:ap'], want: ['api-server', 'app'] },
    { name: 'best match first', input: ['filter', 'text:ap'], want: ['api-server', 'app'] },
    { name: 'word start beats a scattered match', input: ['filter', 'text:as'], want: ['api-server'] },
    { name: 'backspace widens', input: ['filter', 'text:wo', 'backspace'], want: ['web', 'worker'] },
    { name: 'Esc clears', input: ['filter', 'text:wo', 'clear'], want: ['api-server', 'app', 'web', 'worker'] },
    { name: 'no match, empty list', input: ['filter', 'text:zzz'], want: [] },
    { name: 'control characters are not typed', input: ['filter', 'text:w\u001b[2Jo'], want: ['worker'] },
  ])('$name', ({ input, want }) => {
    expect(names(run(start(pods), ...input))).toEqual(want);
  });

  it.each([
    { name: 'bound key in the list', presses: [['j', 'j']], want: { filtering: false, cursor: 1 } },
    { name: 'same key is text while filtering', presses: [['/', '/'], ['j', 'j']], want: { filtering: true, filter: 'j' } },
    { name: 'unbound key in the list is ignored', presses: [['x', 'x']], want: { filtering: false, filter: '' } },
    { name: 'ctrl+c quits while filtering', presses: [['/', '/'], ['ctrl+c', '']], want: { outcome: { kind: 'quit', exitCode: 130 } } },
  ])('raw keypress: $name', ({ presses, want }) => {
    const s = presses.reduce((st, [key, text]) => reducer(st, { type: 'press', key: key ?? '', text: text ?? '' }), start(pods));
    expect(s).toMatchObject(want);
  });

  it('typed keys go to the filter, not to the keymap', () => {
    const s = run(start(pods), 'filter');
    expect(keyContext(s)).toBe('filter');
    expect(keyContext(run(s, 'clear'))).toBe('list');
  });

  it('selects the best match', () => {
    const s = run(start(pods), 'filter', 'text:wk');
    expect(selected(s)).toBe('worker');
    expect(s.view.scores.has('shop-worker')).toBe(true);
  });

  it('a longer filter narrows the previous matches to the same result as filtering from scratch', () => {
    const typed = run(start(pods), 'filter', 'text:a', 'text:p', 'text:i');
    const pasted = run(start(pods), 'filter', 'text:api');
    expect(names(typed)).toEqual(names(pasted));
    expect(names(run(typed, 'backspace', 'backspace'))).toEqual(names(run(start(pods), 'filter', 'text:a')));
  });

  it('equal scores keep the list order while the filter narrows', () => {
    const tied = [row({ name: 'web-3' }), row({ name: 'web-1' }), row({ name: 'web-2' }), row({ name: 'db' })];
    expect(names(run(start(tied), 'filter', 'text:w', 'text:e'))).toEqual(['web-1', 'web-2', 'web-3']);
  });

  it('a matching pod created while filtering appears in rank order', () => {
    const s = run(start(pods), 'filter', 'text:ap');
    const next = reducer(s, { type: 'podsChanged', scope: 'shop', upserts: [row({ name: 'app-2' }), row({ name: 'zzz' })], deletes: [] });
    expect(names(next)).toEqual(['api-server', 'app', 'app-2']);
  });

  it('matches namespace/name when all namespaces are listed', () => {
    const s = start([row({ name: 'a', namespace: 'kube-system' }), row({ name: 'b', namespace: 'shop' })], { allNamespaces: true });
    expect(names(run(s, 'filter', 'text:kub/a'))).toEqual(['a']);
  });
});

describe('namespaces', () => {
  it('Tab toggles all namespaces and reloads the list', () => {
    const s = run(start(many(3)), 'toggleAllNamespaces');
    expect(s.allNamespaces).toBe(true);
    expect(s.watch).toEqual({ kind: 'loading' });
    expect(s.view.rows).toEqual([]);
    expect(reducer(s, { type: 'podsReset', scope: '*', rows: many(2) }).view.rows).toHaveLength(2);
  });

  it('keeps the selected pod when it arrives in a later list page than the first (a scope switch, a relist)', () => {
    // The server's first page need not hold the selected pod: it comes with a later page of the same list.
    const s = run(start(many(10)), 'down', 'down', 'down', 'down', 'down', 'down', 'down');
    expect(selected(s)).toBe('pod-07');
    const rows = many(10);
    const switched = run(s, 'toggleAllNamespaces');
    const first = reducer(switched, { type: 'podsReset', scope: '*', rows: rows.slice(0, 3), more: true });
    const all = reducer(first, { type: 'podsChanged', scope: '*', upserts: rows.slice(3), deletes: [], more: false });
    expect(selected(all)).toBe('pod-07');
    // A relist (410 Gone) starts again from a first page that replaces the list.
    const relisted = reducer(all, { type: 'podsReset', scope: '*', rows: rows.slice(0, 3), more: true });
    const again = reducer(relisted, { type: 'podsChanged', scope: '*', upserts: rows.slice(3), deletes: [], more: false });
    expect(selected(again)).toBe('pod-07');
  });

  it('moves to a neighbour once the whole list is in without the selected pod', () => {
    const s = run(start(many(10)), 'down', 'down', 'down', 'down', 'down', 'down', 'down');
    const rows = many(10).filter((r) => r.name !== 'pod-07');
    const first = reducer(s, { type: 'podsReset', scope: 'shop', rows: rows.slice(0, 3), more: true });
    const all = reducer(first, { type: 'podsChanged', scope: 'shop', upserts: rows.slice(3), deletes: [], more: false });
    expect(all.view.rows[all.cursor]?.uid).toBe(all.selectedUid);
    expect(selected(all)).toBe('pod-02');
  });

  it('n opens the picker; typing filters; Enter switches namespace', () => {
    let s = run(start(many(3)), 'pickNamespace');
    expect(keyContext(s)).toBe('namespaces');
    s = reducer(s, { type: 'namespacesLoaded', names: ['default', 'kube-system', 'shop', 'staging'] });
    s = run(s, 'text:st', 'select');
    expect(s.namespace).toBe('staging');
    expect(s.screen.kind).toBe('list');
    expect(s.allNamespaces).toBe(false);
  });

  it('a typed name that is not listed can still be chosen', () => {
    const s = run(start([]), 'pickNamespace', { type: 'namespacesLoaded', names: ['default'] }, 'text:secret-ns', 'select');
    expect(s.namespace).toBe('secret-ns');
  });

  it('falls back to known namespaces when listing them is forbidden', () => {
    const s = run(start([row({ name: 'a', namespace: 'b-ns' })], { allNamespaces: true }), 'pickNamespace', {
      type: 'namespacesFailed',
      message: 'forbidden',
    });
    expect(s.screen).toMatchObject({ kind: 'namespaces', names: ['b-ns', 'shop'], loadError: 'forbidden' });
  });

  it.each([
    { filter: '', want: ['default', 'kube-system', 'shop'] },
    { filter: 'ks', want: ['kube-system'] },
    { filter: 's', want: ['shop', 'kube-system'] },
  ])('namespaceChoices($filter)', ({ filter, want }) => {
    expect(namespaceChoices(['default', 'kube-system', 'shop'], filter)).toEqual(want);
  });
});

describe('selecting a pod', () => {
  const two = row({
    name: 'two',
    containers: [
      { name: 'sidecar', image: 'nginx' },
      { name: 'main', image: 'cgr.dev/chainguard/go' },
    ],
    defaultContainer: 'main',
    debug: [
      { name: 'cg-debug-aaaaa', image: 'cgr.dev/chainguard/go:latest-dev', target: 'main', running: true },
      { name: 'cg-debug-bbbbb', image: 'cgr.dev/chainguard/go:latest-dev', target: 'main', running: false },
    ],
  });

  it('a single-container pod goes straight to planning', () => {
    const s = run(start([row({ name: 'web' })]), 'select');
    expect(s.screen).toEqual({ kind: 'planning', choice: { namespace: 'shop', pod: 'web', target: 'app' }, steps: [] });
    expect(s.session).toBe(1);
  });

  it('a multi-container pod opens the picker on the default container, with running debug containers', () => {
    const s = run(start([two]), 'select');
    expect(s.screen).toMatchObject({
      kind: 'containers',
      cursor: 1,
      items: [
        { kind: 'app', name: 'sidecar', isDefault: false },
        { kind: 'app', name: 'main', isDefault: true },
        { kind: 'debug', name: 'cg-debug-aaaaa', target: 'main' },
      ],
    });
  });

  it.each([
    { name: 'default container', keys: ['select'], want: { namespace: 'shop', pod: 'two', target: 'main' } },
    { name: 'another container', keys: ['up', 'select'], want: { namespace: 'shop', pod: 'two', target: 'sidecar' } },
    {
      name: 'reattach',
      keys: ['bottom', 'select'],
      want: { namespace: 'shop', pod: 'two', target: 'main', reattach: 'cg-debug-aaaaa' },
    },
  ])('picker: $name', ({ keys, want }) => {
    const s = run(start([two]), 'select', ...keys);
    expect(s.screen).toMatchObject({ kind: 'planning', choice: want });
  });

  it('Esc in the picker goes back to the list', () => {
    expect(run(start([two]), 'select', 'back').screen).toEqual({ kind: 'list' });
  });
});

describe('session screens', () => {
  const plan = makePlan();
  const planning = (yes = false): TuiState => run(start([row({ name: 'web' })], { yes }), 'select');
  const step = { id: 'pod' as const, status: 'start' as const, message: 'finding pod', at: 1 };

  it('steps accumulate; a plan opens the plan screen', () => {
    const s = run(planning(), { type: 'step', session: 1, step }, { type: 'planned', session: 1, plan });
    expect(s.screen).toMatchObject({ kind: 'plan', plan, steps: [step] });
  });

  it('--yes skips the plan screen', () => {
    expect(run(planning(true), { type: 'planned', session: 1, plan }).screen.kind).toBe('starting');
  });

  it('Enter on the plan starts; started ends the UI with the outcome', () => {
    const s = run(planning(), { type: 'planned', session: 1, plan }, 'select');
    expect(s.screen.kind).toBe('starting');
    const started = { container: 'cg-debug-abcde', reused: false, connectBy: 'exec' as const };
    const sessionRun = { started, connect: async () => 0 };
    const done = reducer(s, { type: 'started', session: 1, run: sessionRun });
    expect(done.outcome).toEqual({ kind: 'started', choice: { namespace: 'shop', pod: 'web', target: 'app' }, plan, run: sessionRun });
  });

  it('Esc on the plan returns to the list and drops the stale session', () => {
    const s = run(planning(), { type: 'planned', session: 1, plan }, 'back');
    expect(s.screen.kind).toBe('list');
    expect(reducer(s, { type: 'planned', session: 1, plan })).toBe(s);
  });

  it('an error shows message and hint; Enter goes back to the list', () => {
    const error = { message: 'pods "web" is forbidden', hint: 'ask for patch pods/ephemeralcontainers', exitCode: 69 };
    const s = run(planning(), { type: 'failed', session: 1, error });
    expect(s.screen).toMatchObject({ kind: 'error', error });
    expect(keyContext(s)).toBe('error');
    expect(run(s, 'back').screen.kind).toBe('list');
  });

  it('results of another session are ignored', () => {
    const s = planning();
    expect(reducer(s, { type: 'planned', session: 7, plan })).toBe(s);
  });
});

describe('quitting and help', () => {
  it.each([
    { name: 'q quits with 0', actions: ['quit'] as KeyAction[], want: 0 },
    { name: 'Ctrl-C quits with 130', actions: ['interrupt'] as KeyAction[], want: 130 },
    { name: 'Ctrl-C while filtering', actions: ['filter', 'interrupt'] as KeyAction[], want: 130 },
  ])('$name', ({ actions, want }) => {
    expect(run(start(many(1)), ...actions).outcome).toEqual({ kind: 'quit', exitCode: want });
  });


  it('? opens help; its close key returns', () => {
    const s = run(start(many(1)), 'help');
    expect(keyContext(s)).toBe('help');
    expect(run(s, 'back').help).toBe(false);
  });

  it('nothing changes once an outcome is set', () => {
    const s = run(start(many(3)), 'quit');
    expect(run(s, 'down')).toBe(s);
  });
});

describe('resize', () => {
  it('keeps the cursor visible when the terminal shrinks', () => {
    const s = run(start(many(30)), 'pageDown', 'pageDown', 'pageDown');
    expect(s.cursor).toBe(15);
    const small = reducer(s, { type: 'resize', viewport: { columns: 80, rows: 7 } });
    expect(small.cursor - small.top).toBeLessThan(2);
    expect(small.cursor).toBeGreaterThanOrEqual(small.top);
  });
});
