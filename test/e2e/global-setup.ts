// Brings up the real local cluster (test/cluster/cluster.sh) for the end-to-end tests and hands
// its kubeconfigs to them through `inject('cluster')`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import type { TestProject } from 'vitest/node';
import { CLUSTER_DIR, CLUSTER_SCRIPT, REPO_ROOT, clusterInfo } from './support/cluster.js';

function preconditions(): void {
  // Never let a run look green without the cluster: these tests need what only root on Linux has.
  if (process.platform !== 'linux') {
    throw new Error(`e2e tests need Linux (kubelet, containerd, namespaces); this is ${process.platform}`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error('e2e tests need root: test/cluster/cluster.sh runs a kubelet and containerd');
  }
}

async function cluster(command: 'up' | 'down'): Promise<string> {
  const result = await execa('bash', [CLUSTER_SCRIPT, command], {
    cwd: REPO_ROOT,
    reject: false,
    stdout: 'pipe',
    stderr: 'inherit',
    timeout: 45 * 60_000,
  });
  if (result.exitCode !== 0) {
    throw new Error(
      `test/cluster/cluster.sh ${command} failed with exit code ${String(result.exitCode)}; ` +
        `see its output above and the logs in ${path.join(CLUSTER_DIR, 'logs')}`,
    );
  }
  return String(result.stdout);
}

function clusterRunning(): boolean {
  if (!existsSync(path.join(CLUSTER_DIR, 'up.done'))) return false;
  return ['registry', 'etcd', 'kube-apiserver', 'containerd', 'kubelet'].every((name) => {
    try {
      process.kill(Number(readFileSync(path.join(CLUSTER_DIR, 'pids', `${name}.pid`), 'utf8')), 0);
      return true;
    } catch {
      return false;
    }
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  preconditions();
  const keep = process.env['CG_E2E_KEEP_CLUSTER'] === '1';
  // A cluster that was already up belongs to whoever started it: use it, and leave it up.
  const wasUp = clusterRunning();
  const stdout = await cluster('up');
  const kubeconfig = stdout.trim().split('\n').at(-1) ?? '';
  if (!existsSync(kubeconfig)) {
    throw new Error(`cluster.sh up did not print an existing kubeconfig path (got ${JSON.stringify(kubeconfig)})`);
  }
  const dir = path.dirname(kubeconfig);
  const appDigest = readFileSync(path.join(dir, 'app-digest'), 'utf8').trim();
  project.provide('cluster', clusterInfo(dir, appDigest));

  return async () => {
    if (keep || wasUp) return;
    await cluster('down');
  };
}
