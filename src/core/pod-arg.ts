// The pod argument, `POD` or kubectl's `TYPE/NAME` forms, parsed once where argv is read.
import { UsageError } from './errors.js';
import { isDnsSubdomain } from './kube-names.js';

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

// The API group of each kind, as kubectl accepts it after the resource (`deployments.apps`).
const GROUP: Record<PodArgKind, string> = { pod: '', deployment: 'apps', statefulset: 'apps', daemonset: 'apps', replicaset: 'apps', job: 'batch' };

/**
 * Parses `POD`, `pod/NAME`, `deploy/NAME`, `sts/NAME`... as kubectl does: the kind case-insensitive, in
 * short, singular or plural form, with its API group (`deployments.apps/web`). The name must be a DNS
 * subdomain, so it is safe in a URL path.
 */
export function parsePodArg(arg: string): PodArg {
  const slash = arg.indexOf('/');
  if (slash < 0) {
    if (arg === '') throw new UsageError('no pod given', { hint: 'pass a pod name or KIND/NAME, e.g. deploy/web' });
    return { kind: 'pod', name: checkedName(arg, arg) };
  }
  const [resource = '', ...group] = arg.slice(0, slash).toLowerCase().split('.');
  const name = arg.slice(slash + 1);
  const kind = KINDS[resource];
  if (!kind || (group.length > 0 && group.join('.') !== GROUP[kind])) {
    throw new UsageError(`cannot debug a "${arg.slice(0, slash)}": not a pod or a workload with pods`, {
      hint: 'use POD, pod/NAME, deploy/NAME, sts/NAME, ds/NAME, job/NAME or rs/NAME',
    });
  }
  if (name === '' || name.includes('/')) {
    throw new UsageError(`"${arg}" is not KIND/NAME`, { hint: 'e.g. deploy/web or pod/web-7d9f8-abcde' });
  }
  return { kind, name: checkedName(name, arg) };
}

function checkedName(name: string, arg: string): string {
  if (!isDnsSubdomain(name)) {
    throw new UsageError(`${JSON.stringify(arg)} is not a pod name`, {
      hint: 'use POD or TYPE/NAME with lower-case letters, digits, "-" and ".", e.g. checkout-7d9f or deploy/checkout',
    });
  }
  return name;
}

/** How the argument reads in messages: `web-1`, `deployment/web`. */
export function formatPodArg(arg: PodArg): string {
  return arg.kind === 'pod' ? arg.name : `${arg.kind}/${arg.name}`;
}
