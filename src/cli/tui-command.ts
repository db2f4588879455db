import type { TerminalIO } from '../kube/attach.js';
import type { Options } from './options.js';

const REGISTRY_TIMEOUT_MS = 3_000;

/** The pod picker: `cg-debug` with no pod in a terminal. */
export async function runTuiCommand(options: Extract<Options, { kind: 'tui' }>, io: TerminalIO, signal: AbortSignal): Promise<number> {
  const { connect } = await import('../kube/client.js');
  const { hostRegistryAuth } = await import('../registry/host-auth.js');
  const { runTui } = await import('../tui/run-tui.js');
  const kube = connect(options.connection);
  const registryAuth = hostRegistryAuth(process.env, REGISTRY_TIMEOUT_MS);
  return runTui({ ...options, kube, namespace: kube.namespace, io, signal, registryAuth });
}
