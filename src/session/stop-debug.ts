// `cg-debug stop`: ends debug containers. An ephemeral container cannot be deleted; it ends when its
// main process does, so a small script is exec'd into it (src/core/stop-script.ts), then the pod
// status is awaited until it says terminated. A run that exec'd the script into a container is audited,
// however it ended.
import type { V1Pod } from '@kubernetes/client-node';
import { DisconnectedError, NotFoundError, TimeoutError, UsageError } from '../core/errors.js';
import { stopCommand } from '../core/stop-script.js';
import { debugContainersOf } from '../core/target.js';
import { Writable } from 'node:stream';
import { execCommand } from '../kube/attach.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import type { Kube } from '../kube/client.js';
import { findPod } from '../kube/pods.js';
import type { PodArg } from '../core/pod-arg.js';
import { deleteCopy, listCopies, waitUntilGone } from '../kube/copy-pods.js';
import { copiesOf } from '../core/copy-pod.js';
import { waitForExitCode } from '../kube/wait-container.js';
import type { OnStep } from '../core/steps.js';
import { audited, type AuditTrail } from './audit-trail.js';

export interface StopRequest {
  namespace: string;
  podArg: PodArg;
  container?: string;
  all: boolean;
  timeoutMs: number;
}

export interface StopDeps {
  kube: Kube;
  onStep: OnStep;
  signal: AbortSignal;
  now: () => number;
  audit: AuditTrail;
}

interface Choice {
  pod: string;
  /** Running containers to stop. */
  stop: string[];
  /** Named containers that already ended: nothing to do, and that is success. */
  ended: string[];
}

/** Which containers of the pod to stop; throws for a name that is not one of its debug containers. */
export function chooseStop(pod: V1Pod, request: Pick<StopRequest, 'container' | 'all'>): Choice {
  const podName = pod.metadata?.name ?? '';
  const ephemeral = pod.spec?.ephemeralContainers ?? [];
  const states = new Map((pod.status?.ephemeralContainerStatuses ?? []).map((s) => [s.name, s.state]));
  const running = debugContainersOf(pod).filter((c) => c.state === 'running').map((c) => c.name);
  if (request.container !== undefined) {
    const name = request.container;
    // Any ephemeral container can be stopped (a --name'd one too); never an app container.
    if (!ephemeral.some((c) => c.name === name)) {
      const known = debugContainersOf(pod).map((c) => c.name);
      throw new NotFoundError(`pod ${podName} has no debug container ${JSON.stringify(name)}`, {
        hint: known.length > 0 ? `its debug containers: ${known.join(', ')} (cg-debug ls ${podName})` : `it has none (cg-debug ls ${podName})`,
      });
    }
    return states.get(name)?.terminated ? { pod: podName, stop: [], ended: [name] } : { pod: podName, stop: [name], ended: [] };
  }
  if (request.all || running.length <= 1) return { pod: podName, stop: running, ended: [] };
  throw new UsageError(`pod ${podName} has ${running.length} running debug containers: ${running.join(', ')}`, {
    hint: `name one (cg-debug stop ${podName} ${running[0] ?? ''}) or stop them all with --all`,
  });
}

/**
 * Stops the chosen containers and waits until the pod status says each has terminated. With no
 * container named, the pod's copies (`--copy`) are deleted too; a copy named as the pod is deleted.
 */
export async function stopDebug(deps: StopDeps, request: StopRequest, io: TerminalIO): Promise<void> {
  const step = (status: 'start' | 'done' | 'info', message: string) => deps.onStep({ id: 'stop', status, message, at: deps.now() });
  // A finished pod may still list a holder that never ended, and a copy is deleted in any state: found too.
  const pod = await findPod(deps.kube, request.namespace, request.podArg, { mustRun: false, signal: deps.signal });
  const podName = pod.metadata?.name ?? request.podArg.name;
  const isCopy = copiesOf([pod]).length === 1;
  const copies = isCopy ? [podName] : request.container === undefined ? (await listCopies(deps.kube, request.namespace, podName, deps.signal)).map((c) => c.metadata?.name ?? '') : [];
  const choice = isCopy ? { pod: podName, stop: [], ended: [] } : chooseStop(pod, request);
  for (const name of choice.ended) step('done', `${name} has already ended`);
  if (choice.stop.length === 0 && choice.ended.length === 0 && copies.length === 0) step('done', `no running cg-debug container in ${request.namespace}/${choice.pod}`);
  const stopped: string[] = [];
  const deleted: string[] = [];
  const none = { target: null, container: null, added: false, image: null, imageDigest: null, profile: null, uid: null };
  const deletedFacts = (names: string[]) => (names.length > 0 ? { deleted: [...names].sort() } : {});
  deps.audit.touching(
    { action: 'stop', namespace: request.namespace, pod: choice.pod, ...none, stopped: [...choice.stop].sort(), ...deletedFacts(copies), exitCode: 130 },
    { entered: choice.stop.length > 0 || copies.length > 0 },
  );
  await audited(
    deps.audit,
    deps,
    () =>
      Promise.all([
        ...choice.stop.map((name) => stopOne(deps, request, choice.pod, name, io, step, () => stopped.push(name))),
        ...copies.map((name) => deleteOne(deps, request, name, step, () => deleted.push(name))),
      ]),
    ({ exitCode }) =>
      stopped.length > 0 || deleted.length > 0
        ? { action: 'stop', namespace: request.namespace, pod: choice.pod, ...none, stopped: stopped.sort(), ...deletedFacts(deleted), exitCode }
        : undefined,
  );
}

/** Deletes a copy and waits until it is gone. */
async function deleteOne(deps: StopDeps, request: StopRequest, name: string, step: (status: 'start' | 'done' | 'info', message: string) => void, onDelete: () => void): Promise<void> {
  step('start', `deleting copy ${name}`);
  onDelete();
  await deleteCopy(deps.kube, request.namespace, name, deps.signal);
  if (!(await waitUntilGone(deps.kube, request.namespace, name, request.timeoutMs, deps.signal))) {
    throw new TimeoutError(`copy ${name} was not gone within ${Math.round(request.timeoutMs / 1000)}s`, {
      hint: `see kubectl describe pod ${name} -n ${request.namespace}; rerun cg-debug stop with a longer --timeout`,
    });
  }
  step('done', `deleted copy ${name}`);
}

async function stopOne(
  deps: StopDeps,
  request: StopRequest,
  pod: string,
  container: string,
  io: TerminalIO,
  step: (status: 'start' | 'done' | 'info', message: string) => void,
  onExec: () => void,
): Promise<void> {
  step('start', `stopping ${container}`);
  // The stop script prints nothing worth showing, and any ephemeral container can be named (one planted
  // by whoever may patch ephemeralcontainers): what it writes is discarded, never sent to the terminal.
  const discard = () => new Writable({ write: (_chunk, _encoding, callback) => callback() }) as unknown as NodeJS.WriteStream;
  const where = { namespace: request.namespace, pod, container, io: { ...io, stdout: discard(), stderr: discard() }, signal: deps.signal, forwardStdin: false };
  try {
    onExec();
    await execCommand(deps.kube, { ...where, command: stopCommand(`cg-debug: ${container} is being stopped (cg-debug stop); this shell ends now`) });
  } catch (error) {
    // The stop script dies with the container it ends: a dropped connection is the expected end.
    if (!(error instanceof DisconnectedError)) throw error;
  }
  const exitCode = await waitForExitCode(deps.kube, { namespace: request.namespace, pod, container, timeoutMs: request.timeoutMs, signal: deps.signal });
  if (exitCode === undefined) {
    throw new TimeoutError(`${container} did not end within ${Math.round(request.timeoutMs / 1000)}s`, {
      hint: `see kubectl describe pod ${pod} -n ${request.namespace}; rerun cg-debug stop with a longer --timeout`,
    });
  }
  step('done', `stopped ${container}`);
}
