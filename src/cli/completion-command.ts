// The hidden `cg-debug __complete pods|namespaces`: names for the shell completion scripts, one a line,
// from our own client (no kubectl needed). Completion must never hang a shell: a short timeout, and
// every failure ends silently with no names. The names come from whoever controls the cluster: only
// valid Kubernetes names are offered, so nothing a shell could expand or a terminal act on gets through.
import { ExitCode } from '../core/errors.js';
import { isDnsLabel, isDnsSubdomain } from '../core/kube-names.js';
import { connectKube } from './kube-connect.js';
import { listNamespaceNames, listPodNames } from '../kube/names.js';
import { deadlineSignal } from '../timing/deadline-signal.js';
import type { Options } from './options.js';
import type { Output } from './output.js';

const COMPLETE_TIMEOUT_MS = 3_000;

export async function runComplete(
  options: Extract<Options, { kind: '__complete' }>,
  out: Output,
  signal: AbortSignal,
): Promise<number> {
  try {
    const bounded = AbortSignal.any([signal, deadlineSignal(COMPLETE_TIMEOUT_MS)]);
    // A TAB must never start a login prompt: credential plugins run without the terminal.
    const kube = connectKube(options.connection, bounded, { stdinIsTTY: false });
    const listed = options.what === 'pods' ? await listPodNames(kube, kube.namespace, bounded) : await listNamespaceNames(kube, bounded);
    const names = completionNames(options.what, listed);
    if (names.length > 0) out.text(`${names.join('\n')}\n`);
  } catch {
    // No names is the answer a completion can live with.
  }
  return ExitCode.ok;
}

/** The names worth offering: pod names are DNS subdomains, namespaces DNS labels; anything else is dropped. */
export function completionNames(what: 'pods' | 'namespaces', names: readonly (string | undefined)[]): string[] {
  const valid = what === 'pods' ? isDnsSubdomain : isDnsLabel;
  return names.filter((name): name is string => name !== undefined && valid(name));
}
