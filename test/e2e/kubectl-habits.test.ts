// kubectl's habits on the real cluster: --as impersonation (the admin kubeconfig is system:masters and
// may impersonate), -it, -c NAME and --env KEY=VAL, in a pod of this file's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { IMAGES, kubectl, kubectlJson, restrictedPod, runCgDebug, type ClusterInfo } from './support/cluster.js';

interface PodJson {
  spec: { ephemeralContainers?: { name: string; env?: unknown; command?: string[] }[] };
}

const NS = 'cg-baseline';
let cluster: ClusterInfo;
let pod: string;

beforeAll(async () => {
  cluster = inject('cluster');
  pod = `habits-${process.pid}`;
  const options = { kubeconfig: cluster.kubeconfig };
  await kubectl(['apply', '-f', '-'], { ...options, input: JSON.stringify(restrictedPod(pod, NS, IMAGES.app)) });
  await kubectl(['wait', '-n', NS, '--for=condition=Ready', `pod/${pod}`, '--timeout=60s'], options);
});

afterAll(async () => {
  await kubectl(['delete', 'pod', '-n', NS, pod, '--wait=false'], { kubeconfig: cluster.kubeconfig, reject: false });
});

async function debugContainers(): Promise<string[]> {
  const json = await kubectlJson<PodJson>(['get', 'pod', '-n', NS, pod], { kubeconfig: cluster.kubeconfig });
  return (json.spec.ephemeralContainers ?? []).map((c) => c.name);
}

describe('--as: every request acts as the impersonated user', () => {
  it('a user without rights is refused before the pod is changed, and the error names that user', async () => {
    const before = await debugContainers();
    const result = await runCgDebug(['-n', NS, pod, '--as', 'cg-viewer', '--new', '--', 'true'], cluster.kubeconfig);
    expect(result.stderr).toMatch(/^cg-debug: cg-viewer \(impersonated with --as\) cannot patch pods\/ephemeralcontainers(, nor [^\n]*)? in namespace cg-baseline$/m);
    expect(result.stderr).toMatch(/kubectl auth can-i patch pods\/ephemeralcontainers -n cg-baseline --as cg-viewer/);
    expect(result.exitCode).toBe(69);
    expect(await debugContainers()).toEqual(before);
  });

  it('doctor answers for the impersonated user', async () => {
    const admin = await runCgDebug(['doctor', '-n', NS, '-o', 'json'], cluster.kubeconfig);
    const viewer = await runCgDebug(['doctor', '-n', NS, '-o', 'json', '--as', 'cg-viewer'], cluster.kubeconfig);
    type Doc = { ok: boolean; checks: { name: string; status: string; detail: string }[] };
    const status = (doc: Doc, name: string) => doc.checks.find((c) => c.name === name)?.status;
    const adminDoc = JSON.parse(admin.stdout) as Doc;
    const viewerDoc = JSON.parse(viewer.stdout) as Doc;
    expect(status(adminDoc, 'permission: patch pods/ephemeralcontainers')).toBe('pass');
    expect(status(viewerDoc, 'permission: patch pods/ephemeralcontainers')).toBe('fail');
    expect(viewerDoc.checks.find((c) => c.name === 'kubeconfig')?.detail).toMatch(/as cg-viewer \(--as\)/);
    expect(viewer.exitCode).toBe(1);
  });

  it('an impersonated user with the rights gets through, exec included', async () => {
    // system:masters impersonating itself through a group: every request, the exec websocket too, carries it.
    const result = await runCgDebug(['-n', NS, pod, '--as', 'cg-admin-as', '--as-group', 'system:masters', '--', 'echo', 'as-ok'], cluster.kubeconfig);
    expect(result.stdout).toBe('as-ok');
    expect(result.exitCode).toBe(0);
  });
});

describe('kubectl debug spellings', () => {
  it('-it POD -- true runs the command (no TTY for a command) and exits 0', async () => {
    const result = await runCgDebug(['-n', NS, '-it', pod, '--', 'true'], cluster.kubeconfig);
    expect(result.stderr).not.toMatch(/unknown flag/);
    expect(result.exitCode).toBe(0);
  });

  it('-c NAME adds the debug container under that name, and reattaches to it the next time', async () => {
    const first = await runCgDebug(['-n', NS, pod, '-c', 'oncall', '--', 'echo', 'one'], cluster.kubeconfig);
    expect(first.exitCode).toBe(0);
    expect(await debugContainers()).toContain('oncall');
    const count = (await debugContainers()).length;
    const second = await runCgDebug(['-n', NS, pod, '-c', 'oncall', '--', 'echo', 'two'], cluster.kubeconfig);
    expect(second.stdout).toBe('two');
    expect(second.exitCode).toBe(0);
    expect(await debugContainers()).toHaveLength(count);
    // Under another spec (another profile), the name is taken: refused before any change.
    const other = await runCgDebug(['-n', NS, pod, '-c', 'oncall', '--profile', 'general', '--', 'true'], cluster.kubeconfig);
    expect(other.stderr).toMatch(/already has a container named oncall \(not reattaching oncall: its securityContext differs/);
    expect(other.exitCode).toBe(64);
    expect(await debugContainers()).toHaveLength(count);
  });

  it('--env KEY=VAL reaches the command and stays out of the pod spec', async () => {
    const result = await runCgDebug(['-n', NS, pod, '-c', 'oncall', '--env', 'CG_E2E_VAR=set-by-flag', '--', 'sh', '-c', 'echo "v=$CG_E2E_VAR"'], cluster.kubeconfig);
    expect(result.stdout).toBe('v=set-by-flag');
    expect(result.exitCode).toBe(0);
    const json = await kubectlJson<PodJson>(['get', 'pod', '-n', NS, pod], { kubeconfig: cluster.kubeconfig });
    expect(JSON.stringify(json.spec.ephemeralContainers)).not.toContain('set-by-flag');
  });

  it('--custom FILE: its env is in the new container, and an owned field is refused before any change', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-custom-'));
    try {
      const good = path.join(dir, 'custom.yaml');
      writeFileSync(good, 'env:\n  - {name: CG_CUSTOM, value: from-custom}\n');
      const result = await runCgDebug(['-n', NS, pod, '--custom', good, '--', 'sh', '-c', 'echo "c=$CG_CUSTOM"'], cluster.kubeconfig);
      expect({ stdout: result.stdout, stderr: result.stderr, code: result.exitCode }).toMatchObject({ stdout: 'c=from-custom', code: 0 });
      const json = await kubectlJson<PodJson>(['get', 'pod', '-n', NS, pod], { kubeconfig: cluster.kubeconfig });
      expect(json.spec.ephemeralContainers?.some((c) => JSON.stringify(c.env ?? []).includes('from-custom'))).toBe(true);
      const before = await debugContainers();
      const owned = path.join(dir, 'owned.json');
      writeFileSync(owned, '{"securityContext": {"privileged": true}}');
      const refused = await runCgDebug(['-n', NS, pod, '--custom', owned, '--', 'true'], cluster.kubeconfig);
      expect(refused.stderr).toMatch(/securityContext\.privileged is decided by the profile/);
      expect(refused.exitCode).toBe(64);
      expect(await debugContainers()).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
