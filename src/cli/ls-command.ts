import { debugRows, stateText, userText, type DebugRow } from '../core/debug-rows.js';
import { formatSeconds } from '../core/duration-text.js';
import { connect } from '../kube/client.js';
import { debugPods, type DebugPodScope } from '../kube/debug-pods.js';
import { formatPodArg } from '../core/pod-arg.js';
import { sanitizeText, terminalSafeJson } from '../core/sanitize.js';
import { withShellCounts } from '../session/count-shells.js';
import type { Options } from './options.js';

function imageText(row: DebugRow): string {
  // The digest's first 12 hex digits tell images apart in a table; -o json has the whole one.
  return row.digest && !row.image.includes('@') ? `${row.image}@${row.digest.slice(0, 'sha256:'.length + 12)}` : row.image;
}

/** The table `cg-debug ls` prints: one line per debug container, every cluster string sanitized. */
export function formatDebugTable(rows: readonly DebugRow[], withNamespace: boolean): string {
  const header = [...(withNamespace ? ['NAMESPACE'] : []), 'POD', 'CONTAINER', 'TARGET', 'IMAGE', 'USER', 'STATE', 'AGE', 'SHELLS'];
  const lines = rows.map((row) => [
    ...(withNamespace ? [row.namespace] : []),
    row.pod,
    row.container,
    row.target ?? '-',
    imageText(row),
    userText(row),
    stateText(row),
    row.ageSeconds === null ? '-' : formatSeconds(row.ageSeconds),
    row.shells === null ? '-' : String(row.shells),
  ].map(sanitizeText));
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  return [header, ...lines].map((cells) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}

/** `cg-debug ls [POD]`: the debug containers of a pod, or of every pod that has one. */
export async function runLs(options: Extract<Options, { kind: 'ls' }>, io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }, signal: AbortSignal): Promise<number> {
  const kube = connect(options.connection);
  const scope: DebugPodScope = options.podArg
    ? { pod: options.podArg, namespace: kube.namespace }
    : options.allNamespaces
      ? { allNamespaces: true }
      : { namespace: kube.namespace };
  const rows = await withShellCounts(kube, debugRows(await debugPods(kube, scope, signal), Date.now()), signal);
  if (options.json) {
    io.stdout.write(`${terminalSafeJson(JSON.stringify(rows, null, 2))}\n`);
    return 0;
  }
  if (rows.length === 0) {
    const where = options.podArg ? `pod ${kube.namespace}/${formatPodArg(options.podArg)}` : options.allNamespaces ? 'any namespace' : `namespace ${kube.namespace}`;
    io.stderr.write(`no cg-debug containers in ${where}\n`);
    return 0;
  }
  io.stdout.write(formatDebugTable(rows, options.allNamespaces));
  return 0;
}
