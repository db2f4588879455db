// CONTRACT STUB: the core helper replaces the bodies; signatures are shared with other modules.
import type { V1Pod } from '@kubernetes/client-node';

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
}

/** Picks the target container: the requested one, the only one, the default-container annotation. */
export function chooseTargetContainer(pod: V1Pod, requested?: string): string {
  throw new Error(`unimplemented: ${pod.metadata?.name} ${requested}`);
}

export function targetFacts(pod: V1Pod, container: string, imageUser?: ImageUser): TargetFacts {
  throw new Error(`unimplemented: ${pod.metadata?.name} ${container} ${imageUser?.raw}`);
}

/** Parses an OCI config `User` value. */
export function parseImageUser(raw: string | undefined): ImageUser {
  throw new Error(`unimplemented: ${raw}`);
}

/** The pod's cg-debug ephemeral containers with their state. */
export function debugContainersOf(pod: V1Pod): DebugContainerInfo[] {
  throw new Error(`unimplemented: ${pod.metadata?.name}`);
}

/** A running, interactive cg-debug container on the same target with the same image, if any. */
export function findReusable(pod: V1Pod, target: string, image: string): DebugContainerInfo | undefined {
  throw new Error(`unimplemented: ${pod.metadata?.name} ${target} ${image}`);
}
