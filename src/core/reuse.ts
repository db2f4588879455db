// Reattaching instead of adding: ephemeral containers can never be removed, so a running cg-debug
// container is reused, but only when it is exactly the container this run would add. Anyone who can
// patch pods/ephemeralcontainers can plant a `cg-debug-*` container; matching on name, target and
// image alone put a `--profile restricted` shell into a planted privileged one.
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { formatImageRef, parseImageRef } from './image-ref.js';
import { debugContainersOf, type DebugContainerInfo } from './target.js';

// Set by the API server's defaulting, never by our builder: their values say nothing about intent.
const SERVER_DEFAULTED = new Set(['name', 'imagePullPolicy', 'terminationMessagePath', 'terminationMessagePolicy']);
// Plain (non-pointer) booleans of the container: the API server never returns them false, only absent.
// Pointer booleans such as securityContext.allowPrivilegeEscalation are not here: unset means true there.
const PLAIN_BOOLEANS = new Set(['stdin', 'stdinOnce', 'tty']);

/**
 * A value with unset members removed: the client's objects carry every field (unset ones undefined),
 * and the API server writes empty structs such as `resources: {}`. Empty means unset.
 */
function pruned(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => pruned(v) ?? null);
  if (value === null || typeof value !== 'object') return value ?? undefined;
  const entries = Object.entries(value)
    .map(([k, v]) => [k, pruned(v)] as const)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

function canonical(value: unknown): string {
  return JSON.stringify(pruned(value) ?? null);
}

function sameImage(a: string | undefined, b: string | undefined): boolean {
  if (a === b) return true;
  try {
    return formatImageRef(parseImageRef(a ?? '')) === formatImageRef(parseImageRef(b ?? ''));
  } catch {
    return false;
  }
}

/**
 * The fields in which a running container differs from the one this run would build (name aside), or
 * none. Field names only: the values came from the cluster and are not worth echoing.
 */
export function specDifferences(existing: V1EphemeralContainer, wanted: V1EphemeralContainer): string[] {
  const have: Record<string, unknown> = { ...existing };
  const want: Record<string, unknown> = { ...wanted };
  const fields = new Set([...Object.keys(have), ...Object.keys(want)]);
  const differing: string[] = [];
  for (const field of [...fields].sort()) {
    if (SERVER_DEFAULTED.has(field)) continue;
    const a = PLAIN_BOOLEANS.has(field) ? have[field] || undefined : have[field];
    const b = PLAIN_BOOLEANS.has(field) ? want[field] || undefined : want[field];
    const same = field === 'image' ? sameImage(a as string | undefined, b as string | undefined) : canonical(a) === canonical(b);
    if (!same) differing.push(field);
  }
  return differing;
}

/** `its securityContext, command differ from this run's`: why a container is not reattached. */
export function differenceReason(differing: readonly string[]): string {
  return `its ${differing.join(', ')} differ${differing.length === 1 ? 's' : ''} from this run's`;
}

export interface ReuseChoice {
  /**
   * The newest running container identical to `wanted`, else the newest identical holder that is still
   * starting (a run that exec'd early ended before the pod status said running), if any.
   */
  reuse?: DebugContainerInfo;
  /** Running cg-debug containers on the same target that were passed over, and why. */
  passedOver: { name: string; why: string }[];
}

/**
 * The cg-debug container the user picked to reattach, when it runs and its whole spec is `wanted`'s
 * (what this run would add); else why not.
 */
export function choosePicked(pod: V1Pod, wanted: V1EphemeralContainer, name: string): { reuse: DebugContainerInfo } | { why: string } {
  const info = debugContainersOf(pod).find((d) => d.name === name);
  if (info === undefined || info.state !== 'running') return { why: `${name} is no longer running` };
  const picked = pod.spec?.ephemeralContainers?.find((c) => c.name === name);
  const differing = picked ? specDifferences(picked, wanted) : ['spec'];
  return differing.length === 0 ? { reuse: info } : { why: `not reattaching ${name}: ${differenceReason(differing)}` };
}

// The kubelet's reasons while a container is on its way to running; any other is a failure.
const STARTING_REASONS = new Set([undefined, 'Pending', 'ContainerCreating']);

/** Still on its way to running: no status yet, or waiting for a reason that is not a failure. */
function starting(info: DebugContainerInfo): boolean {
  return info.state === 'waiting' && STARTING_REASONS.has(info.reason);
}

/** Picks a running cg-debug container on `wanted`'s target whose whole spec is `wanted`'s. */
export function chooseReusable(pod: V1Pod, wanted: V1EphemeralContainer): ReuseChoice {
  const specs = new Map((pod.spec?.ephemeralContainers ?? []).map((c) => [c.name, c]));
  const passedOver: ReuseChoice['passedOver'] = [];
  let reuse: DebugContainerInfo | undefined;
  let startingHolder: DebugContainerInfo | undefined;
  // Spec order is creation order, so the last match is the newest.
  for (const info of debugContainersOf(pod)) {
    const spec = specs.get(info.name);
    if (spec === undefined || info.target !== wanted.targetContainerName) continue;
    if (info.state !== 'running') {
      // Only a holder: shells are exec'd into it, so it serves this run whenever it starts.
      if (info.holder && starting(info) && specDifferences(spec, wanted).length === 0) startingHolder = info;
      continue;
    }
    const differing = specDifferences(spec, wanted);
    if (differing.length === 0) reuse = info;
    else passedOver.push({ name: info.name, why: differenceReason(differing) });
  }
  const chosen = reuse ?? startingHolder;
  return chosen ? { reuse: chosen, passedOver } : { passedOver };
}
