import type { V1Pod } from '@kubernetes/client-node';
import { holderCommand } from '../../../src/core/holder.js';

export interface PodSpecInput {
  name: string;
  namespace?: string;
  uid?: string;
  image?: string;
  containers?: { name: string; image: string; ready?: boolean }[];
  defaultContainer?: string;
  node?: string;
  created?: string;
  /** Debug containers: with `ttlSeconds` a holder that shells are exec'd into, else an attached shell. */
  debug?: { name: string; image: string; target?: string; running: boolean; ttlSeconds?: number; uid?: number; started?: string }[];
}

/** A running pod as the API returns it (only the fields the TUI reads). */
export function makePod(input: PodSpecInput): V1Pod {
  const containers = input.containers ?? [{ name: 'app', image: input.image ?? 'cgr.dev/chainguard/nginx:1.25', ready: true }];
  const namespace = input.namespace ?? 'default';
  return {
    metadata: {
      name: input.name,
      namespace,
      uid: input.uid ?? `${namespace}-${input.name}`,
      creationTimestamp: (input.created ?? '2024-01-01T00:00:00Z') as unknown as Date,
      ...(input.defaultContainer === undefined
        ? {}
        : { annotations: { 'kubectl.kubernetes.io/default-container': input.defaultContainer } }),
    },
    spec: {
      nodeName: input.node ?? 'node-1',
      containers: containers.map((c) => ({ name: c.name, image: c.image })),
      ephemeralContainers: (input.debug ?? []).map((d) => ({
        name: d.name,
        image: d.image,
        ...(d.ttlSeconds === undefined ? { stdin: true, tty: true } : { command: holderCommand(d.ttlSeconds) }),
        ...(d.uid === undefined ? {} : { securityContext: { runAsUser: d.uid } }),
        ...(d.target === undefined ? {} : { targetContainerName: d.target }),
      })),
    },
    status: {
      phase: 'Running',
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: c.ready ?? true,
        restartCount: 0,
        state: { running: { startedAt: new Date(0) } },
      })),
      ephemeralContainerStatuses: (input.debug ?? []).map((d) => ({
        name: d.name,
        image: d.image,
        imageID: '',
        ready: false,
        restartCount: 0,
        state: d.running ? { running: { startedAt: new Date(d.started ?? 0) } } : { terminated: { exitCode: 0 } },
      })),
    },
  };
}
