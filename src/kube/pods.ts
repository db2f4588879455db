import type { V1LabelSelector, V1Pod, V1PodList } from '@kubernetes/client-node';
import { NotFoundError, NotRunningError } from '../core/errors.js';
import { toKubeError, type ApiAction } from './api-errors.js';
import { pickAttachablePod } from './attachable-pod.js';
import type { Kube } from './client.js';
import { closeNames } from './close-names.js';
import { labelSelectorString } from './label-selector.js';
import { listPodNames } from './names.js';
import type { PodArg, WorkloadKind } from '../core/pod-arg.js';
import { podPath } from './first-reads.js';
import { REST_TIMEOUT_MS } from './rest.js';
import { withRetryAfter } from './retry.js';

function action(kube: Kube, signal: AbortSignal | undefined, verb: string, resource: string, namespace: string, name?: string): ApiAction {
  return { verb, resource, namespace, name, server: kube.server, context: kube.context, signal, timeoutMs: REST_TIMEOUT_MS };
}

/** Pod names in the namespace, or none when listing is not allowed: suggestions are a courtesy. */
async function podNames(kube: Kube, namespace: string, signal?: AbortSignal): Promise<string[]> {
  return listPodNames(kube, namespace, signal).catch(() => []);
}

async function podNotFound(kube: Kube, namespace: string, name: string, cause: unknown, signal?: AbortSignal): Promise<NotFoundError> {
  const close = closeNames(name, await podNames(kube, namespace, signal));
  const suggestion = close.length > 0 ? `did you mean ${close.join(', ')}? ` : '';
  return new NotFoundError(`pod "${name}" not found in namespace ${namespace}`, {
    hint: `${suggestion}list them with kubectl get pods -n ${namespace} (or pass -n NAMESPACE)`,
    cause,
  });
}

export async function getPod(kube: Kube, namespace: string, name: string, signal?: AbortSignal): Promise<V1Pod> {
  try {
    return await withRetryAfter(() => kube.rest.json<V1Pod>({ method: 'GET', path: podPath(namespace, name), signal }), { signal });
  } catch (error) {
    const typed = toKubeError(error, action(kube, signal, 'get', 'pods', namespace, name));
    if (typed instanceof NotFoundError) throw await podNotFound(kube, namespace, name, error, signal);
    throw typed;
  }
}

/** The reason a pod is not running, in kubectl's words: the pod reason, else the first container's. */
export function notRunningReason(pod: V1Pod): string | undefined {
  if (pod.metadata?.deletionTimestamp) return 'Terminating';
  if (pod.status?.reason) return pod.status.reason;
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const reason = status.state?.waiting?.reason ?? status.state?.terminated?.reason;
    if (reason) return reason;
  }
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return unscheduled?.reason;
}

/** Throws NotRunningError unless the pod can take an ephemeral container now. */
export function assertRunning(pod: V1Pod): V1Pod {
  const phase = pod.status?.phase ?? 'Unknown';
  const reason = notRunningReason(pod);
  if (phase === 'Running' && !pod.metadata?.deletionTimestamp) return pod;
  const name = pod.metadata?.name ?? '?';
  const namespace = pod.metadata?.namespace ?? '';
  const finished = phase === 'Succeeded' || phase === 'Failed';
  const shown = reason && reason !== phase ? `${phase} (${reason})` : phase;
  throw new NotRunningError(`pod "${name}" is ${shown}, not Running`, {
    // A copy of the pod, with the app's command held, is the way into a pod that does not run.
    hint: finished
      ? `its containers have exited and ephemeral containers cannot start in it: debug a copy of it: cg-debug -n ${namespace} ${name} --copy`
      : `debug a copy of it: cg-debug -n ${namespace} ${name} --copy; or wait until it runs (kubectl get pod ${name} -n ${namespace} -w; kubectl describe pod ${name} -n ${namespace} says why)`,
  });
}

const WORKLOAD_RESOURCE: Record<WorkloadKind, string> = {
  deployment: 'deployments',
  statefulset: 'statefulsets',
  daemonset: 'daemonsets',
  replicaset: 'replicasets',
  job: 'jobs',
};

const WORKLOAD_GROUP: Record<WorkloadKind, string> = {
  deployment: 'apps/v1',
  statefulset: 'apps/v1',
  daemonset: 'apps/v1',
  replicaset: 'apps/v1',
  job: 'batch/v1',
};

async function readSelector(kube: Kube, kind: WorkloadKind, namespace: string, name: string, signal?: AbortSignal) {
  const path = `/apis/${WORKLOAD_GROUP[kind]}/namespaces/${encodeURIComponent(namespace)}/${WORKLOAD_RESOURCE[kind]}/${encodeURIComponent(name)}`;
  return (await kube.rest.json<{ spec?: { selector?: V1LabelSelector } }>({ method: 'GET', path, signal })).spec?.selector;
}

async function workloadPod(kube: Kube, kind: WorkloadKind, namespace: string, name: string, signal?: AbortSignal): Promise<V1Pod> {
  const resource = WORKLOAD_RESOURCE[kind];
  let selector: V1LabelSelector | undefined;
  try {
    selector = await withRetryAfter(() => readSelector(kube, kind, namespace, name, signal), { signal });
  } catch (error) {
    throw toKubeError(error, action(kube, signal, 'get', resource, namespace, name));
  }
  const labelSelector = labelSelectorString(selector);
  if (!labelSelector) {
    throw new NotFoundError(`${kind}/${name} has no pod selector`, { hint: `pick a pod: kubectl get pods -n ${namespace}` });
  }
  let pods: V1Pod[];
  try {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
    pods = (await withRetryAfter(() => kube.rest.json<V1PodList>({ method: 'GET', path, query: { labelSelector }, signal }), { signal })).items;
  } catch (error) {
    throw toKubeError(error, action(kube, signal, 'list', 'pods', namespace));
  }
  const pod = pickAttachablePod(pods);
  if (!pod) {
    throw new NotFoundError(`${kind}/${name} has no pods (selector ${labelSelector})`, {
      hint: `kubectl get ${resource} ${name} -n ${namespace}; is it scaled to zero?`,
    });
  }
  return pod;
}

/**
 * The one pod lookup for every command: `POD` or `pod/NAME` read by name, `deploy/NAME`, `sts/NAME`,
 * `ds/NAME`, `job/NAME`, `rs/NAME` resolved as kubectl does, to a running pod chosen by the selector.
 * mustRun: the pod must run now (to take an ephemeral container); without it a finished pod is found
 * too (ls and stop show and end what it still holds). Throws NotFoundError (suggesting close names),
 * NotRunningError, ForbiddenError, UnreachableError.
 */
export async function findPod(kube: Kube, namespace: string, arg: PodArg, options: { mustRun: boolean; signal?: AbortSignal }): Promise<V1Pod> {
  const { kind, name } = arg;
  const { signal } = options;
  const pod = kind === 'pod' ? await getPod(kube, namespace, name, signal) : await workloadPod(kube, kind, namespace, name, signal);
  return options.mustRun ? assertRunning(pod) : pod;
}
