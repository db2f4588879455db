// The ephemeral container cg-debug adds, and the patch that adds it.
import type { V1EphemeralContainer, V1Pod, V1SecurityContext, V1VolumeMount } from '@kubernetes/client-node';
import type { ConnectBy } from './target.js';

export const DEBUG_CONTAINER_PREFIX = 'cg-debug-';

const NAME_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const SUFFIX_LENGTH = 5;
// 36^5 names: a collision is rare; a bounded retry guards against a broken random source.
const MAX_ATTEMPTS = 100;

function suffix(random: () => number): string {
  let out = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    const index = Math.min(NAME_ALPHABET.length - 1, Math.max(0, Math.floor(random() * NAME_ALPHABET.length)));
    out += NAME_ALPHABET[index];
  }
  return out;
}

/** Every container name of the pod (app, init and ephemeral): a new container's name must be none of them. */
export function containerNames(pod: V1Pod): Set<string> {
  const spec = pod.spec;
  return new Set([...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name));
}

/** `cg-debug-` + 5 random [a-z0-9] characters, unique among all of the pod's containers. */
export function newDebugContainerName(pod: V1Pod, random: () => number): string {
  const taken = containerNames(pod);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const name = DEBUG_CONTAINER_PREFIX + suffix(random);
    if (!taken.has(name)) return name;
  }
  throw new Error(`no free debug container name in pod ${pod.metadata?.name ?? ''} after ${MAX_ATTEMPTS} attempts`);
}

export interface DebugContainerInput {
  name: string;
  image: string;
  target: string;
  securityContext: V1SecurityContext;
  /** The holder's (src/core/holder.ts) or, for attach, the launcher's (src/core/launcher.ts) command line. */
  command: string[];
  /** exec: shells are exec'd into the holder; attach: the command is the shell, attached with a TTY. */
  connectBy: ConnectBy;
  /** --mount-volumes: the target's volumes (src/core/volume-mounts.ts). */
  volumeMounts?: V1VolumeMount[];
  /** --image-pull-policy; absent: the API server's default. */
  imagePullPolicy?: ImagePullPolicy;
}

export const IMAGE_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export type ImagePullPolicy = (typeof IMAGE_PULL_POLICIES)[number];

/** The ephemeral container targeting the app container: a holder with stdin, or an attachable shell. */
export function buildDebugContainer(input: DebugContainerInput): V1EphemeralContainer {
  // imagePullPolicy is left unset unless asked for, as kubectl debug does: the API server then defaults it from the tag
  // (Always for :latest or no tag, IfNotPresent otherwise), so a pinned -dev tag starts from the node's cache.
  return {
    name: input.name,
    image: input.image,
    ...(input.imagePullPolicy ? { imagePullPolicy: input.imagePullPolicy } : {}),
    command: [...input.command],
    // The holder blocks reading a stdin nobody writes to; without a TTY its one start line is its only log.
    // tty is left out rather than false: the API server drops false fields, and reuse compares whole specs.
    stdin: true,
    ...(input.connectBy === 'attach' ? { tty: true } : {}),
    targetContainerName: input.target,
    securityContext: input.securityContext,
    terminationMessagePolicy: 'File',
    ...(input.volumeMounts && input.volumeMounts.length > 0 ? { volumeMounts: input.volumeMounts.map((m) => ({ ...m })) } : {}),
  };
}

/** A strategic merge patch body for a pod's ephemeralcontainers subresource. */
export interface EphemeralContainerPatch {
  spec: { ephemeralContainers: V1EphemeralContainer[] };
}

/** The patch kubectl debug sends too: only the new container. */
export function ephemeralContainerPatch(container: V1EphemeralContainer): EphemeralContainerPatch {
  // Strategic merge keys ephemeralContainers by name, so the existing ones stay as they are.
  return { spec: { ephemeralContainers: [container] } };
}
