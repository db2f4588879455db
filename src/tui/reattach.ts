// Reattaching a cg-debug container the user picked: the session plans as usual, then the plan is
// pointed at that container instead of a new one (startDebug then only reports the reuse), but only
// when the picked container is exactly what the plan would add; otherwise the new one stays, and why.
import type { V1EphemeralContainer } from '@kubernetes/client-node';
import { debugContainersOf } from '../core/target.js';
import { differenceReason, specDifferences } from '../core/reuse.js';
import type { DebugPlan } from '../session/debug-session.js';

/** The container this plan stands for: the one it would add, or the identical one it already reuses. */
function wantedContainer(plan: DebugPlan): V1EphemeralContainer | undefined {
  if (plan.container) return plan.container;
  return plan.pod.spec?.ephemeralContainers?.find((c) => c.name === plan.reuse?.name);
}

export function reattachPlan(plan: DebugPlan, name: string): DebugPlan {
  const info = debugContainersOf(plan.pod).find((d) => d.name === name);
  if (info === undefined || info.state !== 'running') {
    return { ...plan, warnings: [...plan.warnings, `${name} is no longer running; a new debug container will be added instead`] };
  }
  const picked = plan.pod.spec?.ephemeralContainers?.find((c) => c.name === name);
  const wanted = wantedContainer(plan);
  const differing = picked && wanted ? specDifferences(picked, wanted) : ['spec'];
  if (differing.length > 0) {
    const instead = plan.reuse ? `reattaching ${plan.reuse.name} instead` : 'a new debug container will be added instead';
    return { ...plan, warnings: [...plan.warnings, `not reattaching ${name}: ${differenceReason(differing)}; ${instead}`] };
  }
  const reused: DebugPlan = { ...plan, reuse: info };
  delete reused.container;
  delete reused.patch;
  return reused;
}
