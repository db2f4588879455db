// `cg-debug POD --copy`: a new pod made from a pod whose app cannot run (CrashLoopBackOff, Error, a
// command that fails at start). Its app container runs the app image's -dev sibling with the app's
// command held back by the holder, so the app can be started by hand, in the same files, env, volumes
// and service account. Pure: the session reads the pod and the registry, and creates what this builds.
import type { V1Container, V1LabelSelector, V1Pod, V1SecurityContext, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { formatSeconds } from './duration-text.js';
import { UsageError } from './errors.js';
import { holderOf } from './holder.js';
import { isDnsSubdomain } from './kube-names.js';

/** Annotations and the one label a copy carries (labels of the original are dropped by default). */
export const COPY_LABEL = 'cg-debug.dev/copy';
export const COPY_OF = 'cg-debug.dev/copy-of';
export const COPY_BY = 'cg-debug.dev/copied-by';
export const COPY_CONTAINER = 'cg-debug.dev/copy-container';
export const COPY_TARGET = 'cg-debug.dev/copy-target';
export const COPY_FINGERPRINT = 'cg-debug.dev/copy-fingerprint';
/** The app's original command line (JSON argv) and working directory, for the shell's `app`. */
export const COPY_APP = 'cg-debug.dev/app-command';

/** An emptyDir in the copy where the shell puts its `app` command (the image's own root may be read-only). */
export const TOOLS_VOLUME = 'cg-debug-tools';
export const TOOLS_PATH = '/cg-debug';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const NAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MAX_POD_NAME = 63;
const SUFFIX = '-cg-';

/** `<pod>-cg-xxxxx`, at most 63 characters (a pod's hostname is its name), a valid DNS subdomain. */
export function copyPodName(original: string, random: () => number): string {
  let suffix = '';
  for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[Math.min(NAME_ALPHABET.length - 1, Math.max(0, Math.floor(random() * NAME_ALPHABET.length)))];
  // A name cut before "-cg-" must not end in "-" or ".": the next DNS label would start with "-".
  const head = original.slice(0, MAX_POD_NAME - SUFFIX.length - suffix.length).replace(/[-.]+$/, '');
  return `${head}${SUFFIX}${suffix}`;
}

/** The app's command line as the kubelet would run it: the spec's command/args over the image's. */
export interface AppCommand {
  argv: string[];
  workingDir: string;
  /** spec: command from the pod; image: the image's Entrypoint/Cmd; unknown: the registry did not tell. */
  source: 'spec' | 'image' | 'unknown';
}

/** The parts of an OCI image config the app's command line comes from. */
export interface ImageProcess {
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
}

/** Kubernetes' rule: command replaces Entrypoint (and drops Cmd), args replace Cmd. */
export function appCommand(container: Pick<V1Container, 'command' | 'args' | 'workingDir'>, image: ImageProcess | undefined): AppCommand {
  const workingDir = container.workingDir || image?.workingDir || '/';
  if (container.command && container.command.length > 0) {
    return { argv: [...container.command, ...(container.args ?? [])], workingDir, source: 'spec' };
  }
  if (image === undefined) return { argv: [...(container.args ?? [])], workingDir, source: 'unknown' };
  return { argv: [...(image.entrypoint ?? []), ...(container.args ?? image.cmd ?? [])], workingDir, source: 'image' };
}

export interface CopyInput {
  /** The original pod, as plain JSON (no Date objects). */
  original: V1Pod;
  name: string;
  target: string;
  /** The -dev sibling to run in the target container; absent: none, the debug container runs beside the app. */
  devImage?: string;
  /** Without a sibling: the debug container added beside the app. */
  debug?: { name: string; image: string };
  holder: string[];
  securityContext: V1SecurityContext;
  ttlSeconds: number;
  keepLabels: boolean;
  sameNode: boolean;
  app: AppCommand;
  /** Who made the copy, as the API server named them; null when unknown. */
  madeBy: string | null;
}

export interface CopyPod {
  pod: V1Pod;
  /** The container shells are exec'd into. */
  container: string;
  /** What differs from the original, one short phrase each (the plan screen and --dry-run list them). */
  changes: string[];
}

/** The copy's security context: the original's, with the profile's fields over it (root: non-root lifted). */
function copySecurityContext(original: V1SecurityContext | undefined, planned: V1SecurityContext): V1SecurityContext {
  const merged: V1SecurityContext = { ...(original ?? {}), ...planned };
  // The pod's own runAsNonRoot would keep a root shell from starting: say false where root is asked for.
  if (planned.runAsUser === 0) merged.runAsNonRoot = false;
  return merged;
}

const TOOLS_MOUNT: V1VolumeMount = { name: TOOLS_VOLUME, mountPath: TOOLS_PATH };

/** A copy of `object` without `keys`. */
function omit<T extends object, K extends keyof T>(object: T, keys: readonly K[]): Omit<T, K> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !(keys as readonly string[]).includes(key))) as Omit<T, K>;
}

function withoutProbes(container: V1Container): V1Container {
  return omit(container, ['livenessProbe', 'readinessProbe', 'startupProbe']);
}

/** The copy's containers and what changed, when the target's -dev sibling runs in its place (held). */
function siblingContainers(input: CopyInput, spec: NonNullable<V1Pod['spec']>, app: V1Container, devImage: string): CopyContainers {
  const held = `command held (${input.app.argv.length > 0 ? 'run it with `app`' : 'the app command is unknown'})`;
  const kept = omit(withoutProbes(app), ['command', 'args', 'tty']);
  const copied: V1Container = {
    ...kept,
    image: devImage,
    command: [...input.holder],
    stdin: true,
    // Exec'd shells start here: the app's working directory, as the kubelet would have started the app.
    ...(input.app.source !== 'unknown' ? { workingDir: input.app.workingDir } : {}),
    securityContext: copySecurityContext(app.securityContext, input.securityContext),
    volumeMounts: [...(app.volumeMounts ?? []), TOOLS_MOUNT],
  };
  return {
    containers: spec.containers.map((c) => (c.name === input.target ? copied : c)),
    container: input.target,
    changes: [`image ${app.image ?? ''} -> ${devImage}`, held, 'args cleared'],
  };
}

/** The copy's containers and what changed, when no -dev sibling exists: a debug container beside the app (spec's process namespace is shared). */
function besideContainers(input: CopyInput, spec: NonNullable<V1Pod['spec']>): CopyContainers {
  const { original, target } = input;
  if (!input.debug) throw new Error('a copy without a -dev sibling needs a debug container');
  if (spec.containers.some((c) => c.name === input.debug?.name) || (spec.initContainers ?? []).some((c) => c.name === input.debug?.name)) {
    throw new UsageError(`pod ${original.metadata?.name ?? ''} already has a container named ${input.debug.name}`, { hint: 'choose another --name' });
  }
  const debug: V1Container = {
    name: input.debug.name,
    image: input.debug.image,
    command: [...input.holder],
    stdin: true,
    securityContext: { ...input.securityContext },
    volumeMounts: [TOOLS_MOUNT],
  };
  spec.shareProcessNamespace = true;
  return {
    containers: [...spec.containers.map((c) => (c.name === target ? withoutProbes(c) : c)), debug],
    container: input.debug.name,
    changes: [
      `no -dev sibling: ${target} runs its own image and command; debug container ${input.debug.name} (${input.debug.image}) added beside it`,
      "process namespace shared: the app's files are at /proc/PID/root only while it runs",
    ],
  };
}

interface CopyContainers {
  containers: V1Container[];
  /** The container shells are exec'd into. */
  container: string;
  changes: string[];
}

/** Builds the copy; throws UsageError when the pod's own names leave no room for the copy's additions. */
export function buildCopyPod(input: CopyInput): CopyPod {
  const { original, target } = input;
  const spec = JSON.parse(JSON.stringify(original.spec ?? { containers: [] })) as NonNullable<V1Pod['spec']>;
  const app = spec.containers.find((c) => c.name === target);
  if (!app) throw new UsageError(`pod ${original.metadata?.name ?? ''} has no container ${target}`);
  if ((spec.volumes ?? []).some((v) => v.name === TOOLS_VOLUME)) {
    throw new UsageError(`pod ${original.metadata?.name ?? ''} already has a volume named ${TOOLS_VOLUME}`, { hint: 'debug it with kubectl debug --copy-to' });
  }
  const made = input.devImage !== undefined ? siblingContainers(input, spec, app, input.devImage) : besideContainers(input, spec);
  const { containers, container, changes } = made;
  changes.push('probes off', 'restartPolicy Never');
  if (input.ttlSeconds > 0) changes.push(`ends after ${formatSeconds(input.ttlSeconds)} (activeDeadlineSeconds)`);
  const labels = input.keepLabels ? { ...(original.metadata?.labels ?? {}) } : {};
  changes.push(input.keepLabels ? 'labels kept (Services and controllers that select them see the copy)' : 'labels off (no Service, controller or NetworkPolicy selects the copy)');
  changes.push(input.sameNode ? `same node (${original.spec?.nodeName ?? 'unscheduled'})` : 'any node (the scheduler places it)');

  // The original's annotations go along (kubectl's --copy-to keeps them), but not its last applied
  // configuration, nor a copy's own marks (a copy of a copy is a copy of the pod it names now).
  const annotations = Object.fromEntries(
    Object.entries(original.metadata?.annotations ?? {}).filter(([key]) => key !== LAST_APPLIED && !key.startsWith('cg-debug.dev/')),
  );
  const volumes: V1Volume[] = [...(spec.volumes ?? []), { name: TOOLS_VOLUME, emptyDir: {} }];

  // The node is the scheduler's to choose; priority is computed from priorityClassName again; gates and
  // ephemeral containers are the original's own; the deadline is the copy's TTL.
  const restSpec = omit(spec, ['nodeName', 'priority', 'schedulingGates', 'ephemeralContainers', 'activeDeadlineSeconds']);
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: original.metadata?.namespace ?? 'default',
      labels: { ...labels, [COPY_LABEL]: 'true' },
      annotations: {
        ...annotations,
        [COPY_OF]: original.metadata?.name ?? '',
        [COPY_BY]: input.madeBy ?? 'unknown',
        [COPY_TARGET]: target,
        [COPY_CONTAINER]: container,
        [COPY_APP]: JSON.stringify({ argv: input.app.argv, workingDir: input.app.workingDir }),
      },
    },
    spec: {
      ...restSpec,
      ...(input.sameNode && spec.nodeName ? { nodeName: spec.nodeName } : {}),
      containers,
      volumes,
      restartPolicy: 'Never',
      ...(input.ttlSeconds > 0 ? { activeDeadlineSeconds: input.ttlSeconds } : {}),
    },
  };
  const metadata = pod.metadata as NonNullable<V1Pod['metadata']>;
  (metadata.annotations as Record<string, string>)[COPY_FINGERPRINT] = copyFingerprint(pod);
  return { pod, container, changes };
}

/**
 * A short digest of what decides the copy (its spec and labels), stored on it: a later run with the same
 * flags finds the same fingerprint. Not a defence by itself: reuse also compares the live container.
 */
export function copyFingerprint(pod: V1Pod): string {
  const text = JSON.stringify({ spec: pod.spec, labels: pod.metadata?.labels ?? {} });
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** A volume claim the copy would use, and its access modes as the claim says. */
export interface ClaimFacts {
  volume: string;
  claim: string;
  accessModes: string[];
}

/**
 * Why the copy cannot share the pod's claims: a ReadWriteOncePod claim is held by the original alone;
 * a ReadWriteOnce one only on the original's node. Undefined when nothing stands in the way.
 */
export function claimProblem(claims: readonly ClaimFacts[], sameNode: boolean, pod: string): { message: string; hint: string } | undefined {
  const rwop = claims.find((c) => c.accessModes.includes('ReadWriteOncePod'));
  if (rwop) {
    return {
      message: `pod ${pod} mounts claim ${rwop.claim} (volume ${rwop.volume}), which is ReadWriteOncePod: only one pod may use it, and the original holds it`,
      hint: 'a copy cannot share it; debug the running pod instead, or a copy of a pod without that claim',
    };
  }
  const rwo = claims.find((c) => c.accessModes.includes('ReadWriteOnce') && !c.accessModes.includes('ReadWriteMany') && !c.accessModes.includes('ReadOnlyMany'));
  if (rwo && !sameNode) {
    return {
      message: `pod ${pod} mounts claim ${rwo.claim} (volume ${rwo.volume}), which is ReadWriteOnce: a copy on another node could never mount it`,
      hint: `add --same-node to run the copy on the original's node (the volume is then shared with it)`,
    };
  }
  return undefined;
}

/** The claims a pod's volumes name (ephemeral volumes make their own claim per pod and are not listed). */
export function claimsOf(pod: V1Pod): { volume: string; claim: string }[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [{ volume: v.name, claim: v.persistentVolumeClaim.claimName }] : []));
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== false);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The copy fields that decide what runs in the container shells go into. */
function runningFields(container: V1Container | undefined): string {
  return canonical({ image: container?.image, command: container?.command, args: container?.args, securityContext: container?.securityContext ?? {} });
}

export interface CopyReuse {
  reuse?: V1Pod;
  /** Copies of the pod that are not reused, with why. */
  passedOver: { name: string; why: string }[];
}

/** A running copy of `original` made with exactly this run's flags (same fingerprint, same live container). */
export function chooseReusableCopy(copies: readonly V1Pod[], wanted: CopyPod, original: string): CopyReuse {
  const passedOver: CopyReuse['passedOver'] = [];
  const fingerprint = wanted.pod.metadata?.annotations?.[COPY_FINGERPRINT];
  const wantedContainer = wanted.pod.spec?.containers.find((c) => c.name === wanted.container);
  for (const copy of copies) {
    const name = copy.metadata?.name ?? '';
    const annotations = copy.metadata?.annotations ?? {};
    if (annotations[COPY_OF] !== original) continue;
    if (copy.metadata?.deletionTimestamp) {
      passedOver.push({ name, why: 'it is being deleted' });
      continue;
    }
    const phase = copy.status?.phase ?? 'Unknown';
    if (phase !== 'Running' && phase !== 'Pending') {
      passedOver.push({ name, why: `it has ended (${phase})` });
      continue;
    }
    const live = copy.spec?.containers.find((c) => c.name === annotations[COPY_CONTAINER]);
    if (annotations[COPY_FINGERPRINT] !== fingerprint || annotations[COPY_CONTAINER] !== wanted.container || runningFields(live) !== runningFields(wantedContainer)) {
      passedOver.push({ name, why: 'it was made with other flags, or from another version of the pod' });
      continue;
    }
    if (phase === 'Running' && !(copy.status?.containerStatuses ?? []).some((s) => s.name === wanted.container && s.state?.running)) {
      passedOver.push({ name, why: `its container ${wanted.container} does not run` });
      continue;
    }
    return { reuse: copy, passedOver };
  }
  return { passedOver };
}

/**
 * The copies among `pods`, of `original` when given: the copy label, the pod it copies, a valid name, and
 * the container its annotation names running the holder. Anyone may label a pod; these are the pods `ls`
 * shows and `stop` deletes, so a pod that merely claims to be a copy is left alone.
 */
export function copiesOf(pods: readonly V1Pod[], original?: string): V1Pod[] {
  return pods.filter((p) => {
    const annotations = p.metadata?.annotations ?? {};
    const of = annotations[COPY_OF];
    if (p.metadata?.labels?.[COPY_LABEL] !== 'true' || of === undefined || (original !== undefined && of !== original)) return false;
    const container = p.spec?.containers.find((c) => c.name === annotations[COPY_CONTAINER]);
    return isDnsSubdomain(p.metadata.name ?? '') && holderOf(container?.command) !== undefined;
  });
}

/**
 * Whether a selector picks a pod by its labels. An empty selector selects every pod, the copy too, so
 * it is not one the copy escapes: false for it.
 */
export function selectedBy(selector: V1LabelSelector | undefined, labels: Record<string, string>): boolean {
  const matchLabels = Object.entries(selector?.matchLabels ?? {});
  const expressions = selector?.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  return (
    matchLabels.every(([k, v]) => labels[k] === v) &&
    expressions.every((e) => {
      const value = labels[e.key];
      switch (e.operator) {
        case 'In':
          return value !== undefined && (e.values ?? []).includes(value);
        case 'NotIn':
          return value === undefined || !(e.values ?? []).includes(value);
        case 'Exists':
          return value !== undefined;
        case 'DoesNotExist':
          return value === undefined;
        default:
          return false;
      }
    })
  );
}
