// Where the benchmarks find the project and the local test cluster (test/cluster), shared by bench/run.mjs
// and bench/picker-shell.mjs. CG_CLUSTER_DIR and KUBECONFIG override the defaults.
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLUSTER = process.env.CG_CLUSTER_DIR ?? '/var/lib/cg-debug-cluster';
export const KUBECTL = path.join(CLUSTER, 'bin/kubectl');
export const KUBECONFIG = process.env.KUBECONFIG ?? path.join(CLUSTER, 'kubeconfig');
/** The app image the cluster's local registry serves (its -dev sibling beside it). */
export const APP_IMAGE = '127.0.0.1:5000/chainguard/app:1.2.3';
