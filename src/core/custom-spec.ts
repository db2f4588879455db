// --custom FILE: kubectl debug's partial container spec, merged into the debug container. cg-debug owns
// what makes the debug container work and what the profile decides; those fields are refused by name,
// as are the ones the API server forbids in an ephemeral container, so nothing fails after the patch.
import type { V1EphemeralContainer, V1SecurityContext } from '@kubernetes/client-node';
import { UsageError } from './errors.js';

/** The part of an ephemeral container a --custom spec may set. */
export type CustomSpec = Pick<
  V1EphemeralContainer,
  'env' | 'envFrom' | 'volumeMounts' | 'volumeDevices' | 'workingDir' | 'terminationMessagePath' | 'terminationMessagePolicy' | 'imagePullPolicy'
> & { securityContext?: Pick<V1SecurityContext, 'readOnlyRootFilesystem' | 'seLinuxOptions' | 'appArmorProfile' | 'procMount'> };

const ALLOWED = ['env', 'envFrom', 'volumeMounts', 'volumeDevices', 'workingDir', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext'];

/** Fields cg-debug sets itself, and why, for the refusal's message. */
const OWNED: Record<string, string> = {
  name: 'use -c NAME',
  image: 'use --image IMAGE',
  command: 'the debug container runs cg-debug\'s holder; run a command with -- COMMAND',
  args: 'the debug container runs cg-debug\'s holder; run a command with -- COMMAND',
  stdin: 'the holder needs it',
  stdinOnce: 'the holder needs it',
  tty: 'shells get their terminal over exec',
  targetContainerName: 'use --target CONTAINER',
};

const SECURITY_ALLOWED = ['readOnlyRootFilesystem', 'seLinuxOptions', 'appArmorProfile', 'procMount'];
/** securityContext fields the profile decides. */
const SECURITY_OWNED = ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'capabilities', 'privileged', 'allowPrivilegeEscalation', 'seccompProfile'];

/** Forbidden by the API server in an ephemeral container. */
const FORBIDDEN = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'resources', 'resizePolicy', 'restartPolicy'];

const HINT = `--custom may set ${ALLOWED.join(', ')} (securityContext: ${SECURITY_ALLOWED.join(', ')})`;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(where: string, problem: string, hint: string = HINT): never {
  throw new UsageError(`${where}: ${problem}`, { hint });
}

/** Checks a parsed --custom document; `where` names it in errors (the file, or the config profile). */
export function checkCustomSpec(value: unknown, where: string): CustomSpec {
  if (!isObject(value)) refuse(where, 'a partial container spec is a mapping of container fields, e.g. {env: [{name: A, value: "1"}]}');
  for (const [field, fieldValue] of Object.entries(value)) {
    if (field in OWNED) refuse(where, `${field} is cg-debug's to set`, OWNED[field]);
    if (FORBIDDEN.includes(field)) refuse(where, `${field} is not allowed in an ephemeral container`);
    if (!ALLOWED.includes(field)) refuse(where, `unknown or unsupported container field ${JSON.stringify(field)}`);
    if (['env', 'envFrom', 'volumeMounts', 'volumeDevices'].includes(field) && !(Array.isArray(fieldValue) && fieldValue.every(isObject))) {
      refuse(where, `${field} must be a list of mappings`);
    }
    if (['workingDir', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy'].includes(field) && typeof fieldValue !== 'string') {
      refuse(where, `${field} must be a string`);
    }
  }
  if (value.securityContext !== undefined) {
    if (!isObject(value.securityContext)) refuse(where, 'securityContext must be a mapping');
    for (const field of Object.keys(value.securityContext)) {
      if (SECURITY_OWNED.includes(field)) refuse(where, `securityContext.${field} is decided by the profile`, 'choose a --profile (and --as-root) instead');
      if (!SECURITY_ALLOWED.includes(field)) refuse(where, `unknown or unsupported field securityContext.${field}`);
    }
  }
  for (const [i, env] of ((value.env as Record<string, unknown>[] | undefined) ?? []).entries()) {
    if (typeof env.name !== 'string' || env.name === '') refuse(where, `env[${i}] has no name`);
  }
  for (const [i, mount] of ((value.volumeMounts as Record<string, unknown>[] | undefined) ?? []).entries()) {
    if (typeof mount.name !== 'string' || typeof mount.mountPath !== 'string') refuse(where, `volumeMounts[${i}] needs name and mountPath`);
  }
  return value as CustomSpec;
}

/** The debug container with a --custom spec merged in: lists appended, the profile's securityContext kept. */
export function withCustomSpec(container: V1EphemeralContainer, custom: CustomSpec | undefined): V1EphemeralContainer {
  if (custom === undefined) return container;
  const { securityContext, env, envFrom, volumeMounts, volumeDevices, ...scalars } = custom;
  return {
    ...container,
    ...scalars,
    ...(env ? { env: [...(container.env ?? []), ...env] } : {}),
    ...(envFrom ? { envFrom: [...(container.envFrom ?? []), ...envFrom] } : {}),
    ...(volumeMounts ? { volumeMounts: [...(container.volumeMounts ?? []), ...volumeMounts] } : {}),
    ...(volumeDevices ? { volumeDevices: [...(container.volumeDevices ?? []), ...volumeDevices] } : {}),
    ...(securityContext ? { securityContext: { ...securityContext, ...container.securityContext } } : {}),
  };
}
