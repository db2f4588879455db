import type { OutputFormat } from './command.js';
import type { Output } from './output.js';

/**
 * A command's result as -o json or -o yaml, through the one writer (output.ts), which makes both
 * terminal-safe. The YAML dumper is loaded only for -o yaml: dev-image --offline -o json stays light.
 */
export async function writeStructured(out: Output, doc: unknown, format: OutputFormat): Promise<void> {
  if (format === 'json') {
    out.json(doc);
    return;
  }
  const { dumpYaml } = await import('@kubernetes/client-node');
  out.yaml(dumpYaml(doc, { noRefs: true }));
}
