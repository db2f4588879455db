import { terminalSafeJson, terminalSafeYaml } from '../core/sanitize.js';
import type { OutputFormat } from './command.js';

/**
 * A command's result as -o json or -o yaml, one sink for both: the documents quote the cluster and
 * registries, so every string's terminal controls are escaped (JSON) or stripped (YAML's dumper quotes
 * them). The YAML dumper is loaded only for -o yaml: dev-image --offline -o json stays light.
 */
export async function structuredText(doc: unknown, format: OutputFormat): Promise<string> {
  if (format === 'json') return `${terminalSafeJson(JSON.stringify(doc, null, 2))}\n`;
  const { dumpYaml } = await import('@kubernetes/client-node');
  return terminalSafeYaml(dumpYaml(doc, { noRefs: true }));
}
