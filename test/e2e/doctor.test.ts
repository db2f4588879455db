// `cg-debug doctor` on the real cluster: every check passes for the admin; the viewer (reads pods,
// cannot add ephemeral containers) is told which permission is missing and how to get it.
import { execa } from 'execa';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, IMAGES, type ClusterInfo } from './support/cluster.js';

let cluster: ClusterInfo;
beforeAll(() => {
  cluster = inject('cluster');
});

function doctor(args: string[], kubeconfig: string) {
  const [node, ...rest] = cgDebugArgv(['doctor', ...args]);
  return execa(node as string, rest, {
    reject: false,
    env: { KUBECONFIG: kubeconfig, CG_DEBUG_DEFAULT_IMAGE: IMAGES.wolfiBase, NO_COLOR: '1' },
    timeout: 60_000,
    stdin: 'ignore',
  });
}

interface DoctorJson {
  ok: boolean;
  namespace: string;
  checks: { name: string; status: 'pass' | 'fail' | 'info'; detail: string; fix?: string }[];
}

describe('cg-debug doctor', () => {
  it('passes every check with the admin kubeconfig, a pod included', async () => {
    const result = await doctor(['-n', 'cg-baseline', 'app'], cluster.kubeconfig);
    expect(result.stdout).not.toMatch(/^✗/m);
    expect(result.stdout).toMatch(/^✓ permission: patch pods\/ephemeralcontainers: allowed in namespace cg-baseline/m);
    expect(result.stdout).toMatch(/^✓ pod security: namespace cg-baseline enforces baseline/m);
    expect(result.stdout).toMatch(/^✓ node: 127\.0\.0\.1: linux\/\w+, containerd:\/\/[\d.]+, kubelet v1\.34/m);
    expect(result.stdout).toMatch(/^✓ debug image: 127\.0\.0\.1:5000\/chainguard\/app:1\.2\.3-dev@sha256:[0-9a-f]{64} exists/m);
    expect(result.exitCode).toBe(0);
  });

  it('names the missing permission for the viewer and exits 1', async () => {
    const result = await doctor(['-n', 'cg-baseline', 'app', '-o', 'json'], cluster.viewerKubeconfig);
    expect(result.exitCode).toBe(1);
    const doc = JSON.parse(result.stdout) as DoctorJson;
    expect(doc.ok).toBe(false);
    const failed = doc.checks.filter((c) => c.status === 'fail').map((c) => c.name);
    expect(failed).toContain('permission: patch pods/ephemeralcontainers');
    const patch = doc.checks.find((c) => c.name === 'permission: patch pods/ephemeralcontainers');
    expect(patch?.fix).toBe(
      'ask for a Role in cg-baseline with verbs [patch] on resources [pods/ephemeralcontainers] (check: kubectl auth can-i patch pods/ephemeralcontainers -n cg-baseline)',
    );
    // What the viewer may do still passes.
    expect(doc.checks.find((c) => c.name === 'permission: get pods')?.status).toBe('pass');
  });

  it('a pod that does not exist fails the pod check', async () => {
    const result = await doctor(['-n', 'cg-baseline', 'missing-pod'], cluster.kubeconfig);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^✗ pod: pod "missing-pod" not found in namespace cg-baseline/m);
  });
});
