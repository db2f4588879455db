// Facts about the app container cg-debug targets, read from the pod object alone.
import type { V1Pod, V1VolumeMount } from '@kubernetes/client-node';
import { NotFoundError, UsageError } from './errors.js';
import { formatImageRef, parseImageRef } from './image-ref.js';
import { launcherImportsEnv } from './launcher.js';

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
}

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
    .filter((c) => c.name.startsWith(DEBUG_PREFIX))
    .map((c) => {
      const state = statuses.find((s) => s.name === c.name)?.state;
      const info: DebugContainerInfo = {
        name: c.name,
        image: c.image ?? '',
        state: state?.running ? 'running' : state?.terminated ? 'terminated' : 'waiting',
        tty: c.tty ?? false,
        stdin: c.stdin ?? false,
      };
      if (c.targetContainerName !== undefined) info.target = c.targetContainerName;
      if (c.securityContext?.runAsUser !== undefined) info.runAsUser = c.securityContext.runAsUser;
      return info;
    });
}

function sameImage(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    return formatImageRef(parseImageRef(a)) === formatImageRef(parseImageRef(b));
  } catch {
    return false;
  }
}

export interface ReuseOptions {
  /** When set, the container must run as this uid: a shell as another user is not what was asked for. */
  runAsUser?: number;
  /** When set, the container must have exactly these volume mounts (none, or --mount-volumes' own). */
  volumeMounts?: V1VolumeMount[];
  /** When set, the container's shell must have (or not have) the target's environment (--env). */
  importEnv?: boolean;
}

const mountKey = (m: V1VolumeMount) => `${m.name}\0${m.mountPath}\0${m.readOnly === true}`;

function sameMounts(pod: V1Pod, container: string, want: V1VolumeMount[]): boolean {
  const have = pod.spec?.ephemeralContainers?.find((c) => c.name === container)?.volumeMounts ?? [];
  const key = (mounts: V1VolumeMount[]) => mounts.map(mountKey).sort().join('\n');
  return key(have) === key(want);
}

/** A running, interactive cg-debug container on the same target with the same image, if any. */
export function findReusable(pod: V1Pod, target: string, image: string, options: ReuseOptions = {}): DebugContainerInfo | undefined {
  // Spec order is creation order, so the last match is the newest.
  return debugContainersOf(pod)
    .filter(
      (c) =>
        c.state === 'running' &&
        c.tty &&
        c.stdin &&
        c.target === target &&
        sameImage(c.image, image) &&
        (options.runAsUser === undefined || c.runAsUser === options.runAsUser) &&
        (options.volumeMounts === undefined || sameMounts(pod, c.name, options.volumeMounts)) &&
        (options.importEnv === undefined ||
          launcherImportsEnv(pod.spec?.ephemeralContainers?.find((e) => e.name === c.name)?.command) === options.importEnv),
    )
    .at(-1);
}
