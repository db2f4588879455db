// CONTRACT STUB: the kube helper replaces the bodies; signatures are shared with other modules.
import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node';

export interface ConnectOptions {
  kubeconfig?: string;
  context?: string;
  /** -n; when absent, the context's namespace, else `default`. */
  namespace?: string;
}

/** A connected Kubernetes client: everything kube/ functions need, passed explicitly. */
export interface Kube {
  kc: KubeConfig;
  core: CoreV1Api;
  namespace: string;
  context: string;
  server: string;
}

/** Loads kubeconfig (--kubeconfig, else KUBECONFIG merged, else ~/.kube/config); throws ConfigError. */
export function connect(options: ConnectOptions): Kube {
  throw new Error(`unimplemented: ${options.context}`);
}
