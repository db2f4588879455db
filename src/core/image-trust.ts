// Whose debug image an elevated shell runs. The -dev sibling lives in the app's repository, so whoever
// controls that repository (or the registry serving it) chooses the shell binary the operator types
// into, and a registry that "confirms" the sibling only proves it exists. As the app's own user that
// shell has the app's privileges and no more; as root, with SYS_PTRACE, NET_ADMIN or privileged, it has
// more than the app, so its image must come from a publisher the operator chose.
import { parseImageRef, type ImageRef } from './image-ref.js';
import { isLoopback } from './loopback.js';
import type { ImageMapping } from './dev-image.js';
import type { ProfileName } from './profiles.js';

/** Profiles that give the debug container more than the app has. */
const ELEVATED_PROFILES: readonly ProfileName[] = ['general', 'netadmin', 'sysadmin'];

export interface ElevatedImageInput {
  image: { ref: ImageRef; rule: string };
  asRoot: boolean;
  /** The profile whose rules were applied (auto resolved). */
  applied: ProfileName;
  mapping: ImageMapping;
}

/**
 * The registries (and paths) trusted to publish debug images, whoever runs the app: Chainguard's cgr.dev,
 * Google's gcr.io/distroless, the configured mirrors (`from`), the configured default debug image's
 * repository, and a node-local registry (a loopback host is the node itself, run by whoever runs the nodes).
 */
export function isTrustedDebugImage(ref: ImageRef, mapping: ImageMapping): boolean {
  const path = `${ref.registry}/${ref.repository}/`;
  const defaultImage = parseImageRef(mapping.defaultImage);
  return (
    ref.registry === 'cgr.dev' ||
    (ref.registry === 'gcr.io' && ref.repository.startsWith('distroless/')) ||
    isLoopback(ref.registry) ||
    mapping.mirrors.some((m) => path.startsWith(m.from)) ||
    (ref.registry === defaultImage.registry && ref.repository === defaultImage.repository)
  );
}

/** Why an elevated debug container may not run this image, or undefined when it may. */
export function elevatedImageProblem(input: ElevatedImageInput): string | undefined {
  const elevated = input.asRoot ? 'as root' : ELEVATED_PROFILES.includes(input.applied) ? `with --profile ${input.applied}` : undefined;
  if (elevated === undefined) return undefined;
  // --image and the configured default debug image are the operator's own choice.
  if (input.image.rule === 'override' || input.image.rule === 'default-image') return undefined;
  if (isTrustedDebugImage(input.image.ref, input.mapping)) return undefined;
  return `the debug image ${input.image.ref.registry}/${input.image.ref.repository} was chosen from the app's own repository, and would run ${elevated}, with more than the app's privileges`;
}

export const ELEVATED_IMAGE_HINT =
  'name the debug image yourself (--image cgr.dev/chainguard/wolfi-base:latest, or one you trust), add its registry as a mirror in the config file, or leave out --as-root and --profile';
