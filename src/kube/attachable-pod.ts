import type { V1Pod } from '@kubernetes/client-node';

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function readyCondition(pod: V1Pod) {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

function isReady(pod: V1Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

function time(value: Date | string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

function maxRestarts(pod: V1Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/** -1 when a is the better pod to attach to, as kubectl orders (reverse of controller ActivePods). */
export function compareAttachable(a: V1Pod, b: V1Pod): number {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if ((nodeA === '') !== (nodeB === '')) return nodeA === '' ? 1 : -1;
  const phaseA = PHASE_ORDER[a.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseB - phaseA;
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1;
  if (isReady(a) && isReady(b)) {
    // Ready for longer is better; an unknown ready time counts as just now.
    const readyA = time(readyCondition(a)?.lastTransitionTime) ?? Number.POSITIVE_INFINITY;
    const readyB = time(readyCondition(b)?.lastTransitionTime) ?? Number.POSITIVE_INFINITY;
    if (readyA !== readyB) return readyA < readyB ? -1 : 1;
  }
  const restartsA = maxRestarts(a);
  const restartsB = maxRestarts(b);
  if (restartsA !== restartsB) return restartsA - restartsB;
  const createdA = time(a.metadata?.creationTimestamp) ?? Number.POSITIVE_INFINITY;
  const createdB = time(b.metadata?.creationTimestamp) ?? Number.POSITIVE_INFINITY;
  if (createdA !== createdB) return createdA < createdB ? -1 : 1;
  return 0;
}

/** The pod `kubectl attach deploy/NAME` would pick: scheduled, Running, Ready longest, fewest restarts, oldest. */
export function pickAttachablePod(pods: V1Pod[]): V1Pod | undefined {
  return [...pods].sort(compareAttachable)[0];
}
