import type { TerminalIO } from '../kube/attach.js';
import type { Options } from './options.js';

/** The pod picker: `cg-debug` with no pod in a terminal. */
export async function runTuiCommand(options: Extract<Options, { kind: 'tui' }>, io: TerminalIO, signal: AbortSignal): Promise<number> {
  const { connect } = await import('../kube/client.js');
  const { runTui } = await import('../tui/run-tui.js');
  const kube = connect(options.connection);
  return runTui({ ...options, kube, namespace: kube.namespace, io, signal });
}
