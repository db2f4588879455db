// Step one of a debug session: read the pod and decide everything, changing nothing in the cluster.
// planTarget reads what any way of debugging needs (pod, target, debug image, security); planDebug adds
// what debugging by an ephemeral container decides (reuse, the container and its patch, the permission
// verdict), like kubectl's debugByEphemeralContainer; planCopy (plan-copy.ts) is its copy-mode sibling on
// the same planTarget.
import { buildDebugContainer, containerNames, ephemeralContainerPatch, newDebugContainerName } from '../core/debug-container.js';
import { withCustomSpec } from '../core/custom-spec.js';
import { overrideCandidate } from '../core/dev-image.js';
import { UsageError } from '../core/errors.js';
import { missingPermissionsError } from '../core/permissions.js';
import { holderCommand } from '../core/holder.js';
import { launcherCommand } from '../core/launcher.js';
import { describeMount, planVolumeMounts } from '../core/volume-mounts.js';
import { elevatedImageProblem, ELEVATED_IMAGE_HINT } from '../core/image-trust.js';
import { choosePicked, chooseReusable, differenceReason, specDifferences } from '../core/reuse.js';
import { assertTargetRunning } from '../core/target-state.js';
import { planSecurity, securitySummary, type PodSecurityLevel, type SecurityPlan } from '../core/profiles.js';
import { debugContainersOf, targetFacts, type ConnectBy, type DebugContainerInfo, type ImageUser, type TargetFacts } from '../core/target.js';
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { readEnforceLevel } from '../kube/pod-security.js';
import { appImageOf, fetchImageUser, imageToRun, resolveAppDevImage, resolveDevImage, type ImageAnswer } from '../registry/resolve-dev-image.js';
import type { DebugPlan, DebugRequest, DebugWhere, SessionDeps, TargetPlan } from './debug-types.js';
import { startPreflight } from './preflight.js';
import { lookUpTarget, registryOptions, shellStartInput, stepper } from './session-steps.js';
import { planCopy } from './plan-copy.js';

/** Resolves pod, target, image and security; changes nothing in the cluster. */
export async function planDebug(deps: SessionDeps, request: DebugRequest, where: DebugWhere): Promise<DebugPlan> {
  if (request.copy) return planCopy(deps, request, where);
  const step = stepper(deps);
  for (const note of request.notes ?? []) step('plan', 'info', note);
  const namespace = where.namespace ?? deps.kube.namespace;
  // Started first and awaited last: the namespace's level and the user's rights do not depend on the pod.
  const levelPromise = readEnforceLevel(deps.kube, namespace, deps.signal);
  levelPromise.catch(() => undefined);
  // With --new the reviews for adding a container start at once; else once the pod shows no debug container
  // that could be reused (a reuse, the common case, then sends three fewer requests).
  const preflight = startPreflight(deps.kube, namespace, request.command !== undefined, deps.signal, { adding: request.forceNew });
  const onPod = (pod: V1Pod) => {
    if (!debugContainersOf(pod).some((c) => c.state !== 'terminated')) preflight.mayAdd();
  };

  const facts = await planTarget(deps, request, where, namespace, levelPromise, onPod);
  const { pod, podName, target } = facts;
  const connectWay = await preflight.connectBy();
  const connectBy: ConnectBy = connectWay === 'none' ? 'exec' : connectWay;
  const attachWarning = "pods/exec is forbidden here: the shell is attached instead, so what you type and see lands in the pod's log (kubectl logs)";
  if (connectBy === 'attach') step('plan', 'warn', attachWarning);
  if (connectBy === 'attach' && request.env && request.env.length > 0) {
    // The attached shell is the container's own command: its variables would be written into the pod spec.
    throw new UsageError('--env needs pods/exec, which is forbidden here (the shell would be attached)', {
      hint: 'drop --env and export the variables in the shell, or ask for create and get on pods/exec',
    });
  }
  const warnings = [...facts.image.warnings, ...facts.security.warnings, ...(connectBy === 'attach' ? [attachWarning] : [])];
  const base = {
    ...facts,
    connectBy,
    timeoutMs: request.timeoutMs,
    importEnv: request.importEnv ?? false,
    ...(request.env && request.env.length > 0 ? { env: request.env } : {}),
    ...(request.command ? { command: request.command } : {}),
    warnings,
  };
  const container = withCustomSpec(buildDebugContainer({
    name: request.name ?? newDebugContainerName(pod, deps.random),
    image: imageToRun(facts.image),
    target: target.container,
    securityContext: facts.security.securityContext,
    command:
      connectBy === 'exec' ? holderCommand(request.ttlSeconds) : launcherCommand(shellStartInput(target, request.importEnv ?? false)),
    connectBy,
    // Part of the spec, so a running container is reused only with exactly these mounts.
    ...(facts.volumes ? { volumeMounts: facts.volumes.volumeMounts } : {}),
    ...(request.imagePullPolicy ? { imagePullPolicy: request.imagePullPolicy } : {}),
  }), request.custom);
  // -c/--name NAME: that container or none. Reattached when it runs and is exactly what this run would
  // add; a name taken by anything else is refused below; never another container under another name.
  const named = request.name === undefined || request.forceNew ? undefined : chooseNamed(pod, container, request.name);
  const reuse = named === undefined ? chooseReuse(deps, request, where, facts, container, base.warnings) : 'reuse' in named ? named.reuse : undefined;
  // Every missing permission named at once, before the pod is changed: fixing one only to meet the next wastes an incident's minutes.
  const { missing } = await preflight.verdict(reuse !== undefined);
  if (missing.length > 0) throw missingPermissionsError(namespace, missing, deps.kube.impersonate);
  if (reuse) return { ...base, reuse };
  // A container that targets one that does not run never starts, and it could never be removed.
  assertTargetRunning(pod, target.container);
  if (request.name !== undefined && containerNames(pod).has(request.name)) {
    const why = named !== undefined && 'why' in named && !named.why.endsWith('no longer running') ? ` (${named.why})` : '';
    throw new UsageError(`pod ${podName} already has a container named ${request.name}${why}`, {
      hint: 'choose another -c/--name, or leave it out to reattach to a matching debug container or add one with a generated name',
    });
  }
  return { ...base, container, patch: ephemeralContainerPatch(container) };
}

/** The pod, its target container, the debug image and the security plan: read-only, for every mode. */
export async function planTarget(
  deps: SessionDeps,
  request: DebugRequest,
  where: DebugWhere,
  namespace: string,
  levelPromise: Promise<PodSecurityLevel | undefined>,
  /** Called with the pod as soon as it is read, before the registry is asked. */
  onPod: (pod: V1Pod) => void = () => undefined,
): Promise<TargetPlan> {
  const step = stepper(deps);
  const registry = registryOptions(deps, request);
  // With --image the registry check does not need the pod, so it overlaps with the pod lookup.
  const overridePromise = request.image === undefined ? undefined : resolveDevImage([overrideCandidate(request.image)], registry);

  const { pod, podName, targetName } = await lookUpTarget(deps, namespace, where, { mustRun: true });
  // The target's facts before the image's user is known: its image, and what the kubelet pulled.
  const bare = targetFacts(pod, targetName);
  step('pod', 'done', `pod ${namespace}/${podName}, target container ${targetName} (${bare.image})`);
  onPod(pod);

  step('image', 'start', `choosing the debug image for ${bare.image}`);
  const [resolved, imageUser, level] = await Promise.all([
    overridePromise ?? resolveAppDevImage(appImageOf(bare, request.mapping), registry),
    // Only the image can tell the app's user when neither securityContext sets it.
    bare.uidSource === 'unknown' ? fetchImageUser(bare.image, registry, bare.imageID) : Promise.resolve<ImageAnswer<ImageUser>>({}),
    levelPromise,
  ]);
  // The app image's refused content is said with the debug image's warnings, and kept in the plan's.
  const image = imageUser.warning ? { ...resolved, warnings: [...resolved.warnings, imageUser.warning] } : resolved;
  const pinned = image.pinned ? `, pinned ${image.pinned.slice(image.pinned.lastIndexOf('@') + 1)}` : '';
  step('image', 'done', `debug image ${image.image} (${image.reason}; ${image.verified}${image.cached ? ' (cached answer)' : ''}${pinned})`);
  for (const warning of image.warnings) step('image', 'warn', warning);

  const target = targetFacts(pod, targetName, imageUser.value);
  const security = planSecurity({ profile: request.profile, level, asRoot: request.asRoot, target });
  const untrusted = elevatedImageProblem({ image, asRoot: request.asRoot, applied: security.applied, mapping: request.mapping });
  if (untrusted) throw new UsageError(untrusted, { hint: ELEVATED_IMAGE_HINT });
  step('plan', 'done', profileSummary(target, security, level));
  step('plan', 'info', abilitySummary(security));
  for (const warning of security.warnings) step('plan', 'warn', warning);

  const volumes = request.mountVolumes === undefined ? undefined : planVolumeMounts(pod.spec?.containers.find((c) => c.name === targetName) ?? {}, request.mountVolumes);
  if (volumes) {
    step('plan', 'info', volumes.mounts.length === 0 ? `volumes: ${targetName} mounts none` : `volumes: ${volumes.mounts.map(describeMount).join('; ')}`);
  }
  return { pod, namespace, podName, target, image, level, security, ...(volumes ? { volumes } : {}) };
}

/**
 * Reattach only to a container that is exactly what this run would add: same image, user,
 * securityContext and command. Anything else gets a new container, and the reason is said (into warnings).
 */
function chooseReuse(
  deps: SessionDeps,
  request: DebugRequest,
  where: DebugWhere,
  facts: TargetPlan,
  container: V1EphemeralContainer,
  warnings: string[],
): DebugContainerInfo | undefined {
  const step = stepper(deps);
  const { pod, namespace, podName } = facts;
  let reuse: DebugContainerInfo | undefined;
  if (!request.forceNew) {
    const chosen = chooseReusable(pod, container);
    // The container the user picked gets its own note below.
    const passedOver = chosen.passedOver.filter((p) => p.name !== where.reattach);
    // A pod that collected many debug containers gets one line, not one per container.
    const notes =
      passedOver.length <= 2
        ? passedOver.map((p) => `not reattaching ${p.name}: ${p.why}`)
        : [`not reattaching ${passedOver.length} running debug containers that differ from what this run would add (cg-debug ls -n ${namespace} ${podName} lists them)`];
    for (const note of notes) step('reuse', 'info', note);
    reuse = chosen.reuse;
    if (!reuse) warnings.push(...notes);
  }
  // The container the user picked wins when it is exactly what this run would add; else say why not.
  if (where.reattach !== undefined) {
    const picked = choosePicked(pod, container, where.reattach);
    if ('reuse' in picked) reuse = picked.reuse;
    else warnings.push(`${picked.why}; ${reuse ? `reattaching ${reuse.name} instead` : 'a new debug container will be added instead'}`);
  }
  return reuse;
}

/**
 * -c NAME: the pod's container of that name when it is exactly what this run would add and runs, or is a
 * holder still starting (a run that exec'd early can end before the pod status says running); else why not.
 */
function chooseNamed(pod: V1Pod, wanted: V1EphemeralContainer, name: string): { reuse: DebugContainerInfo } | { why: string } {
  const onlyNamed: V1Pod = { ...pod, spec: { containers: [], ...pod.spec, ephemeralContainers: (pod.spec?.ephemeralContainers ?? []).filter((c) => c.name === name) } };
  const { reuse } = chooseReusable(onlyNamed, wanted);
  if (reuse) return { reuse };
  // Why not: its spec first, whatever its state (a holder may still be starting).
  const spec = pod.spec?.ephemeralContainers?.find((c) => c.name === name);
  const differing = spec ? specDifferences(spec, wanted) : [];
  return differing.length > 0 ? { why: `not reattaching ${name}: ${differenceReason(differing)}` } : choosePicked(pod, wanted, name);
}

function profileSummary(target: TargetFacts, security: SecurityPlan, level: PodSecurityLevel | undefined): string {
  const { profile: applied, user } = securitySummary(security);
  const app = target.uid === undefined ? "app's user unknown" : `app runs as uid ${target.uid}, from the ${target.uidSource === 'image' ? 'image' : 'securityContext'}`;
  return `profile ${applied} (namespace enforces ${level ?? 'an unknown level'}); shell runs as ${user} (${app})`;
}

function abilitySummary({ abilities }: SecurityPlan): string {
  return `read the app's files: ${abilities.readAppFiles} (${abilities.readAppFilesWhy}); apk add: ${abilities.installPackages} (${abilities.installPackagesWhy})`;
}
