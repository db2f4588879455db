// Reattaching a cg-debug container the user picked: the session plans as usual, then the plan is
// pointed at that container instead of a new one (startDebug then only reports the reuse).
import { debugContainersOf } from '../core/target.js';
import type { DebugPlan } from '../session/debug-session.js';

export function reattachPlan(plan: DebugPlan, name: string): DebugPlan {
  const info = debugContainersOf(plan.pod).find((d) => d.name === name);
  if (info === undefined || info.state !== 'running') {
    return { ...plan, warnings: [...plan.warnings, `${name} is no longer running; a new debug container will be added instead`] };
  }
  const reused: DebugPlan = { ...plan, reuse: info };
  delete reused.container;
  delete reused.patch;
  return reused;
}
