// Facts about the app container cg-debug targets, read from the pod object alone.
import type { V1Pod } from '@kubernetes/client-node';
import { NotFoundError, UsageError } from './errors.js';
import { holderOf, type HolderFacts } from './holder.js';

/** The user an image's config declares (`User` in the OCI config), as far as it is numeric. */
export interface ImageUser {
  uid?: number;
  gid?: number;
  /** The raw `User` string, e.g. `nonroot` or `65532:65532`; empty when the image sets none (root). */
  raw: string;
}

export type UidSource = 'container' | 'pod' | 'image' | 'unknown';

/** What cg-debug needs to know about the app container it will target. */
export interface TargetFacts {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  /** The runtime's resolved image, from the pod status (`imageID`), when known. */
  imageID?: string;
  uid?: number;
  gid?: number;
  uidSource: UidSource;
  readOnlyRootFilesystem: boolean;
  /** The pod shares one PID namespace: PID 1 is then the pause process, not the app. */
  shareProcessNamespace: boolean;
  running: boolean;
}

export interface DebugContainerInfo {
  name: string;
  image: string;
  target?: string;
  state: 'waiting' | 'running' | 'terminated';
  tty: boolean;
  stdin: boolean;
  /** The debug container's securityContext.runAsUser, when set. */
  runAsUser?: number;
  /** Set when the main process is a holder that shells are exec'd into; absent: an attached shell. */
  holder?: HolderFacts;
  /** The image the runtime runs, with its digest (status imageID). */
  imageID?: string;
  /** RFC 3339 times from the status. */
  startedAt?: string;
  finishedAt?: string;
  /** terminated: the exit code and the runtime's reason (Completed, Error, OOMKilled...). waiting: the reason. */
  exitCode?: number;
  reason?: string;
}

/** How a shell reaches a debug container: exec into its holder, or attach to its main process. */
export type ConnectBy = 'exec' | 'attach';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

// Kept here rather than imported from debug-container.ts so the two modules do not import each other.
const DEBUG_PREFIX = 'cg-debug-';

/** The target's image as it runs: its reference plus the digest the runtime reports, when it has none. */
export function runningImage(facts: Pick<TargetFacts, 'image' | 'imageID'>): string {
  const digest = facts.imageID?.match(/sha256:[0-9a-f]{64}/)?.[0];
  return digest === undefined || facts.image.includes('@') ? facts.image : `${facts.image}@${digest}`;
}

function podName(pod: V1Pod): string {
  return pod.metadata?.name ?? '(unnamed)';
}

function appContainerNames(pod: V1Pod): string[] {
  return (pod.spec?.containers ?? []).map((c) => c.name);
}

function targetHint(names: string[]): string {
  return names.length === 0 ? 'the pod has no app containers' : `choose one with --target ${names.join('|')}`;
}

/** Picks the target container: the requested one, the only one, the default-container annotation. */
export function chooseTargetContainer(pod: V1Pod, requested?: string): string {
  const names = appContainerNames(pod);
  if (requested !== undefined) {
    if (names.includes(requested)) return requested;
    throw new NotFoundError(`pod ${podName(pod)} has no container ${JSON.stringify(requested)}`, { hint: targetHint(names) });
  }
  if (names.length === 1) return names[0] as string;
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (annotated !== undefined && names.includes(annotated)) return annotated;
  throw new UsageError(`pod ${podName(pod)} has ${names.length} containers`, { hint: targetHint(names) });
}

export function targetFacts(pod: V1Pod, container: string, imageUser?: ImageUser): TargetFacts {
  const spec = pod.spec?.containers.find((c) => c.name === container);
  if (spec === undefined) {
    throw new NotFoundError(`pod ${podName(pod)} has no container ${JSON.stringify(container)}`, {
      hint: targetHint(appContainerNames(pod)),
    });
  }
  const containerSc = spec.securityContext;
  const podSc = pod.spec?.securityContext;
  const status = pod.status?.containerStatuses?.find((s) => s.name === container);

  let uid: number | undefined;
  let uidSource: UidSource = 'unknown';
  if (containerSc?.runAsUser !== undefined) {
    uid = containerSc.runAsUser;
    uidSource = 'container';
  } else if (podSc?.runAsUser !== undefined) {
    uid = podSc.runAsUser;
    uidSource = 'pod';
  } else if (imageUser?.uid !== undefined) {
    uid = imageUser.uid;
    uidSource = 'image';
  }
  // The image's group only applies with the image's user: a runAsUser override makes the runtime take
  // that uid's primary group from the image's /etc/passwd, which the pod object does not tell.
  const imageGid = uidSource === 'image' || (uidSource === 'unknown' && imageUser !== undefined) ? imageUser?.gid : undefined;
  const gid = containerSc?.runAsGroup ?? podSc?.runAsGroup ?? imageGid;

  const facts: TargetFacts = {
    namespace: pod.metadata?.namespace ?? 'default',
    pod: podName(pod),
    container,
    image: spec.image ?? '',
    uidSource,
    readOnlyRootFilesystem: containerSc?.readOnlyRootFilesystem ?? false,
    shareProcessNamespace: pod.spec?.shareProcessNamespace ?? false,
    running: status?.state?.running !== undefined,
  };
  if (status?.imageID) facts.imageID = status.imageID;
  if (uid !== undefined) facts.uid = uid;
  if (gid !== undefined) facts.gid = gid;
  return facts;
}

function numericId(part: string): number | undefined {
  if (part === 'root') return 0;
  return /^[0-9]+$/.test(part) ? Number(part) : undefined;
}

/** Parses an OCI config `User` value: `uid`, `uid:gid`, or names (only `root` is known without the image's passwd). */
export function parseImageUser(raw: string | undefined): ImageUser {
  const value = raw?.trim() ?? '';
  // No User in the config: the runtime starts the process as root.
  if (value === '') return { raw: '', uid: 0, gid: 0 };
  const [user = '', group] = value.split(':', 2);
  const out: ImageUser = { raw: value };
  const uid = numericId(user);
  if (uid !== undefined) out.uid = uid;
  const gid = group === undefined || group === '' ? undefined : numericId(group);
  if (gid !== undefined) out.gid = gid;
  return out;
}

/** The pod's cg-debug ephemeral containers with their state. */
export function debugContainersOf(pod: V1Pod): DebugContainerInfo[] {
  const statuses = pod.status?.ephemeralContainerStatuses ?? [];
  return (pod.spec?.ephemeralContainers ?? [])
    .filter((c) => c.name.startsWith(DEBUG_PREFIX) || holderOf(c.command) !== undefined)
    .map((c) => {
      const status = statuses.find((s) => s.name === c.name);
      const state = status?.state;
      const info: DebugContainerInfo = {
        name: c.name,
        image: c.image ?? '',
        state: state?.running ? 'running' : state?.terminated ? 'terminated' : 'waiting',
        tty: c.tty ?? false,
        stdin: c.stdin ?? false,
      };
      if (c.targetContainerName !== undefined) info.target = c.targetContainerName;
      if (c.securityContext?.runAsUser !== undefined) info.runAsUser = c.securityContext.runAsUser;
      const holder = holderOf(c.command);
      if (holder) info.holder = holder;
      if (status?.imageID) info.imageID = status.imageID;
      const startedAt = state?.running?.startedAt ?? state?.terminated?.startedAt;
      if (startedAt) info.startedAt = timeText(startedAt);
      if (state?.terminated) {
        info.exitCode = state.terminated.exitCode;
        if (state.terminated.finishedAt) info.finishedAt = timeText(state.terminated.finishedAt);
        if (state.terminated.reason) info.reason = state.terminated.reason;
      } else if (state?.waiting?.reason) {
        info.reason = state.waiting.reason;
      }
      return info;
    });
}

/** The client-node typings say Date; the objects parsed from JSON hold the API's string. */
function timeText(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString();
}
