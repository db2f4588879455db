// The SHELLS column of `cg-debug ls`: one exec per running holder, all at once, each with a short
// deadline. Unknown (null) where exec is not allowed, the container is an attached shell, or it fails.
import { Writable } from 'node:stream';
import type { DebugRow } from '../core/debug-rows.js';
import { parseShellCount, shellCountCommand } from '../core/shell-count.js';
import type { Kube } from '../kube/client.js';
import { execStream } from '../kube/exec-stream.js';

const COUNT_TIMEOUT_MS = 5_000;
// The script prints one number; more than this is not its output.
const OUTPUT_LIMIT = 64;

/** Where to count: a running holder. */
export interface ShellCountWhere {
  namespace: string;
  pod: string;
  container: string;
}

/** The shells open in one running holder; null where exec is not allowed or fails. */
export async function countShells(kube: Kube, where: ShellCountWhere, signal: AbortSignal): Promise<number | null> {
  let out = '';
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (out.length < OUTPUT_LIMIT) out += chunk.toString('utf8');
      callback();
    },
  });
  try {
    const result = await execStream(kube, {
      namespace: where.namespace,
      pod: where.pod,
      container: where.container,
      command: shellCountCommand(),
      stdout,
      signal: AbortSignal.any([signal, AbortSignal.timeout(COUNT_TIMEOUT_MS)]),
    });
    return result.exitCode === 0 ? (parseShellCount(out) ?? null) : null;
  } catch {
    return null;
  }
}

/** Whether the SHELLS column execs into the row's container: a running holder (not an attached shell). */
export function isCounted(row: DebugRow): boolean {
  return row.state === 'running' && row.connectBy === 'exec';
}

/** The rows with `shells` filled in for running holders. */
export async function withShellCounts(kube: Kube, rows: readonly DebugRow[], signal: AbortSignal): Promise<DebugRow[]> {
  return Promise.all(
    rows.map(async (row) => (isCounted(row) ? { ...row, shells: await countShells(kube, { namespace: row.namespace, pod: row.pod, container: row.container }, signal) } : row)),
  );
}
