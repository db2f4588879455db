import { dumpYaml } from '@kubernetes/client-node';
import { terminalSafeJson, terminalSafeYaml } from '../core/sanitize.js';
import type { OutputFormat } from './command.js';

/**
 * A command's result as -o json or -o yaml, one sink for both: the documents quote the cluster and
 * registries, so every string's terminal controls are escaped (JSON) or stripped (YAML's dumper quotes them).
 */
export function structuredText(doc: unknown, format: OutputFormat): string {
  return format === 'json' ? `${terminalSafeJson(JSON.stringify(doc, null, 2))}\n` : terminalSafeYaml(dumpYaml(doc, { noRefs: true }));
}
