// The plan of `cg-debug POD --copy`, beside planDebug: read the pod (in whatever state), resolve the
// target's -dev sibling as the ephemeral path does, apply the security profile to the copy's container,
// build the copy, and ask everything that could refuse it (RBAC, its claims, and the API server itself
// in a server-side dry run) before anything exists. Changes nothing in the cluster.
import type { V1NetworkPolicyList, V1Pod } from '@kubernetes/client-node';
import { overrideCandidate } from '../core/dev-image.js';
import { newDebugContainerName } from '../core/debug-container.js';
import { UsageError } from '../core/errors.js';
import { missingPermissionsError } from '../core/permissions.js';
import { holderCommand } from '../core/holder.js';
import { planSecurity, securitySummary } from '../core/profiles.js';
import { sanitizeText } from '../core/sanitize.js';
import { runningImage, targetFacts } from '../core/target.js';
import {
  appCommand,
  buildCopyPod,
  chooseReusableCopy,
  claimProblem,
  claimsOf,
  copyPodName,
  selectedBy,
  type AppCommand,
  type CopyPod,
} from '../core/copy-pod.js';
import { commandLine, copyCommandPrefix, copyShellCommand } from '../core/copy-shell.js';
import { shellStartCommand } from '../core/shell-start.js';
import { claimFacts, createCopy, listCopies } from '../kube/copy-pods.js';
import { readEnforceLevel } from '../kube/pod-security.js';
import { notRunningReason } from '../kube/pods.js';
import { kubeUser } from '../kube/self-subject.js';
import { appImageOf, fetchImageProcess, imageToRun, resolveAppDevImage, resolveDevImage } from '../registry/resolve-dev-image.js';
import type { DebugPlan, DebugRequest, DebugWhere, SessionDeps } from './debug-types.js';
import { startPreflight } from './preflight.js';
import { lookUpTarget, registryOptions, stepper } from './session-steps.js';

/** What --copy adds to a plan: the copy to create (or the running one to reuse) and how to reach it. */
export interface CopyPlan {
  /** The pod the copy is made of. */
  original: string;
  /** The copy: the pod this run creates, exactly as sent (and as --dry-run prints it). */
  pod: V1Pod;
  /** The copy's name: the new one, or the running copy that is reused. */
  name: string;
  /** A running copy with the same spec, reused instead of creating one (--new: never). */
  reuse?: string;
  /** The container shells and commands are exec'd into. */
  container: string;
  /** The app container runs its -dev sibling (false: the debug image runs beside the unchanged app). */
  sibling: boolean;
  /** What differs from the original, for the plan screen. */
  changes: string[];
  app: AppCommand;
  /** The interactive shell's command line. */
  shellCommand: string[];
  /** What a `-- COMMAND` runs under (`app` on the PATH first). */
  commandPrefix: string[];
}

const WHOAMI_TIMEOUT_MS = 5_000;

/**
 * The pod as plain JSON (times as strings): the copy is built from that. The client's pod models name
 * every field as the API does, so this is the API's own shape.
 */
function plainPod(pod: V1Pod): V1Pod {
  return JSON.parse(JSON.stringify(pod)) as V1Pod;
}

/** Plans a copy of the pod; resolves with a DebugPlan whose podName is the copy's. */
// eslint-disable-next-line max-lines-per-function -- the reviews, the copies' list, the level and the user start before the pod is read and are awaited where each is needed; split, every part would take most of them.
export async function planCopy(deps: SessionDeps, request: DebugRequest, where: DebugWhere): Promise<DebugPlan> {
  const copyOptions = request.copy ?? { keepLabels: false, sameNode: false };
  const step = stepper(deps);
  const namespace = where.namespace ?? deps.kube.namespace;
  const registry = registryOptions(deps, request);
  const settle = <T>(promise: Promise<T>): Promise<T> => (promise.catch(() => undefined), promise);
  const levelPromise = settle(readEnforceLevel(deps.kube, namespace, deps.signal));
  // The session's permission table and rule, for a copy: exec, follow, and create (and delete) pods.
  const preflight = startPreflight(deps.kube, namespace, request.command !== undefined, deps.signal, { copy: true });
  const userPromise = settle(kubeUser(deps.kube, WHOAMI_TIMEOUT_MS));
  const copiesPromise = request.forceNew ? Promise.resolve([]) : settle(listCopies(deps.kube, namespace, undefined, deps.signal));
  const overridePromise = request.image === undefined ? undefined : settle(resolveDevImage([overrideCandidate(request.image)], registry));

  // A copy is made of a pod that cannot take an ephemeral container: found in any state.
  const { pod, podName, targetName } = await lookUpTarget(deps, namespace, where, { mustRun: false });
  const appSpec = pod.spec?.containers.find((c) => c.name === targetName);
  const bare = targetFacts(pod, targetName);
  const appImage = bare.image;
  step('pod', 'done', `pod ${namespace}/${podName} (${notRunningReason(pod) ?? pod.status?.phase ?? 'Unknown'}), target container ${targetName} (${appImage}): debugging a copy`);

  step('image', 'start', `choosing the debug image for ${appImage}`);
  const [resolved, appImageFacts, level] = await Promise.all([
    overridePromise ?? resolveAppDevImage(appImageOf(bare, request.mapping), registry),
    fetchImageProcess(appImage, registry),
    levelPromise,
  ]);
  // The app image's refused content is said with the debug image's warnings, and kept in the plan's.
  const image = appImageFacts.warning ? { ...resolved, warnings: [...resolved.warnings, appImageFacts.warning] } : resolved;
  const sibling = image.rule !== 'default-image';
  step('image', 'done', `${sibling ? 'copy runs' : 'no -dev sibling: debug container'} ${imageToRun(image)} (${image.reason}; ${image.verified}${image.cached ? ' (cached answer)' : ''})`);
  for (const warning of image.warnings) step('image', 'warn', warning);

  const target = targetFacts(pod, targetName, appImageFacts.value?.user);
  const security = planSecurity({ profile: request.profile, level, asRoot: request.asRoot, target });
  const app = appCommand(appSpec ?? {}, appImageFacts.value?.process);
  const user = await userPromise.catch(() => ({ name: null }));
  const name = copyPodName(podName, deps.random);
  const built: CopyPod = buildCopyPod({
    original: plainPod(pod),
    name,
    target: targetName,
    ...(sibling ? { devImage: imageToRun(image) } : { debug: { name: request.name ?? newDebugContainerName(pod, deps.random), image: imageToRun(image) } }),
    holder: holderCommand(request.ttlSeconds),
    securityContext: security.securityContext,
    ttlSeconds: request.ttlSeconds,
    keepLabels: copyOptions.keepLabels,
    sameNode: copyOptions.sameNode,
    app,
    madeBy: user.name,
  });
  const summary = securitySummary(security);
  step('plan', 'done', `profile ${summary.profile} (namespace enforces ${level ?? 'an unknown level'}); the copy's ${built.container} runs as ${summary.user}`);
  step('plan', 'info', `copy: ${built.changes.join('; ')}`);
  if (sibling) step('plan', 'info', `app: ${app.argv.length > 0 ? commandLine(app.argv) : "unknown (the registry did not tell the image's entrypoint)"}`);
  // With the sibling the shell is in the app's own container: its files are its own root, whatever the user.
  const ownFiles = (w: string) => sibling && w.startsWith("the app's files will not be readable");
  const warnings = [...image.warnings, ...security.warnings.filter((w) => !ownFiles(w))];
  for (const warning of warnings.slice(image.warnings.length)) step('plan', 'warn', warning);
  if (!copyOptions.keepLabels) {
    for (const policy of await networkPoliciesSelecting(deps, namespace, pod)) {
      const note = `NetworkPolicy ${policy} selects ${podName} by its labels; the copy (labels off) is not covered by it (--keep-labels keeps them)`;
      step('plan', 'warn', note);
      warnings.push(note);
    }
  }

  const base = {
    pod,
    namespace,
    // Without the sibling the copy shares one PID namespace: /proc/1 is the pause process there.
    target: sibling ? target : { ...target, shareProcessNamespace: true },
    image,
    level,
    security: sibling
      ? { ...security, abilities: { ...security.abilities, readAppFiles: 'yes' as const, readAppFilesWhy: "the shell runs in the app's own container (the copy)" } }
      : security,
    connectBy: 'exec' as const,
    timeoutMs: request.timeoutMs,
    importEnv: false,
    // --env KEY=VAL is given to the exec'd shell or command, as in an ephemeral container.
    ...(request.env && request.env.length > 0 ? { env: request.env } : {}),
    ...(request.command ? { command: request.command } : {}),
    warnings,
  };
  const shellFor = (copyName: string): string[] =>
    sibling
      ? copyShellCommand({ copy: copyName, original: podName, container: built.container, argv: app.argv, workingDir: app.workingDir })
      : shellStartCommand({ target: targetName, shareProcessNamespace: true, image: sanitizeText(runningImage(target)) });
  const copyPlan = (copyName: string, reuse?: string): CopyPlan => ({
    original: podName,
    pod: built.pod,
    name: copyName,
    ...(reuse ? { reuse } : {}),
    container: built.container,
    sibling,
    changes: built.changes,
    app,
    shellCommand: shellFor(copyName),
    commandPrefix: sibling ? copyCommandPrefix(app) : [],
  });

  const chosen = chooseReusableCopy(await copiesPromise.catch(() => []), built, podName);
  const reused = chosen.reuse?.metadata?.name;
  // Every missing permission at once, before anything exists.
  const verdict = await preflight.verdict(reused !== undefined);
  if (verdict.missing.length > 0) throw missingPermissionsError(namespace, verdict.missing, deps.kube.impersonate, { copy: true });
  for (const passed of chosen.passedOver.slice(0, 2)) step('reuse', 'info', `not reusing copy ${passed.name}: ${passed.why}`);
  if (reused) return { ...base, podName: reused, copy: copyPlan(reused, reused) };

  if (verdict.without.some((p) => p.verb === 'delete')) {
    const note = `you may not delete pods in ${namespace}: cg-debug stop cannot remove the copy (it ends by itself after its TTL)`;
    step('plan', 'warn', note);
    warnings.push(note);
  }
  const claims = claimsOf(pod);
  if (claims.length > 0) {
    const { facts, unread } = await claimFacts(deps.kube, namespace, claims, deps.signal);
    const problem = claimProblem(facts, copyOptions.sameNode, podName);
    if (problem) throw new UsageError(problem.message, { hint: problem.hint });
    if (unread.length > 0) {
      const note = `could not read claim ${unread.join(', ')}: if it is ReadWriteOnce, the copy needs --same-node`;
      step('plan', 'warn', note);
      warnings.push(note);
    }
  }
  // The API server answers for Pod Security, webhooks, quotas and validation: nothing is stored.
  step('plan', 'start', `asking the API server whether it admits ${name} (server-side dry run)`);
  await createCopy(deps.kube, built.pod, { dryRun: true, signal: deps.signal });
  step('plan', 'done', `the API server admits ${name} (server-side dry run)`);
  return { ...base, podName: name, copy: copyPlan(name) };
}

/** NetworkPolicies of the namespace whose podSelector selects the pod by its labels (none when they cannot be read). */
async function networkPoliciesSelecting(deps: SessionDeps, namespace: string, pod: V1Pod): Promise<string[]> {
  try {
    const path = `/apis/networking.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/networkpolicies`;
    const list = await deps.kube.rest.json<V1NetworkPolicyList>({ method: 'GET', path, signal: deps.signal });
    return list.items.filter((p) => selectedBy(p.spec?.podSelector, pod.metadata?.labels ?? {})).map((p) => sanitizeText(p.metadata?.name ?? ''));
  } catch {
    return [];
  }
}
