// The one way a command reaches the cluster: the kubeconfig from this process's environment, and exec
// credential plugins that end at the first Ctrl-C (and at their own deadline). Commands do not import the
// kube client's `connect` themselves (eslint forbids it in src/cli): one that did could forget the signal,
// and a sleeping plugin would then ignore the first Ctrl-C for up to five minutes.
import { connect, processKubeconfigEnv, processPluginDeps, type CredentialPluginDeps, type Kube } from '../kube/client.js';
import type { Connection } from './options.js';

export function connectKube(connection: Connection, signal: AbortSignal, plugins: Partial<Omit<CredentialPluginDeps, 'signal'>> = {}): Kube {
  return connect(connection, processKubeconfigEnv(), { ...processPluginDeps(signal), ...plugins });
}
