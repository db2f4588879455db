import { copyRows, debugRows, stateText, userText, type DebugRow } from '../core/debug-rows.js';
import { formatSeconds } from '../core/duration-text.js';
import { connectKube } from './kube-connect.js';
import { copyPods, debugPods, type DebugPodScope } from '../kube/debug-pods.js';
import { formatPodArg } from '../core/pod-arg.js';
import { sanitizeText } from '../core/sanitize.js';
import { isCounted, withShellCounts } from '../session/count-shells.js';
import type { Options } from './options.js';
import { writeStructured } from './structured-output.js';
import type { Output } from './output.js';
import { audited, auditTrail } from '../session/audit-trail.js';
import { auditDeps } from './trail-deps.js';

function imageText(row: DebugRow): string {
  // The digest's first 12 hex digits tell images apart in a table; -o json has the whole one.
  return row.digest && !row.image.includes('@') ? `${row.image}@${row.digest.slice(0, 'sha256:'.length + 12)}` : row.image;
}

/** The table `cg-debug ls` prints: one line per debug container, every cluster string sanitized. */
export function formatDebugTable(rows: readonly DebugRow[], withNamespace: boolean): string {
  const header = [...(withNamespace ? ['NAMESPACE'] : []), 'POD', 'CONTAINER', 'TARGET', 'IMAGE', 'USER', 'STATE', 'AGE', 'SHELLS'];
  const lines = rows.map((row) => [
    ...(withNamespace ? [row.namespace] : []),
    row.copyOf === undefined ? row.pod : `${row.pod} (copy of ${row.copyOf})`,
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
export async function runLs(options: Extract<Options, { kind: 'ls' }>, out: Output, signal: AbortSignal): Promise<number> {
  const kube = connectKube(options.connection, signal);
  const scope: DebugPodScope = options.podArg
    ? { pod: options.podArg, namespace: kube.namespace }
    : options.allNamespaces
      ? { allNamespaces: true }
      : { namespace: kube.namespace };
  const [pods, copies] = await Promise.all([debugPods(kube, scope, signal), copyPods(kube, scope, signal)]);
  const now = Date.now();
  // A copy's container (--copy) is listed beside the debug containers, its shells counted the same way.
  const listed = [...debugRows(pods, now), ...copyRows(copies, now)];
  // The SHELLS column execs a script into every running holder listed (-A: in every namespace): that
  // touches pods, so the run is audited like the others, naming each container it ran in.
  const counted = listed.filter(isCounted).map((row) => `${row.namespace}/${row.pod}/${row.container}`);
  const audit = counted.length > 0 ? auditTrail(auditDeps(options.trail, kube)) : undefined;
  const none = { target: null, container: null, added: false, image: null, imageDigest: null, profile: null, uid: null };
  const facts = { action: 'ls' as const, namespace: options.allNamespaces ? '*' : kube.namespace, pod: options.podArg ? formatPodArg(options.podArg) : '*', ...none, counted };
  audit?.touching({ ...facts, exitCode: 130 }, { entered: true });
  const count = () => withShellCounts(kube, listed, signal);
  const sink = { onStep: ({ message }: { message: string }) => out.note(`! ${message}
`), now: () => 0 };
  const rows: DebugRow[] = audit ? await audited(audit, sink, count, () => ({ ...facts, exitCode: signal.aborted ? 130 : 0 })) : await count();
  if (options.output) {
    await writeStructured(out, rows, options.output);
    return 0;
  }
  if (rows.length === 0) {
    const where = options.podArg ? `pod ${kube.namespace}/${formatPodArg(options.podArg)}` : options.allNamespaces ? 'any namespace' : `namespace ${kube.namespace}`;
    out.note(`no cg-debug containers in ${where}\n`);
    return 0;
  }
  out.text(formatDebugTable(rows, options.allNamespaces));
  return 0;
}
