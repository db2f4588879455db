// The hidden `cg-debug __complete pods|namespaces`: names for the shell completion scripts, one a line,
// from our own client (no kubectl needed). Completion must never hang a shell: a short timeout, and
// every failure ends silently with no names. The names come from whoever controls the cluster: only
// valid Kubernetes names are offered, so nothing a shell could expand or a terminal act on gets through.
import { isDnsLabel, isDnsSubdomain } from '../core/kube-names.js';
import { connect, processKubeconfigEnv, processPluginDeps } from '../kube/client.js';
import { requestOptions } from '../kube/request-options.js';
import type { Options } from './options.js';

const COMPLETE_TIMEOUT_MS = 3_000;

export async function runComplete(
  options: Extract<Options, { kind: '__complete' }>,
  io: { stdout: NodeJS.WritableStream },
  signal: AbortSignal,
): Promise<number> {
  try {
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(COMPLETE_TIMEOUT_MS)]);
    // A TAB must never start a login prompt: credential plugins run without the terminal.
    const kube = connect(options.connection, processKubeconfigEnv(), { ...processPluginDeps(bounded), stdinIsTTY: false });
    const request = requestOptions(bounded);
    const list =
      options.what === 'pods'
        ? await kube.core.listNamespacedPod({ namespace: kube.namespace }, request)
        : await kube.core.listNamespace({}, request);
    const names = completionNames(
      options.what,
      list.items.map((item) => item.metadata?.name),
    );
    if (names.length > 0) io.stdout.write(`${names.join('\n')}\n`);
  } catch {
    // No names is the answer a completion can live with.
  }
  return 0;
}

/** The names worth offering: pod names are DNS subdomains, namespaces DNS labels; anything else is dropped. */
export function completionNames(what: 'pods' | 'namespaces', names: readonly (string | undefined)[]): string[] {
  const valid = what === 'pods' ? isDnsSubdomain : isDnsLabel;
  return names.filter((name): name is string => name !== undefined && valid(name));
}
