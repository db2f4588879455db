import { describe, expect, it } from 'vitest';
import { reattachPlan } from '../../src/tui/reattach.js';
import { makePod } from './support/pods.js';
import { makePlan } from './support/plan.js';

const pod = makePod({
  name: 'web',
  namespace: 'shop',
  debug: [
    { name: 'cg-debug-run01', image: 'cgr.dev/chainguard/nginx:latest-dev', target: 'app', running: true },
    { name: 'cg-debug-old01', image: 'cgr.dev/chainguard/nginx:latest-dev', target: 'app', running: false },
  ],
});

describe('reattachPlan', () => {
  it('points the plan at the chosen running container instead of a new one', () => {
    const plan = reattachPlan(makePlan({ pod }), 'cg-debug-run01');
    expect(plan.reuse).toMatchObject({ name: 'cg-debug-run01', image: 'cgr.dev/chainguard/nginx:latest-dev', state: 'running' });
    expect(plan.container).toBeUndefined();
    expect(plan.patch).toBeUndefined();
  });

  it.each([{ name: 'cg-debug-old01' }, { name: 'cg-debug-gone1' }])('keeps the new container when $name is not running', ({ name }) => {
    const plan = reattachPlan(makePlan({ pod }), name);
    expect(plan.reuse).toBeUndefined();
    expect(plan.container?.name).toBe('cg-debug-abcde');
    expect(plan.warnings).toEqual([`${name} is no longer running; a new debug container will be added instead`]);
  });
});
