// CONTRACT STUB: the lead replaces the bodies; the TUI and plain mode both drive a session through these.
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import type { PodSecurityLevel, ProfileName, SecurityPlan } from '../core/profiles.js';
import type { DebugContainerInfo, TargetFacts } from '../core/target.js';
import type { Kube } from '../kube/client.js';
import type { TerminalIO } from '../kube/attach.js';
import type { ResolvedDevImage } from '../registry/resolve-dev-image.js';
import type { OnStep } from './steps.js';

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
  /** Command mode (`-- CMD ARGS`): run it without a TTY instead of attaching a shell. */
  command?: string[];
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
  /** The exact strategic merge patch body (absent when reusing). */
  patch?: { spec: { ephemeralContainers: V1EphemeralContainer[] } };
  warnings: string[];
}

export interface StartedDebug {
  container: string;
  reused: boolean;
}

/** Resolves pod, target, image and security; changes nothing in the cluster. */
export function planDebug(deps: SessionDeps, request: DebugRequest): Promise<DebugPlan> {
  throw new Error(`unimplemented: ${deps.kube.namespace} ${request.podArg}`);
}

/** Adds the debug container (unless reusing) and waits until it runs. */
export function startDebug(deps: SessionDeps, plan: DebugPlan, request: DebugRequest): Promise<StartedDebug> {
  throw new Error(`unimplemented: ${plan.podName} ${request.podArg}`);
}

/** Hands the terminal to the shell (or runs the command); resolves with the exit code. */
export function connectDebug(
  deps: SessionDeps,
  plan: DebugPlan,
  started: StartedDebug,
  request: DebugRequest,
  io: TerminalIO,
): Promise<number> {
  throw new Error(`unimplemented: ${plan.podName} ${started.container} ${request.podArg} ${io.stdout.columns}`);
}
