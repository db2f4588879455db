// The hidden `cg-debug __complete pods|namespaces|contexts|containers POD|debug-containers POD`: names for
// the shell completion scripts, one a line, from our own client (no kubectl needed). Completion must
// never hang a shell: a short timeout, and every failure ends silently with no names. The names come
// from whoever controls the cluster: only valid Kubernetes names are offered, so nothing a shell could
// expand or a terminal act on gets through. Contexts come from the kubeconfig alone: no cluster call.
import { ExitCode } from '../core/errors.js';
import { isDnsLabel, isDnsSubdomain } from '../core/kube-names.js';
import { parsePodArg } from '../core/pod-arg.js';
import { kubeconfigContexts, type Kube } from '../kube/client.js';
import { connectKube } from './kube-connect.js';
import { listContainerNames, listDebugContainerNames, listNamespaceNames, listPodNames } from '../kube/names.js';
import { deadlineSignal } from '../timing/deadline-signal.js';
import type { CompleteKind } from './commands/complete.js';
import type { Options } from './options.js';
import type { Output } from './output.js';

const COMPLETE_TIMEOUT_MS = 3_000;

type CompleteOptions = Extract<Options, { kind: '__complete' }>;

async function clusterNames(kube: Kube, options: CompleteOptions, signal: AbortSignal): Promise<string[]> {
  switch (options.what) {
    case 'pods':
      return listPodNames(kube, kube.namespace, signal);
    case 'namespaces':
      return listNamespaceNames(kube, signal);
    case 'containers':
    case 'debug-containers': {
      // Only a pod named outright: a workload's pod is chosen at run time, not at TAB.
      const arg = parsePodArg(options.pod ?? '');
      if (arg.kind !== 'pod') return [];
      const list = options.what === 'containers' ? listContainerNames : listDebugContainerNames;
      return list(kube, kube.namespace, arg.name, signal);
    }
    case 'contexts':
      return [];
  }
}

export async function runComplete(options: CompleteOptions, out: Output, signal: AbortSignal): Promise<number> {
  try {
    let listed: string[];
    if (options.what === 'contexts') {
      listed = kubeconfigContexts(options.connection);
    } else {
      const bounded = AbortSignal.any([signal, deadlineSignal(COMPLETE_TIMEOUT_MS)]);
      // A TAB must never start a login prompt: credential plugins run without the terminal.
      const kube = connectKube(options.connection, bounded, { stdinIsTTY: false });
      listed = await clusterNames(kube, options, bounded);
    }
    const names = completionNames(options.what, listed);
    if (names.length > 0) out.text(`${names.join('\n')}\n`);
  } catch {
    // No names is the answer a completion can live with.
  }
  return ExitCode.ok;
}

// Context names are the user's own file's, but may still carry anything: kubectl's usual spellings only
// (kind-x, user@cluster, arn:aws:eks:region:acct:cluster/name, gke_project_zone_name).
const CONTEXT_NAME = /^[A-Za-z0-9][\w.@:/+-]*$/;

/** The names worth offering: pods are DNS subdomains, namespaces and containers DNS labels; anything else is dropped. */
export function completionNames(what: CompleteKind, names: readonly (string | undefined)[]): string[] {
  const valid = what === 'pods' ? isDnsSubdomain : what === 'contexts' ? (name: string) => CONTEXT_NAME.test(name) && name.length <= 253 : isDnsLabel;
  return names.filter((name): name is string => name !== undefined && valid(name));
}
