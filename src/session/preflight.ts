// The session's permission preflight: the rows of core/permissions.ts asked with access reviews, started
// before the pod is read (those for adding a container once one may be added) and judged by
// sessionVerdict, the rule `doctor` shares; a copy (--copy) asks and is judged by the same table and
// rule. Nothing is changed.
import { PERMISSIONS, reviewQuestion, sessionVerdict, type Permission, type PermissionNeed, type PermissionVerdict } from '../core/permissions.js';
import { canI } from '../kube/access-review.js';
import type { Kube } from '../kube/client.js';

export interface Preflight {
  /** How shells connect (exec, attach where exec is forbidden), or none. */
  connectBy(): Promise<PermissionVerdict['connectBy']>;
  /** The verdict for this run; reuse: a running debug container is reused (nothing is added). */
  verdict(reuse: boolean): Promise<PermissionVerdict>;
  /** Starts the reviews that adding a container needs (patch, follow), unless started: a container may be added. */
  mayAdd(): void;
}

/**
 * Starts the access reviews at once. The pod's own read is not asked (its GET tells), nor the optional
 * namespace read; attach is asked only when a shell finds exec denied, never for a copy. A copy is
 * followed even when reused, so its follow rows are asked with exec; creating it is its adding.
 */
export function startPreflight(
  kube: Kube,
  namespace: string,
  commandMode: boolean,
  signal: AbortSignal,
  options: { adding?: boolean; copy?: boolean } = { adding: true },
): Preflight {
  const copy = options.copy === true;
  const answers = new Map<Permission, boolean | undefined>();
  const ask = (need: PermissionNeed): Promise<void> =>
    Promise.all(
      PERMISSIONS.filter((p) => p.need === need).map(async (p) => {
        answers.set(p, await canI(kube, reviewQuestion(p, namespace), signal));
      }),
    ).then(() => undefined);
  const judge = (reuse: boolean) => sessionVerdict((p) => answers.get(p), { commandMode, reuse, copy });
  const execDenied = () => PERMISSIONS.some((p) => p.need === 'exec' && answers.get(p) === false);
  const connect = Promise.all([ask('exec'), ...(copy ? [ask('follow')] : [])]).then(() => (!commandMode && !copy && execDenied() ? ask('attach') : undefined));
  // Asked at once unless the caller knows a reuse is likely; then when it says a container may be added,
  // or at the verdict for a new one (late, still before anything is changed).
  let adding: Promise<unknown> | undefined;
  const startAdding = () => {
    if (adding) return adding;
    adding = copy ? ask('copy') : Promise.all([ask('patch'), ask('follow')]);
    adding.catch(() => undefined);
    return adding;
  };
  if (options.adding !== false) startAdding();
  connect.catch(() => undefined);
  return {
    async connectBy() {
      await connect;
      return judge(true).connectBy;
    },
    async verdict(reuse) {
      await connect;
      if (!reuse) await startAdding();
      return judge(reuse);
    },
    mayAdd: () => void startAdding(),
  };
}
