// A debug session in three steps shared by plain mode and the TUI: plan (read-only), start (add the
// holder container), connect (exec a shell or a command into it; attach where exec is forbidden). Each
// step reports progress as Step events through deps.onStep; only connect, once the shell has the
// terminal, writes to it (a line break before a lost connection's error).
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { buildDebugContainer, ephemeralContainerPatch, newDebugContainerName, type EphemeralContainerPatch } from '../core/debug-container.js';
import { overrideCandidate, type ImageMapping } from '../core/dev-image.js';
import { ContainerFailedError, DisconnectedError, ForbiddenError, InterruptedError, UnreachableError, UsageError } from '../core/errors.js';
import { holderCommand } from '../core/holder.js';
import { podNamesProblem } from '../core/kube-names.js';
import { launcherCommand } from '../core/launcher.js';
import { describeMount, planVolumeMounts, type MountMode, type VolumePlan } from '../core/volume-mounts.js';
import { shellStartCommand, type ShellStartInput } from '../core/shell-start.js';
import { choosePicked, chooseReusable } from '../core/reuse.js';
import { assertTargetRunning } from '../core/target-state.js';
import { planSecurity, type PodSecurityLevel, type ProfileName, type SecurityPlan } from '../core/profiles.js';
import {
  chooseTargetContainer,
  runningImage,
  targetFacts,
  type ConnectBy,
  type DebugContainerInfo,
  type TargetFacts,
} from '../core/target.js';
import { canI } from '../kube/access-review.js';
import { attachInteractive, execCommand, execInteractive, type TerminalIO } from '../kube/attach.js';
import { retryWhileStarting, type StartRetry } from '../kube/exec-ready.js';
import type { Kube } from '../kube/client.js';
import { addEphemeralContainer } from '../kube/ephemeral.js';
import { readEnforceLevel } from '../kube/pod-security.js';
import { resolvePod } from '../kube/pods.js';
import { waitForContainer, waitForExitCode, type ContainerOutcome } from '../kube/wait-container.js';
import {
  fetchImageUser,
  imageToRun,
  resolveAppDevImage,
  resolveDevImage,
  type RegistryOptions,
  type ResolvedDevImage,
} from '../registry/resolve-dev-image.js';
import type { RegistryAuth } from '../registry/auth.js';
import type { OnStep, Step } from '../core/steps.js';
import { sanitizeText } from '../core/sanitize.js';
import { planCopy, type CopyPlan } from './plan-copy.js';
import { startCopy } from './start-copy.js';

/**
 * Where to debug: each entry point says it in one expression (the pod argument and --target, or the
 * picker's choice). The plan reads the pod and decides everything else.
 */
export interface DebugWhere {
  /** The kube client's namespace (the context's, or -n) when absent. */
  namespace?: string;
  /** POD, pod/NAME, deploy/NAME, ... */
  pod: string;
  /** The container to target; the pod's default container when absent. */
  target?: string;
  /** A running cg-debug container the user picked (in the TUI) to reattach instead of adding one. */
  reattach?: string;
}

/** How to debug, whichever pod: built once from the flags and the effective config. */
export interface DebugRequest {
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
  /** How the app's image maps to a debug image (default image, mirrors, devTags). */
  mapping: ImageMapping;
  /** Command mode (`-- CMD ARGS`): run it without a TTY instead of attaching a shell. */
  command?: string[];
  /** --mount-volumes: mount the target's volumes in the debug container, read-only unless rw. */
  mountVolumes?: MountMode;
  /** --env: the shell gets the target's environment. */
  importEnv?: boolean;
  /** The holder's time to live in seconds (--ttl); 0: no limit. */
  ttlSeconds: number;
  /** --copy: debug a copy of the pod (src/session/plan-copy.ts) instead of adding an ephemeral container. */
  copy?: { keepLabels: boolean; sameNode: boolean };
}

/** Side effects a session needs, passed in (tests and the TUI provide their own). */
export interface SessionDeps {
  kube: Kube;
  onStep: OnStep;
  signal: AbortSignal;
  random: () => number;
  /** Milliseconds since the session started. */
  now: () => number;
  /** Registry credentials (docker config and helpers); anonymous when absent. */
  registryAuth?: RegistryAuth;
}

/**
 * Everything decided before the cluster is changed, and all that start and connect need: shown by the
 * TUI's plan screen and by --dry-run.
 */
export interface DebugPlan {
  pod: V1Pod;
  namespace: string;
  podName: string;
  target: TargetFacts;
  image: ResolvedDevImage;
  level: PodSecurityLevel | undefined;
  security: SecurityPlan;
  /** exec: shells run over pods/exec in a holder; attach: pods/exec is forbidden, the shell is attached. */
  connectBy: ConnectBy;
  /** A running cg-debug container that will be reused instead of adding a new one. */
  reuse?: DebugContainerInfo;
  /** The container that will be added (absent when reusing). */
  container?: V1EphemeralContainer;
  /** --mount-volumes: where each of the target's volumes is in the debug container. */
  volumes?: VolumePlan;
  /** The exact strategic merge patch body startDebug sends (absent when reusing). */
  patch?: EphemeralContainerPatch;
  /** How long start waits for a new container to run. */
  timeoutMs: number;
  /** Command mode: what connect runs instead of a shell. */
  command?: string[];
  /** --env: the shell starts with the target's environment. */
  importEnv: boolean;
  warnings: string[];
  /** --copy: the copy shells run in (podName is then the copy's name). */
  copy?: CopyPlan;
}

export interface StartedDebug {
  container: string;
  reused: boolean;
  connectBy: ConnectBy;
  /** Set when the new container may not run yet: the exec is retried until the runtime runs it. */
  early?: EarlyExec;
}

/** What connectDebug needs to exec into a container that is still starting. */
export interface EarlyExec {
  retry: StartRetry;
  /** Resolves when the pod status says the container runs: piped input may flow from then on. */
  running: Promise<unknown>;
  /** The exec got through (first output): the start is over, its progress lines stop. */
  onOutput: () => void;
  /** Ends watching the pod status. */
  done: () => void;
}

export interface StartOptions {
  /**
   * Return right after the patch: connectDebug then execs as soon as the runtime runs the container,
   * instead of waiting for the pod status (up to a second later). Only for a connect that follows at once.
   */
  execEarly?: boolean;
}

/** Resolves pod, target, image and security; changes nothing in the cluster. */
export async function planDebug(deps: SessionDeps, request: DebugRequest, where: DebugWhere): Promise<DebugPlan> {
  if (request.copy) return planCopy(deps, request, where);
  const step = stepper(deps);
  const namespace = where.namespace ?? deps.kube.namespace;
  // One token cache for every registry call of this plan.
  const registry: RegistryOptions = {
    offline: request.offline,
    signal: deps.signal,
    tokens: new Map(),
    ...(deps.registryAuth ? { auth: deps.registryAuth } : {}),
  };
  // Started first and awaited last: the namespace's level and the user's rights do not depend on the pod.
  const levelPromise = readEnforceLevel(deps.kube, namespace, deps.signal);
  levelPromise.catch(() => undefined);
  const connectByPromise = chooseConnectBy(deps.kube, namespace, request.command !== undefined, deps.signal);
  connectByPromise.catch(() => undefined);
  const mayPatchPromise = canI(deps.kube, { verb: 'patch', resource: 'pods', subresource: 'ephemeralcontainers', namespace }, deps.signal);
  mayPatchPromise.catch(() => undefined);
  // The wait for a new container lists its pod and watches from there: without both it fails after the patch.
  const mayFollowPromise = Promise.all(
    (['list', 'watch'] as const).map((verb) => canI(deps.kube, { verb, resource: 'pods', namespace }, deps.signal)),
  ).then((answers) => !answers.includes(false));
  mayFollowPromise.catch(() => undefined);
  // With --image the registry check does not need the pod, so it overlaps with the pod lookup.
  const overridePromise = request.image === undefined ? undefined : resolveDevImage([overrideCandidate(request.image)], registry);

  step('pod', 'start', `looking up ${namespace}/${where.pod}`);
  const pod = await resolvePod(deps.kube, namespace, where.pod, deps.signal);
  const podName = pod.metadata?.name ?? where.pod;
  const targetName = chooseTargetContainer(pod, where.target);
  const namesProblem = podNamesProblem({ namespace: pod.metadata?.namespace ?? namespace, pod: podName, container: targetName });
  if (namesProblem) {
    throw new UnreachableError(`the API server answered ${namesProblem} for ${where.pod}: not using it`, {
      hint: 'a real API server never stores such a name: check that --context / kubeconfig point at the cluster you mean',
    });
  }
  const appImage = pod.spec?.containers.find((c) => c.name === targetName)?.image ?? '';
  // What the kubelet pulled: matched against tags too, since it may be a platform manifest's digest.
  const imageID = pod.status?.containerStatuses?.find((s) => s.name === targetName)?.imageID || undefined;
  step('pod', 'done', `pod ${namespace}/${podName}, target container ${targetName} (${appImage})`);

  step('image', 'start', `choosing the debug image for ${appImage}`);
  const bare = targetFacts(pod, targetName);
  const [image, imageUser, level] = await Promise.all([
    overridePromise ?? resolveAppDevImage({ image: appImage, mapping: request.mapping, ...(imageID ? { imageID } : {}) }, registry),
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
  const connectWay = await connectByPromise;
  const connectBy: ConnectBy = connectWay === 'none' ? 'exec' : connectWay;
  const attachWarning = "pods/exec is forbidden here: the shell is attached instead, so what you type and see lands in the pod's log (kubectl logs)";
  if (connectBy === 'attach') step('plan', 'warn', attachWarning);
  const warnings = [...image.warnings, ...security.warnings, ...(connectBy === 'attach' ? [attachWarning] : [])];
  const base = {
    pod,
    namespace,
    podName,
    target,
    image,
    level,
    security,
    connectBy,
    ...(volumes ? { volumes } : {}),
    timeoutMs: request.timeoutMs,
    importEnv: request.importEnv ?? false,
    ...(request.command ? { command: request.command } : {}),
    warnings,
  };
  const container = buildDebugContainer({
    name: request.name ?? newDebugContainerName(pod, deps.random),
    image: imageToRun(image),
    target: targetName,
    securityContext: security.securityContext,
    command:
      connectBy === 'exec' ? holderCommand(request.ttlSeconds) : launcherCommand(shellStartInput(target, request.importEnv ?? false)),
    connectBy,
    // Part of the spec, so a running container is reused only with exactly these mounts.
    ...(volumes ? { volumeMounts: volumes.volumeMounts } : {}),
  });
  // Reattach only to a container that is exactly what this run would add: same image, user,
  // securityContext and command. Anything else gets a new container, and the reason is said.
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
    if (!reuse) base.warnings.push(...notes);
  }
  // The container the user picked wins when it is exactly what this run would add; else say why not.
  if (where.reattach !== undefined) {
    const picked = choosePicked(pod, container, where.reattach);
    if ('reuse' in picked) reuse = picked.reuse;
    else base.warnings.push(`${picked.why}; ${reuse ? `reattaching ${reuse.name} instead` : 'a new debug container will be added instead'}`);
  }
  if (reuse) {
    if (connectWay === 'none') throw missingPermissions(namespace, request.command !== undefined, { patch: false, connect: true, follow: false });
    return { ...base, reuse };
  }
  // Every missing permission named at once, before the pod is changed: fixing one only to meet the next wastes an incident's minutes.
  const [mayPatch, mayFollow] = await Promise.all([mayPatchPromise, mayFollowPromise]);
  const missing = { patch: mayPatch === false, connect: connectWay === 'none', follow: !mayFollow };
  if (missing.patch || missing.connect || missing.follow) throw missingPermissions(namespace, request.command !== undefined, missing);
  // A container that targets one that does not run never starts, and it could never be removed.
  assertTargetRunning(pod, targetName);
  if (request.name !== undefined && containerNames(pod).has(request.name)) {
    throw new UsageError(`pod ${podName} already has a container named ${request.name}`, {
      hint: 'choose another --name, or leave it out for a generated one',
    });
  }
  return { ...base, container, patch: ephemeralContainerPatch(container) };
}

/**
 * Where pods/exec is allowed (or the answer is unknown), shells are exec'd into a holder. Where it is
 * forbidden and pods/attach allowed, a shell is attached. 'none' when neither can work: the plan then
 * refuses before the pod is changed.
 */
async function chooseConnectBy(kube: Kube, namespace: string, commandMode: boolean, signal: AbortSignal): Promise<ConnectBy | 'none'> {
  // The websocket upgrade is a GET that RBAC also checks as create: a role needs both verbs.
  const ask = async (subresource: string) => {
    const answers = await Promise.all(['create', 'get'].map((verb) => canI(kube, { verb, resource: 'pods', subresource, namespace }, signal)));
    return !answers.includes(false);
  };
  if (await ask('exec')) return 'exec';
  if (!commandMode && (await ask('attach'))) return 'attach';
  return 'none';
}

/** Adds the debug container (unless reusing) and waits until it runs, or with execEarly only until it is added. */
export async function startDebug(deps: SessionDeps, plan: DebugPlan, options: StartOptions = {}): Promise<StartedDebug> {
  if (plan.copy) return startCopy(deps, { ...plan, copy: plan.copy });
  const step = stepper(deps);
  if (plan.reuse?.state === 'running') {
    const connectBy: ConnectBy = plan.reuse.holder ? 'exec' : 'attach';
    step('reuse', 'done', `reusing running debug container ${plan.reuse.name} (--new adds another)`);
    return { container: plan.reuse.name, reused: true, connectBy };
  }
  const container = plan.reuse ? undefined : plan.container;
  const patch = plan.reuse ? undefined : plan.patch;
  const name = plan.reuse?.name ?? container?.name;
  if (name === undefined || (container !== undefined && patch === undefined)) throw new Error('a plan without a container or a reusable one');
  // The wait (a GET, then a watch) starts before the patch so its setup overlaps the patch and no status
  // change is missed; a failed patch stops it. Its steps are held back until the patch is reported.
  const stopWaiting = new AbortController();
  let patched = false;
  // Once a shell prints, the status watch must not write progress lines over it.
  const progress = { muted: false };
  const early: Step[] = [];
  const waiting = waitForContainer(deps.kube, {
    namespace: plan.namespace,
    pod: plan.podName,
    container: name,
    timeoutMs: plan.timeoutMs,
    signal: AbortSignal.any([deps.signal, stopWaiting.signal]),
    onStep: (s) => (progress.muted ? undefined : patched ? deps.onStep(s) : early.push(s)),
    now: deps.now,
  });
  waiting.catch(() => undefined);
  if (container && patch) {
    step('patch', 'start', `adding ephemeral container ${name} to ${plan.namespace}/${plan.podName}`);
    try {
      await addEphemeralContainer(deps.kube, { namespace: plan.namespace, pod: plan.podName, container: name, patch }, deps.signal);
    } catch (error) {
      stopWaiting.abort();
      throw error;
    }
    step('patch', 'done', `added ${name}`);
  } else {
    // A holder that an earlier run added, still starting: the same wait as for a new one, no patch.
    step('reuse', 'done', `reusing debug container ${name}, which is starting (--new adds another)`);
  }
  patched = true;
  step('wait', 'start', `waiting for ${name} to run`);
  for (const s of early) deps.onStep(s);
  const reused = container === undefined;
  if (options.execEarly && plan.connectBy === 'exec') {
    return { container: name, reused, connectBy: 'exec', early: execWhenRunning(deps, name, waiting, stopWaiting, progress) };
  }
  const outcome = await waiting;
  if (outcome.state === 'terminated') {
    step('wait', 'warn', `${name} exited at once with code ${outcome.exitCode}${outcome.reason ? ` (${outcome.reason})` : ''}`);
  } else {
    step('wait', 'done', `${name} is running`);
  }
  return { container: name, reused, connectBy: plan.connectBy };
}

/** Retries the first exec until the runtime runs the container; the status watch still fails fast. */
function execWhenRunning(
  deps: SessionDeps,
  name: string,
  waiting: Promise<ContainerOutcome>,
  stopWaiting: AbortController,
  progress: { muted: boolean },
): EarlyExec {
  const step = stepper(deps);
  const failed = waiting.then((outcome): Promise<never> => {
    if (outcome.state === 'terminated') {
      throw new ContainerFailedError(`${name} exited at once with code ${outcome.exitCode}${outcome.reason ? ` (${outcome.reason})` : ''}`, {
        hint: 'the debug image needs a POSIX sh with read -t (busybox or bash); try another --image',
      });
    }
    // Running: the exec is about to succeed; only it ends the retrying now.
    return new Promise<never>(() => undefined);
  });
  return {
    retry: retryWhileStarting({ failed, running: waiting, signal: deps.signal }),
    running: waiting,
    onOutput: () => {
      if (progress.muted) return;
      step('wait', 'done', `${name} is running`);
      progress.muted = true;
    },
    done: () => stopWaiting.abort(),
  };
}

/** Hands the terminal to the shell (or runs the command); resolves with the exit code. */
export async function connectDebug(
  deps: SessionDeps,
  plan: DebugPlan,
  started: StartedDebug,
  io: TerminalIO,
): Promise<number> {
  const { early } = started;
  const where = {
    namespace: plan.namespace,
    pod: plan.podName,
    container: started.container,
    io,
    signal: deps.signal,
    ...(early ? { stdinAfter: early.running, onOutput: early.onOutput } : {}),
  };
  const attempt = <T>(run: () => Promise<T>): Promise<T> => (early ? early.retry(run).finally(early.done) : run());
  if (plan.command) {
    const command = [...(plan.copy?.commandPrefix ?? []), ...plan.command];
    return attempt(() => execCommand(deps.kube, { ...where, command }));
  }
  const step = stepper(deps);
  const again = `run cg-debug -n ${plan.namespace} ${plan.podName} again for a new shell in it`;
  if (started.connectBy === 'exec') {
    step('attach', 'done', `shell in ${started.container}`);
    const command = plan.copy?.shellCommand ?? shellStartCommand(shellStartInput(plan.target, plan.importEnv));
    const end = await attempt(() => execInteractive(deps.kube, { ...where, command }));
    if (end.kind === 'exited') return end.exitCode;
    io.stderr.write('\r\n');
    if (deps.signal.aborted) throw new InterruptedError(`interrupted; ${started.container} keeps running`, { hint: again });
    throw new DisconnectedError(`lost the connection to the shell in ${started.container} (${end.reason}); the container keeps running`, { hint: again });
  }
  step('attach', 'done', started.reused ? `reattached to ${started.container}: press Enter if no prompt shows` : `attaching to ${started.container}`);
  const end = await attachInteractive(deps.kube, { namespace: plan.namespace, pod: plan.podName, container: started.container, io, signal: deps.signal });
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

/** One error naming every permission this session lacks, with the `kubectl auth can-i` to check each. */
function missingPermissions(ns: string, commandMode: boolean, missing: { patch: boolean; connect: boolean; follow: boolean }): ForbiddenError {
  const lacks = [
    ...(missing.patch ? [{ what: 'patch pods/ephemeralcontainers', check: `kubectl auth can-i patch pods/ephemeralcontainers -n ${ns}` }] : []),
    ...(missing.connect
      ? [{ what: `create pods/exec${commandMode ? '' : ' (nor pods/attach)'}`, check: `kubectl auth can-i create pods/exec -n ${ns}` }]
      : []),
    ...(missing.follow ? [{ what: 'list and watch pods', check: `kubectl auth can-i list pods -n ${ns}; kubectl auth can-i watch pods -n ${ns}` }] : []),
  ];
  const first = missing.patch
    ? { verb: 'patch', resource: 'pods/ephemeralcontainers' }
    : missing.connect
      ? { verb: 'create', resource: 'pods/exec' }
      : { verb: 'watch', resource: 'pods' };
  return new ForbiddenError(`cannot ${lacks.map((l) => l.what).join(', nor ')} in namespace ${ns}`, { ...first, namespace: ns }, {
    hint: `ask for RBAC; check with: ${lacks.map((l) => l.check).join('; ')}`,
  });
}

/** What the shell start shows and does: the target's view, and --env. */
function shellStartInput(target: TargetFacts, importEnv: boolean): ShellStartInput {
  return {
    target: target.container,
    shareProcessNamespace: target.shareProcessNamespace,
    image: sanitizeText(runningImage(target)),
    importEnv,
  };
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
