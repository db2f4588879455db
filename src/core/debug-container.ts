// CONTRACT STUB: the core helper replaces the bodies; signatures are shared with other modules.
import type { V1EphemeralContainer, V1Pod, V1SecurityContext } from '@kubernetes/client-node';

export const DEBUG_CONTAINER_PREFIX = 'cg-debug-';

/** `cg-debug-` + 5 random [a-z0-9] characters, unique among all of the pod's containers. */
export function newDebugContainerName(pod: V1Pod, random: () => number): string {
  throw new Error(`unimplemented: ${pod.metadata?.name} ${random()}`);
}

export interface DebugContainerInput {
  name: string;
  image: string;
  target: string;
  securityContext: V1SecurityContext;
  /** The launcher command line (src/core/launcher.ts). */
  command: string[];
}

/** The ephemeral container: stdin + tty, the launcher as command, targeting the app container. */
export function buildDebugContainer(input: DebugContainerInput): V1EphemeralContainer {
  throw new Error(`unimplemented: ${input.name}`);
}

/** The strategic merge patch body for the pod's ephemeralcontainers subresource: only the new container. */
export function ephemeralContainerPatch(container: V1EphemeralContainer): { spec: { ephemeralContainers: V1EphemeralContainer[] } } {
  throw new Error(`unimplemented: ${container.name}`);
}
