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

// The container the plan would add: the same spec as the running ones above, but for the name.
const container = { name: 'cg-debug-abcde', image: 'cgr.dev/chainguard/nginx:latest-dev', stdin: true, tty: true, targetContainerName: 'app' };

describe('reattachPlan', () => {
  it('points the plan at the chosen running container instead of a new one', () => {
    const plan = reattachPlan(makePlan({ pod, container }), 'cg-debug-run01');
    expect(plan.reuse).toMatchObject({ name: 'cg-debug-run01', image: 'cgr.dev/chainguard/nginx:latest-dev', state: 'running' });
    expect(plan.container).toBeUndefined();
    expect(plan.patch).toBeUndefined();
  });

  it.each([{ name: 'cg-debug-old01' }, { name: 'cg-debug-gone1' }])('keeps the new container when $name is not running', ({ name }) => {
    const plan = reattachPlan(makePlan({ pod, container }), name);
    expect(plan.reuse).toBeUndefined();
    expect(plan.container?.name).toBe('cg-debug-abcde');
    expect(plan.warnings).toEqual([`${name} is no longer running; a new debug container will be added instead`]);
  });

  it('keeps the new container when the picked one is not what this run would add', () => {
    const planted = makePod({ name: 'web', namespace: 'shop', debug: [{ name: 'cg-debug-plant', image: 'cgr.dev/chainguard/nginx:latest-dev', target: 'app', running: true }] });
    const spec = planted.spec?.ephemeralContainers?.[0];
    if (spec) spec.securityContext = { privileged: true };
    const plan = reattachPlan(makePlan({ pod: planted, container }), 'cg-debug-plant');
    expect(plan.reuse).toBeUndefined();
    expect(plan.container?.name).toBe('cg-debug-abcde');
    expect(plan.warnings).toEqual(["not reattaching cg-debug-plant: its securityContext differs from this run's; a new debug container will be added instead"]);
  });
});
