// The shapes the three steps of a debug session pass along: what to debug and how (DebugWhere,
// DebugRequest), the side effects (SessionDeps), the plan (DebugPlan) and what start did (StartedDebug).
import type { CustomSpec } from '../core/custom-spec.js';
import type { ImagePullPolicy } from '../core/debug-container.js';
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import type { EphemeralContainerPatch } from '../core/debug-container.js';
import type { ImageMapping } from '../core/dev-image.js';
import type { MountMode, VolumePlan } from '../core/volume-mounts.js';
import type { PodSecurityLevel, ProfileName, SecurityPlan } from '../core/profiles.js';
import type { ConnectBy, DebugContainerInfo, TargetFacts } from '../core/target.js';
import type { StartRetry } from '../kube/exec-ready.js';
import type { Kube } from '../kube/client.js';
import type { ResolvedDevImage } from '../registry/resolve-dev-image.js';
import type { AnswerCache } from '../registry/answer-cache.js';
import type { RegistryAuth } from '../registry/auth.js';
import type { CopyPlan } from './plan-copy.js';
import type { OnStep } from '../core/steps.js';
import type { PodArg } from '../core/pod-arg.js';

/**
 * Where to debug: each entry point says it in one expression (the pod argument and --target, or the
 * picker's choice). The plan reads the pod and decides everything else.
 */
export interface DebugWhere {
  /** The kube client's namespace (the context's, or -n) when absent. */
  namespace?: string;
  /** POD, pod/NAME, deploy/NAME, ...: parsed once where it was given (argv, the picker's row). */
  pod: PodArg;
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
  /**
   * -c/--name: the debug container's name. It is reattached when it runs and is exactly what this run
   * would add; else a new one gets this name (a name taken by another container is refused).
   */
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
  /** --app-env: the shell gets the target's environment. */
  importEnv?: boolean;
  /**
   * --env KEY=VAL: given to the exec'd shell or command (through `env`), never written into the container
   * spec: values stay out of the pod spec that anyone who can read pods sees, and reuse still matches.
   */
  env?: readonly string[];
  /** --custom (and a config profile's custom): merged into a new debug container. */
  custom?: CustomSpec;
  /** --image-pull-policy for a new debug container. */
  imagePullPolicy?: ImagePullPolicy;
  /** Lines to show before planning (e.g. how --profile legacy was mapped). */
  notes?: readonly string[];
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
  /** Told by startDebug the moment its patch is accepted: the pod has changed, whatever follows. */
  onAdded?: (container: string) => void;
  /** The registry's answers about app images known by digest, from earlier runs; every answer asked for when absent. */
  registryCache?: AnswerCache;
}

/**
 * Everything decided before the cluster is changed, and all that start and connect need: shown by the
 * TUI's plan screen and by --dry-run.
 */
/** What any way of debugging (a debug container, a copy) knows about its target before it changes anything. */
export interface TargetPlan {
  pod: V1Pod;
  namespace: string;
  podName: string;
  target: TargetFacts;
  image: ResolvedDevImage;
  level: PodSecurityLevel | undefined;
  security: SecurityPlan;
  /** --mount-volumes: where each of the target's volumes is in the debug container. */
  volumes?: VolumePlan;
}

export interface DebugPlan extends TargetPlan {
  /** exec: shells run over pods/exec in a holder; attach: pods/exec is forbidden, the shell is attached. */
  connectBy: ConnectBy;
  /** A running cg-debug container that will be reused instead of adding a new one. */
  reuse?: DebugContainerInfo;
  /** The container that will be added (absent when reusing). */
  container?: V1EphemeralContainer;
  /** The exact strategic merge patch body startDebug sends (absent when reusing). */
  patch?: EphemeralContainerPatch;
  /** How long start waits for a new container to run. */
  timeoutMs: number;
  /** Command mode: what connect runs instead of a shell. */
  command?: string[];
  /** --app-env: the shell starts with the target's environment. */
  importEnv: boolean;
  /** --env KEY=VAL: set in the exec'd shell or command. */
  env?: readonly string[];
  warnings: string[];
  /** --copy: the copy shells run in (podName is then the copy's name). */
  copy?: CopyPlan;
}

/** What startDebug did: added `container`, or reused it (reused: true). */
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
