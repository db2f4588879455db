import { UsageError } from '../core/errors.js';

export type WorkloadKind = 'deployment' | 'statefulset' | 'daemonset' | 'job' | 'replicaset';
export type PodArgKind = 'pod' | WorkloadKind;

export interface PodArg {
  kind: PodArgKind;
  name: string;
}

// Aliases kubectl accepts for the kinds that own pods by a label selector.
const KINDS: Record<string, PodArgKind> = {
  po: 'pod',
  pod: 'pod',
  pods: 'pod',
  deploy: 'deployment',
  deployment: 'deployment',
  deployments: 'deployment',
  sts: 'statefulset',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  ds: 'daemonset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  job: 'job',
  jobs: 'job',
  rs: 'replicaset',
  replicaset: 'replicaset',
  replicasets: 'replicaset',
};

/** Parses `POD`, `pod/NAME`, `deploy/NAME`, `sts/NAME`... (kind case-insensitive, `.apps` group suffix allowed). */
export function parsePodArg(arg: string): PodArg {
  const slash = arg.indexOf('/');
  if (slash < 0) {
    if (arg === '') throw new UsageError('no pod given', { hint: 'pass a pod name or KIND/NAME, e.g. deploy/web' });
    return { kind: 'pod', name: arg };
  }
  const rawKind = arg.slice(0, slash).toLowerCase().replace(/\.(apps|batch)$/, '');
  const name = arg.slice(slash + 1);
  const kind = KINDS[rawKind];
  if (!kind) {
    throw new UsageError(`cannot debug a "${arg.slice(0, slash)}": not a pod or a workload with pods`, {
      hint: 'use POD, pod/NAME, deploy/NAME, sts/NAME, ds/NAME, job/NAME or rs/NAME',
    });
  }
  if (name === '' || name.includes('/')) {
    throw new UsageError(`"${arg}" is not KIND/NAME`, { hint: 'e.g. deploy/web or pod/web-7d9f8-abcde' });
  }
  return { kind, name };
}
