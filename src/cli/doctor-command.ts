// `cg-debug doctor [POD]`: every check a debug session depends on, each with pass or fail and the fix,
// read-only. Exit 0 only when every check passes.
import type { V1Pod } from '@kubernetes/client-node';
import {
  apiServerCheck,
  doctorExitCode,
  formatChecks,
  nodeCheck,
  permissionChecks,
  podSecurityCheck,
  registryCheck,
  userNamespaceCheck,
  webhookCheck,
  type Check,
} from '../core/doctor.js';
import { isCgDebugError } from '../core/errors.js';
import { PERMISSIONS } from '../core/permissions.js';
import { parseImageRef } from '../core/image-ref.js';
import { chooseTargetContainer, targetFacts } from '../core/target.js';
import { assertTargetRunning } from '../core/target-state.js';
import type { Kube } from '../kube/client.js';
import { connectKube } from './kube-connect.js';
import { accessReview } from '../kube/access-review.js';
import { nodeInfo, serverVersion, webhookConfigs } from '../kube/doctor-facts.js';
import { enforceLevelOf } from '../kube/pod-security.js';
import { findPod } from '../kube/pods.js';
import { formatPodArg, type PodArg } from '../core/pod-arg.js';
import { requestOptions } from '../kube/request-options.js';
import { hostRegistryAuth } from '../registry/host-auth.js';
import type { Transport } from '../registry/http.js';
import { appImageOf, resolveAppDevImage } from '../registry/resolve-dev-image.js';
import type { Options } from './options.js';
import { writeStructured } from './structured-output.js';
import type { Output } from './output.js';

type DoctorOptions = Extract<Options, { kind: 'doctor' }>;

/** Exit code when a check failed (the usage and kubeconfig codes stay for a doctor that cannot start). */
export const DOCTOR_FAILED = 1;

function failed(name: string, error: unknown): Check {
  if (isCgDebugError(error)) return { name, status: 'fail', detail: error.message, ...(error.hint ? { fix: error.hint } : {}) };
  return { name, status: 'fail', detail: error instanceof Error ? error.message : String(error) };
}

async function namespaceCheck(kube: Kube, namespace: string, signal: AbortSignal): Promise<Check> {
  try {
    const ns = await kube.core.readNamespace({ name: namespace }, requestOptions(signal));
    return podSecurityCheck(namespace, enforceLevelOf(ns.metadata?.labels), true);
  } catch {
    return podSecurityCheck(namespace, undefined, false);
  }
}

async function podChecks(kube: Kube, options: DoctorOptions, podArg: PodArg, signal: AbortSignal, registryTransport: Transport | undefined): Promise<Check[]> {
  let pod: V1Pod;
  let target: string;
  try {
    pod = await findPod(kube, kube.namespace, podArg, { mustRun: true, signal });
    target = chooseTargetContainer(pod, options.target);
  } catch (error) {
    return [failed('pod', error)];
  }
  const podName = pod.metadata?.name ?? podArg.name;
  const checks: Check[] = [];
  try {
    assertTargetRunning(pod, target);
    checks.push({ name: 'target container', status: 'pass', detail: `${target} of pod ${kube.namespace}/${podName} is running` });
  } catch (error) {
    checks.push(failed('target container', error));
  }
  const nodeName = pod.spec?.nodeName;
  const [node, image] = await Promise.all([
    nodeName ? nodeInfo(kube, nodeName, signal).then((info) => nodeCheck(nodeName, info), (error: unknown) => failed('node', error)) : Promise.resolve<Check>({ name: 'node', status: 'info', detail: 'the pod is not scheduled on a node yet' }),
    imageCheck(pod, target, options, signal, registryTransport),
  ]);
  checks.push(node, userNamespaceCheck(pod), image);
  return checks;
}

async function imageCheck(pod: V1Pod, target: string, options: DoctorOptions, signal: AbortSignal, registryTransport: Transport | undefined): Promise<Check> {
  try {
    // The session's lookup: the target's image and, for a pinned one, what the kubelet pulled.
    const app = appImageOf(targetFacts(pod, target), options.mapping);
    const appImage = app.image;
    const chosen = await resolveAppDevImage(app, { offline: false, signal, auth: hostRegistryAuth(process.env), ...(registryTransport ? { transport: registryTransport } : {}) });
    return registryCheck({
      image: chosen.pinned ?? chosen.image,
      verified: chosen.verified,
      devRegistry: parseImageRef(chosen.image).registry,
      appRegistry: parseImageRef(appImage).registry,
      pullSecrets: (pod.spec?.imagePullSecrets ?? []).flatMap((s) => (s.name ? [s.name] : [])),
    });
  } catch (error) {
    return failed('debug image', error);
  }
}

/**
 * Runs every check that applies; later ones are skipped when the kubeconfig or the server fails.
 * connectTo and registryTransport are the seams tests replace (the API, the registries).
 */
export async function doctorChecks(
  options: DoctorOptions,
  signal: AbortSignal,
  connectTo: () => Kube,
  registryTransport?: Transport,
): Promise<{ checks: Check[]; kube?: Kube }> {
  let kube: Kube;
  try {
    kube = connectTo();
  } catch (error) {
    return { checks: [failed('kubeconfig', error)] };
  }
  // With --as, every check below answers for the impersonated user.
  const as = kube.impersonate ? `; every check as ${kube.impersonate.user} (--as)` : '';
  const checks: Check[] = [{ name: 'kubeconfig', status: 'pass', detail: `context ${kube.context}, server ${kube.server}, namespace ${kube.namespace}${as}` }];
  try {
    const version = await serverVersion(kube, signal);
    checks.push({ name: 'API server', status: 'pass', detail: `reachable, Kubernetes ${version}` }, apiServerCheck(version));
  } catch (error) {
    checks.push(failed('API server', error));
    return { checks, kube };
  }
  const [permissions, security, webhooks] = await Promise.all([
    Promise.all(PERMISSIONS.map(async (p) => [p, await accessReview(kube, { ...p, namespace: kube.namespace }, signal)] as const)).then((answers) =>
      permissionChecks(kube.namespace, new Map(answers)),
    ),
    namespaceCheck(kube, kube.namespace, signal),
    webhookConfigs(kube, signal).then(webhookCheck, (error: unknown) => failed('admission webhooks', error)),
  ]);
  checks.push(...permissions, security, webhooks);
  if (options.podArg === undefined) {
    checks.push({ name: 'pod', status: 'info', detail: 'no POD given: the target container, its node, user namespace and debug image were not checked' });
  } else {
    checks.push(...(await podChecks(kube, options, options.podArg, signal, registryTransport)));
  }
  return { checks, kube };
}

export async function runDoctor(options: DoctorOptions, out: Output, signal: AbortSignal): Promise<number> {
  const { checks, kube } = await doctorChecks(options, signal, () => connectKube(options.connection, signal));
  const code = doctorExitCode(checks, DOCTOR_FAILED);
  if (options.output) {
    const doc = {
      ok: code === 0,
      ...(kube ? { context: kube.context, namespace: kube.namespace } : {}),
      ...(options.podArg ? { pod: formatPodArg(options.podArg) } : {}),
      checks,
    };
    await writeStructured(out, doc, options.output);
  } else {
    out.text(formatChecks(checks));
  }
  return code;
}
