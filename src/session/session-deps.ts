import type { Kube } from '../kube/client.js';
import type { AnswerCache } from '../registry/answer-cache.js';
import type { RegistryAuth } from '../registry/auth.js';
import type { SessionDeps } from './debug-session.js';
import type { OnStep } from '../core/steps.js';

/** What a run provides to all of its sessions: the cluster, the registry's credentials, randomness. */
export interface SessionHost {
  kube: Kube;
  /** Aborted by the first signal: every step unwinds. */
  signal: AbortSignal;
  /** Registry credentials (Docker config and helpers); anonymous when absent. */
  registryAuth?: RegistryAuth;
  /** The registry's answers about app images known by digest, from earlier runs. */
  registryCache?: AnswerCache;
  /** For generated container names. */
  random?: () => number;
}

/** The dependencies of one session, which reports its steps to `onStep`, timed from `startedAt`. */
export function sessionDeps(host: SessionHost, onStep: OnStep, startedAt: number = performance.now()): SessionDeps {
  return {
    kube: host.kube,
    onStep,
    signal: host.signal,
    random: host.random ?? Math.random,
    now: () => Math.round(performance.now() - startedAt),
    ...(host.registryAuth ? { registryAuth: host.registryAuth } : {}),
    ...(host.registryCache ? { registryCache: host.registryCache } : {}),
  };
}
