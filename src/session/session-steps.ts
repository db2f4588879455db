// The session steps' shared small parts: the progress reporter, the pod lookup, the registry options
// every plan uses, and what a shell start shows.
import type { V1Pod } from '@kubernetes/client-node';
import { UnreachableError } from '../core/errors.js';
import { podNamesProblem } from '../core/kube-names.js';
import { chooseTargetContainer, runningImage, type TargetFacts } from '../core/target.js';
import { sanitizeText } from '../core/sanitize.js';
import type { ShellStartInput } from '../core/shell-start.js';
import type { Step } from '../core/steps.js';
import type { RetryTarget } from '../kube/exec-ready.js';
import { findPod } from '../kube/pods.js';
import { formatPodArg } from '../core/pod-arg.js';
import type { RegistryOptions } from '../registry/resolve-dev-image.js';
import type { DebugPlan, DebugRequest, DebugWhere, SessionDeps } from './debug-types.js';

export function stepper(deps: Pick<SessionDeps, 'onStep' | 'now'>): (id: Step['id'], status: Step['status'], message: string) => void {
  return (id, status, message) => deps.onStep({ id, status, message, at: deps.now() });
}

/**
 * The registry options of one plan, for every way of debugging: one token cache for all its registry
 * calls, the host's credentials, and the answers earlier runs cached for app images known by digest.
 */
export function registryOptions(deps: Pick<SessionDeps, 'signal' | 'registryAuth' | 'registryCache'>, request: Pick<DebugRequest, 'offline'>): RegistryOptions {
  return {
    offline: request.offline,
    signal: deps.signal,
    tokens: new Map(),
    ...(deps.registryAuth ? { auth: deps.registryAuth } : {}),
    ...(deps.registryCache ? { cache: deps.registryCache } : {}),
  };
}

/** What the shell start shows and does: the target's view, and --app-env. */
export function shellStartInput(target: TargetFacts, importEnv: boolean): ShellStartInput {
  return {
    target: target.container,
    shareProcessNamespace: target.shareProcessNamespace,
    image: sanitizeText(runningImage(target)),
    importEnv,
  };
}

/** The exec being retried, named in the error at the deadline. */
export function retryTarget(plan: Pick<DebugPlan, 'namespace' | 'podName' | 'pod'>, container: string): RetryTarget {
  return { namespace: plan.namespace, pod: plan.podName, container, node: plan.pod.spec?.nodeName };
}

/**
 * The pod (findPod's one lookup rule: running only, or in any state for a copy), its name and the
 * target container, with every name checked before it goes into a URL or a spec.
 */
export async function lookUpTarget(
  deps: Pick<SessionDeps, 'kube' | 'signal' | 'onStep' | 'now'>,
  namespace: string,
  where: DebugWhere,
  options: { mustRun: boolean },
): Promise<{ pod: V1Pod; podName: string; targetName: string }> {
  const asked = formatPodArg(where.pod);
  stepper(deps)('pod', 'start', `looking up ${namespace}/${asked}`);
  const pod = await findPod(deps.kube, namespace, where.pod, { mustRun: options.mustRun, signal: deps.signal });
  const podName = pod.metadata?.name ?? where.pod.name;
  const targetName = chooseTargetContainer(pod, where.target);
  const namesProblem = podNamesProblem({ namespace: pod.metadata?.namespace ?? namespace, pod: podName, container: targetName });
  if (namesProblem) {
    throw new UnreachableError(`the API server answered ${namesProblem} for ${asked}: not using it`, {
      hint: 'a real API server never stores such a name: check that --context / kubeconfig point at the cluster you mean',
    });
  }
  return { pod, podName, targetName };
}
