// The facts `cg-debug ls` and the TUI show about debug containers, from pod objects alone. Pure.
import type { V1Pod } from '@kubernetes/client-node';
import { formatSeconds } from './duration-text.js';
import { COPY_CONTAINER, COPY_OF, COPY_TARGET } from './copy-pod.js';
import { debugContainersOf, type DebugContainerInfo } from './target.js';

export interface DebugRow {
  namespace: string;
  pod: string;
  container: string;
  target: string | null;
  /** The image as the spec names it. */
  image: string;
  /** The digest the runtime runs (from the status imageID), when reported. */
  digest: string | null;
  /** The uid the container runs as, or null for the image's own user. */
  uid: number | null;
  state: 'running' | 'terminated' | 'waiting';
  /** exec: a holder that shells are exec'd into; attach: the shell is the container's main process. */
  connectBy: 'exec' | 'attach';
  /** The holder's time to live in seconds (0: none); null for an attached shell. */
  ttlSeconds: number | null;
  /** Seconds until the holder ends by itself; null when it has no TTL or is not running. */
  ttlLeftSeconds: number | null;
  reason: string | null;
  exitCode: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Seconds since the container started; null before it has. */
  ageSeconds: number | null;
  /** Shells open in it, where counted (running holders); null when unknown. */
  shells: number | null;
  /** Set for a copy's container (`--copy`): the pod it is a copy of; `pod` is then the copy. */
  copyOf?: string;
}

function digestOf(imageID: string | undefined): string | null {
  const match = imageID ? /@(sha256:[0-9a-f]{64})$/.exec(imageID) : null;
  return match?.[1] ?? null;
}

function secondsSince(time: string | undefined, nowMs: number): number | null {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms) ? null : Math.max(0, Math.floor((nowMs - ms) / 1000));
}

function rowOf(pod: V1Pod, info: DebugContainerInfo, nowMs: number): DebugRow {
  const age = secondsSince(info.startedAt, nowMs);
  const ttl = info.holder?.ttlSeconds;
  const ttlLeft = info.state === 'running' && ttl !== undefined && ttl > 0 && age !== null ? Math.max(0, ttl - age) : null;
  return {
    namespace: pod.metadata?.namespace ?? '',
    pod: pod.metadata?.name ?? '',
    container: info.name,
    target: info.target ?? null,
    image: info.image,
    digest: digestOf(info.imageID),
    uid: info.runAsUser ?? null,
    state: info.state,
    connectBy: info.holder ? 'exec' : 'attach',
    ttlSeconds: ttl ?? null,
    ttlLeftSeconds: ttlLeft,
    reason: info.reason ?? null,
    exitCode: info.exitCode ?? null,
    startedAt: info.startedAt ?? null,
    finishedAt: info.finishedAt ?? null,
    ageSeconds: age,
    shells: null,
  };
}

/** The clock-free facts of a debug container, for views that add the time themselves (the TUI). */
export interface DebugFacts {
  uid: number | null;
  connectBy: 'exec' | 'attach';
  ttlSeconds: number | null;
  /** Milliseconds since the epoch; null before it started. */
  startedAt: number | null;
}

export function debugFacts(info: DebugContainerInfo): DebugFacts {
  const started = info.startedAt ? Date.parse(info.startedAt) : NaN;
  return {
    uid: info.runAsUser ?? null,
    connectBy: info.holder ? 'exec' : 'attach',
    ttlSeconds: info.holder?.ttlSeconds ?? null,
    startedAt: Number.isNaN(started) ? null : started,
  };
}

/** `uid 65532, 42m left, up 18m` for a running container at `nowMs`, as `ls` would show it. */
export function runningSummary(facts: DebugFacts, nowMs: number): string {
  const age = facts.startedAt === null ? null : Math.max(0, Math.floor((nowMs - facts.startedAt) / 1000));
  const row: DebugRow = {
    namespace: '',
    pod: '',
    container: '',
    target: null,
    image: '',
    digest: null,
    uid: facts.uid,
    state: 'running',
    connectBy: facts.connectBy,
    ttlSeconds: facts.ttlSeconds,
    ttlLeftSeconds: facts.ttlSeconds && age !== null ? Math.max(0, facts.ttlSeconds - age) : null,
    reason: null,
    exitCode: null,
    startedAt: null,
    finishedAt: null,
    ageSeconds: age,
    shells: null,
  };
  const state = stateText(row).replace(/^running(, | )?/, '');
  return [userText(row), state, age === null ? '' : `up ${formatSeconds(age)}`].filter((s) => s !== '').join(', ');
}

/** One row per cg-debug container of the pods, in the pods' order and each pod's creation order. */
export function debugRows(pods: readonly V1Pod[], nowMs: number): DebugRow[] {
  return pods.flatMap((pod) => debugContainersOf(pod).map((info) => rowOf(pod, info, nowMs)));
}

/**
 * One row per copy (`--copy`): its container shells go into, described as an ephemeral debug container
 * is (the same holder, user, state and TTL), marked with the pod it copies.
 */
export function copyRows(copies: readonly V1Pod[], nowMs: number): DebugRow[] {
  return copies.flatMap((copy) => {
    const annotations = copy.metadata?.annotations ?? {};
    const name = annotations[COPY_CONTAINER];
    const container = copy.spec?.containers.find((c) => c.name === name);
    const original = annotations[COPY_OF];
    if (!container || original === undefined) return [];
    const target = annotations[COPY_TARGET];
    // The copy's container, seen as the ephemeral container it stands in for, reads the same way (its
    // command is the holder, so debugContainersOf takes it whatever its name).
    const asEphemeral: V1Pod = {
      metadata: copy.metadata ?? {},
      spec: { containers: [], ephemeralContainers: [{ ...container, name: container.name, ...(target ? { targetContainerName: target } : {}) }] },
      status: { ephemeralContainerStatuses: (copy.status?.containerStatuses ?? []).filter((s) => s.name === container.name) },
    };
    return debugContainersOf(asEphemeral).map((info) => ({ ...rowOf(copy, info, nowMs), copyOf: original }));
  });
}

/** The state column: `running, 42m left`, `running, no ttl`, `terminated: Completed (exit 0)`, `waiting: ErrImagePull`. */
export function stateText(row: DebugRow): string {
  if (row.state === 'running') {
    if (row.connectBy === 'attach') return 'running (attached shell)';
    if (row.ttlSeconds === 0) return 'running, no ttl';
    return row.ttlLeftSeconds === null ? 'running' : `running, ${formatSeconds(row.ttlLeftSeconds)} left`;
  }
  if (row.state === 'terminated') return `terminated: ${row.reason ?? 'unknown'} (exit ${row.exitCode ?? '?'})`;
  return `waiting${row.reason ? `: ${row.reason}` : ''}`;
}

/** The user column: `uid 65532`, `root`, or the image's own user. */
export function userText(row: DebugRow): string {
  if (row.uid === null) return "image's user";
  return row.uid === 0 ? 'root' : `uid ${row.uid}`;
}
