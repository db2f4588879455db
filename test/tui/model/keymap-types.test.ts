// The keymap's rows type the reducer's handler table: ActionsIn<C> is what a context must handle. These
// assignments are checked by `npm run typecheck` (tsconfig includes test/); the runtime part checks the
// rows the type is derived from, and the changesCluster mark the hint bar and help show.
import { describe, expect, it } from 'vitest';
import { BINDINGS, CHANGES_CLUSTER, helpFor, hintsFor, type ActionsIn } from '../../../src/tui/model/keymap.js';

// Bound on the plan screen: these must be handled there.
const planActions: ActionsIn<'plan'>[] = ['select', 'back', 'help', 'quit', 'interrupt'];
// @ts-expect-error no row binds `up` on the plan screen, so no handler is asked for it.
const notOnPlan: ActionsIn<'plan'> = 'up';

describe('keymap', () => {
  it('the typed actions are the rows of each context', () => {
    expect(new Set(BINDINGS.filter((b) => b.contexts.includes('plan')).map((b) => b.action))).toEqual(new Set(planActions));
    expect(BINDINGS.some((b) => b.action === notOnPlan && b.contexts.includes('plan'))).toBe(false);
  });

  it('only Enter on the plan screen changes the cluster, and its hint and help say so', () => {
    expect(BINDINGS.filter((b) => b.changesCluster).map((b) => `${b.action} ${b.contexts.join(',')}`)).toEqual(['select plan']);
    expect(hintsFor('plan')[0]).toEqual({ keys: 'Enter', label: 'start', changesCluster: true });
    expect(helpFor('plan')[0]?.help).toBe(`add the debug container and attach ${CHANGES_CLUSTER}`);
    expect(hintsFor('list').some((h) => h.changesCluster)).toBe(false);
  });
});
