// A debug session in three steps shared by plain mode and the TUI: plan (read-only), start (add the
// container and wait until it runs), connect (attach a shell or run a command). Each step reports
// progress as Step events through deps.onStep and never writes to the terminal itself.
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { buildDebugContainer, ephemeralContainerPatch, newDebugContainerName } from '../core/debug-container.js';
import { overrideCandidate, type DevTagMapping, type MirrorMapping } from '../core/dev-image.js';
import { DisconnectedError, InterruptedError, UsageError } from '../core/errors.js';
import { launcherCommand } from '../core/launcher.js';
import { describeMount, planVolumeMounts, type MountMode, type VolumePlan } from '../core/volume-mounts.js';
import { assertTargetRunning } from '../core/target-state.js';
import { planSecurity, type PodSecurityLevel, type ProfileName, type SecurityPlan } from '../core/profiles.js';
import {
  chooseTargetContainer,
  findReusable,
  runningImage,
  targetFacts,
  type DebugContainerInfo,
  type TargetFacts,
} from '../core/target.js';
import { attachInteractive, execCommand, type TerminalIO } from '../kube/attach.js';
import type { Kube } from '../kube/client.js';
import { addEphemeralContainer } from '../kube/ephemeral.js';
import { readEnforceLevel } from '../kube/pod-security.js';
import { resolvePod } from '../kube/pods.js';
import { waitForContainer, waitForExitCode } from '../kube/wait-container.js';
import {
  fetchImageUser,
  imageToRun,
  resolveAppDevImage,
  resolveDevImage,
  type RegistryOptions,
  type ResolvedDevImage,
} from '../registry/resolve-dev-image.js';
import type { RegistryAuth } from '../registry/auth.js';
import type { OnStep, Step } from './steps.js';
import { sanitizeText } from '../tui/sanitize.js';

/** What the user asked for, after flags are validated. */
export interface DebugRequest {
  namespace: string;
  /** POD, pod/NAME, deploy/NAME, ... */
  podArg: string;
  target?: string;
  /** --image: overrides the -dev mapping. */
  image?: string;
  profile: ProfileName;
  asRoot: boolean;
  /** --name for a new debug container. */
  name?: string;
  /** --new: never reuse a running debug container. */
  forceNew: boolean;
  timeoutMs: number;
  offline: boolean;
  defaultImage: string;
  /** The config file's mirrors and devTags rules for the -dev mapping. */
  mirrors?: MirrorMapping[];
  devTags?: DevTagMapping[];
  /** Command mode (`-- CMD ARGS`): run it without a TTY instead of attaching a shell. */
  command?: string[];
  /** --mount-volumes: mount the target's volumes in the debug container, read-only unless rw. */
  mountVolumes?: MountMode;
  /** --env: the shell gets the target's environment. */
  importEnv?: boolean;
}

/** Side effects a session needs, passed in (tests and the TUI provide their own). */
export interface SessionDeps {
  kube: Kube;
  onStep: OnStep;
  signal: AbortSignal;
  random: () => number;
  /** Milliseconds since the session started. */
  now: () => number;
  registryTimeoutMs: number;
  /** Registry credentials (docker config and helpers); anonymous when absent. */
  registryAuth?: RegistryAuth;
}

/** Everything decided before the cluster is changed: shown by the TUI's plan screen and by --dry-run. */
export interface DebugPlan {
  pod: V1Pod;
  namespace: string;
  podName: string;
  target: TargetFacts;
  image: ResolvedDevImage;
  level: PodSecurityLevel | undefined;
  security: SecurityPlan;
  /** A running cg-debug container that will be reattached instead of adding a new one. */
  reuse?: DebugContainerInfo;
  /** The container that will be added (absent when reusing). */
  container?: V1EphemeralContainer;
  /** --mount-volumes: where each of the target's volumes is in the debug container. */
  volumes?: VolumePlan;
  /** The exact strategic merge patch body (absent when reusing). */
  patch?: { spec: { ephemeralContainers: V1EphemeralContainer[] } };
  warnings: string[];
}

export interface StartedDebug {
  container: string;
  reused: boolean;
}

/** Resolves pod, target, image and security; changes nothing in the cluster. */
export async function planDebug(deps: SessionDeps, request: DebugRequest): Promise<DebugPlan> {
  const step = stepper(deps);
  // One token cache for every registry call of this plan.
  const registry: RegistryOptions = {
    offline: request.offline,
    timeoutMs: deps.registryTimeoutMs,
    signal: deps.signal,
    tokens: new Map(),
    ...(deps.registryAuth ? { auth: deps.registryAuth } : {}),
  };
  // Started first and awaited last: the namespace's level does not depend on the pod.
  const levelPromise = readEnforceLevel(deps.kube, request.namespace, deps.signal);
  levelPromise.catch(() => undefined);
  // With --image the registry check does not need the pod, so it overlaps with the pod lookup.
  const overridePromise = request.image === undefined ? undefined : resolveDevImage([overrideCandidate(request.image)], registry);

  step('pod', 'start', `looking up ${request.namespace}/${request.podArg}`);
  const pod = await resolvePod(deps.kube, request.namespace, request.podArg, deps.signal);
  const podName = pod.metadata?.name ?? request.podArg;
  const targetName = chooseTargetContainer(pod, request.target);
  const appImage = pod.spec?.containers.find((c) => c.name === targetName)?.image ?? '';
  // What the kubelet pulled: matched against tags too, since it may be a platform manifest's digest.
  const imageID = pod.status?.containerStatuses?.find((s) => s.name === targetName)?.imageID || undefined;
  step('pod', 'done', `pod ${request.namespace}/${podName}, target container ${targetName} (${appImage})`);

  step('image', 'start', `choosing the debug image for ${appImage}`);
  const bare = targetFacts(pod, targetName);
  const [image, imageUser, level] = await Promise.all([
    overridePromise ?? resolveAppDevImage(
        {
          image: appImage,
          defaultImage: request.defaultImage,
          ...(imageID ? { imageID } : {}),
          ...(request.mirrors ? { mirrors: request.mirrors } : {}),
          ...(request.devTags ? { devTags: request.devTags } : {}),
        },
        registry,
      ),
    // Only the image can tell the app's user when neither securityContext sets it.
    bare.uidSource === 'unknown' ? fetchImageUser(appImage, registry) : Promise.resolve(undefined),
    levelPromise,
  ]);
  const pinned = image.pinned ? `, pinned ${image.pinned.slice(image.pinned.lastIndexOf('@') + 1)}` : '';
  step('image', 'done', `debug image ${image.image} (${image.reason}; ${image.verified}${pinned})`);
  for (const warning of image.warnings) step('image', 'warn', warning);

  const target = targetFacts(pod, targetName, imageUser);
  const security = planSecurity({ profile: request.profile, level, asRoot: request.asRoot, target });
  step('plan', 'done', profileSummary(target, security, level));
  step('plan', 'info', abilitySummary(security));
  for (const warning of security.warnings) step('plan', 'warn', warning);

  const volumes = request.mountVolumes === undefined ? undefined : planVolumeMounts(pod.spec?.containers.find((c) => c.name === targetName) ?? {}, request.mountVolumes);
  if (volumes) {
    step('plan', 'info', volumes.mounts.length === 0 ? `volumes: ${targetName} mounts none` : `volumes: ${volumes.mounts.map(describeMount).join('; ')}`);
  }
  const base = {
    pod,
    namespace: request.namespace,
    podName,
    target,
    image,
    level,
    security,
    ...(volumes ? { volumes } : {}),
    warnings: [...image.warnings, ...security.warnings],
  };
  // Reattach only to a shell that runs as the user this session would run as (--as-root changes it),
  // with the volumes this session asks for (none without --mount-volumes).
  const runAsUser = security.securityContext.runAsUser;
  const reuse = request.forceNew
    ? undefined
    : findReusable(pod, targetName, imageToRun(image), {
        ...(runAsUser === undefined ? {} : { runAsUser }),
        volumeMounts: volumes?.volumeMounts ?? [],
        // Command mode runs no shell, so the environment does not matter there.
        ...(request.command ? {} : { importEnv: request.importEnv ?? false }),
      });
  if (reuse) return { ...base, reuse };
  // A container that targets one that does not run never starts, and it could never be removed.
  assertTargetRunning(pod, targetName);

  const name = request.name ?? newDebugContainerName(pod, deps.random);
  if (request.name !== undefined && containerNames(pod).has(request.name)) {
    throw new UsageError(`pod ${podName} already has a container named ${request.name}`, {
      hint: 'choose another --name, or leave it out for a generated one',
    });
  }
  const container = buildDebugContainer({
    name,
    image: imageToRun(image),
    target: targetName,
    securityContext: security.securityContext,
    command: launcherCommand({
      target: targetName,
      shareProcessNamespace: target.shareProcessNamespace,
      image: sanitizeText(runningImage(target)),
      importEnv: request.importEnv ?? false,
    }),
    ...(volumes ? { volumeMounts: volumes.volumeMounts } : {}),
  });
  return { ...base, container, patch: ephemeralContainerPatch(container) };
}

/** Adds the debug container (unless reusing) and waits until it runs. */
export async function startDebug(deps: SessionDeps, plan: DebugPlan, request: DebugRequest): Promise<StartedDebug> {
  const step = stepper(deps);
  if (plan.reuse) {
    step('reuse', 'done', `reusing running debug container ${plan.reuse.name} (--new adds another)`);
    return { container: plan.reuse.name, reused: true };
  }
  const container = plan.container;
  if (!container) throw new Error('a plan without a container or a reusable one');
  // The wait (a GET, then a watch) starts before the patch so its setup overlaps the patch and no status
  // change is missed; a failed patch stops it. Its steps are held back until the patch is reported.
  const stopWaiting = new AbortController();
  let patched = false;
  const early: Step[] = [];
  const waiting = waitForContainer(deps.kube, {
    namespace: plan.namespace,
    pod: plan.podName,
    container: container.name,
    timeoutMs: request.timeoutMs,
    signal: AbortSignal.any([deps.signal, stopWaiting.signal]),
    onStep: (s) => (patched ? deps.onStep(s) : early.push(s)),
    now: deps.now,
  });
  waiting.catch(() => undefined);
  step('patch', 'start', `adding ephemeral container ${container.name} to ${plan.namespace}/${plan.podName}`);
  try {
    await addEphemeralContainer(deps.kube, plan.pod, container, deps.signal);
  } catch (error) {
    stopWaiting.abort();
    throw error;
  }
  patched = true;
  step('patch', 'done', `added ${container.name}`);
  step('wait', 'start', `waiting for ${container.name} to run`);
  for (const s of early) deps.onStep(s);
  const outcome = await waiting;
  if (outcome.state === 'terminated') {
    step('wait', 'warn', `${container.name} exited at once with code ${outcome.exitCode}${outcome.reason ? ` (${outcome.reason})` : ''}`);
  } else {
    step('wait', 'done', `${container.name} is running`);
  }
  return { container: container.name, reused: false };
}

/** Hands the terminal to the shell (or runs the command); resolves with the exit code. */
export async function connectDebug(
  deps: SessionDeps,
  plan: DebugPlan,
  started: StartedDebug,
  request: DebugRequest,
  io: TerminalIO,
): Promise<number> {
  const where = { namespace: plan.namespace, pod: plan.podName, container: started.container, io, signal: deps.signal };
  if (request.command) {
    return execCommand(deps.kube, { ...where, command: request.command });
  }
  const step = stepper(deps);
  step('attach', 'done', started.reused ? `reattached to ${started.container}: press Enter if no prompt shows` : `attaching to ${started.container}`);
  const end = await attachInteractive(deps.kube, where);
  if (end.kind === 'lost') {
    // The remote cursor may sit mid-line (at the shell's prompt): start the error on a line of its own.
    io.stderr.write('\r\n');
    const reattach = `run cg-debug -n ${plan.namespace} ${plan.podName} again to reattach`;
    if (deps.signal.aborted) throw new InterruptedError(`interrupted; ${started.container} keeps running`, { hint: reattach });
    throw new DisconnectedError(`lost the connection to ${started.container} (${end.reason}); it keeps running`, {
      hint: reattach,
    });
  }
  const code = await waitForExitCode(deps.kube, {
    namespace: plan.namespace,
    pod: plan.podName,
    container: started.container,
    timeoutMs: 5_000,
    signal: deps.signal,
  });
  return code ?? 0;
}

function stepper(deps: SessionDeps): (id: Step['id'], status: Step['status'], message: string) => void {
  return (id, status, message) => deps.onStep({ id, status, message, at: deps.now() });
}

function profileSummary(target: TargetFacts, security: SecurityPlan, level: PodSecurityLevel | undefined): string {
  const applied = security.profile === 'auto' ? `auto -> ${security.applied}` : security.applied;
  const user = security.uid === undefined ? "the image's user" : security.uid === 0 ? 'root' : `uid ${security.uid}`;
  const app = target.uid === undefined ? "app's user unknown" : `app runs as uid ${target.uid}, from the ${target.uidSource === 'image' ? 'image' : 'securityContext'}`;
  return `profile ${applied} (namespace enforces ${level ?? 'an unknown level'}); shell runs as ${user} (${app})`;
}

function abilitySummary({ abilities }: SecurityPlan): string {
  return `read the app's files: ${abilities.readAppFiles} (${abilities.readAppFilesWhy}); apk add: ${abilities.installPackages} (${abilities.installPackagesWhy})`;
}

function containerNames(pod: V1Pod): Set<string> {
  const spec = pod.spec;
  return new Set([...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name));
}
