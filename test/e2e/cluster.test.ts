// The local cluster itself: a Ready node, the fixture pods running, and the RBAC the tests rely on.
import { describe, expect, inject, it } from 'vitest';
import { FIXTURE_PODS, IMAGES, NODE_NAME, kubectl, kubectlJson } from './support/cluster.js';

interface Condition {
  type: string;
  status: string;
}
interface PodList {
  items: {
    metadata: { name: string; namespace: string };
    spec: { containers: { name: string; image: string }[] };
    status: { phase?: string; containerStatuses?: { name: string; imageID: string }[] };
  }[];
}

const cluster = inject('cluster');

describe('local cluster', () => {
  it('has a Ready node named 127.0.0.1', async () => {
    const node = await kubectlJson<{ status: { conditions: Condition[] } }>(['get', 'node', NODE_NAME], {
      kubeconfig: cluster.kubeconfig,
    });
    expect(node.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('runs every fixture pod', async () => {
    const pods = await kubectlJson<PodList>(['get', 'pods', '-A'], { kubeconfig: cluster.kubeconfig });
    const running = Object.fromEntries(
      Object.keys(FIXTURE_PODS).map((ns) => [
        ns,
        pods.items
          .filter((p) => p.metadata.namespace === ns && p.status.phase === 'Running')
          .map((p) => p.metadata.name)
          .sort(),
      ]),
    );
    // Other test files add pods of their own (and delete them without waiting): fixtures must all run.
    for (const [namespace, names] of Object.entries(FIXTURE_PODS)) {
      expect(running[namespace], namespace).toEqual(expect.arrayContaining([...names]));
    }
  });

  it('runs the digest-pinned pod from the digest of app:1.2.3', async () => {
    expect(cluster.appDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const pod = await kubectlJson<PodList['items'][number]>(['get', 'pod', '-n', 'cg-baseline', 'pinned'], {
      kubeconfig: cluster.kubeconfig,
    });
    const repo = IMAGES.app.replace(/:[^:/]+$/, '');
    expect(pod.spec.containers[0]?.image).toBe(`${repo}@${cluster.appDigest}`);
    expect(pod.status.containerStatuses?.[0]?.imageID).toContain(cluster.appDigest);
  });

  it('has a Deployment whose selector matches web-1', async () => {
    const { stdout } = await kubectl(['get', 'pods', '-n', 'cg-baseline', '-l', 'app=web', '-o', 'name'], {
      kubeconfig: cluster.kubeconfig,
    });
    expect(String(stdout)).toBe('pod/web-1');
    const deployment = await kubectlJson<{ spec: { selector: { matchLabels: Record<string, string> } } }>(
      ['get', 'deployment', '-n', 'cg-baseline', 'web'],
      { kubeconfig: cluster.kubeconfig },
    );
    expect(deployment.spec.selector.matchLabels).toEqual({ app: 'web' });
  });

  it.each([
    { who: 'viewer', ns: 'cg-privileged', verb: 'get', resource: 'pods', want: 'yes' },
    { who: 'viewer', ns: 'cg-baseline', verb: 'patch', resource: 'pods/ephemeralcontainers', want: 'no' },
    { who: 'viewer', ns: 'cg-privileged', verb: 'patch', resource: 'pods/ephemeralcontainers', want: 'no' },
    { who: 'ns-admin', ns: 'cg-baseline', verb: 'patch', resource: 'pods/ephemeralcontainers', want: 'yes' },
    { who: 'ns-admin', ns: 'cg-privileged', verb: 'get', resource: 'pods', want: 'no' },
    { who: 'admin', ns: 'cg-restricted', verb: 'patch', resource: 'pods/ephemeralcontainers', want: 'yes' },
  ])('$who can-i $verb $resource in $ns: $want', async ({ who, ns, verb, resource, want }) => {
    const kubeconfig = {
      viewer: cluster.viewerKubeconfig,
      'ns-admin': cluster.nsAdminKubeconfig,
      admin: cluster.kubeconfig,
    }[who];
    if (kubeconfig === undefined) throw new Error(`no kubeconfig for ${who}`);
    const result = await kubectl(['auth', 'can-i', verb, resource, '-n', ns], { kubeconfig, reject: false });
    expect(String(result.stdout).trim()).toBe(want);
  });

  it('forbids the viewer to add an ephemeral container', async () => {
    const patch = JSON.stringify({
      spec: { ephemeralContainers: [{ name: 'forbidden', image: IMAGES.appDev, targetContainerName: 'app' }] },
    });
    const result = await kubectl(
      ['patch', 'pod', 'app', '-n', 'cg-baseline', '--subresource=ephemeralcontainers', '--type=strategic', '-p', patch],
      { kubeconfig: cluster.viewerKubeconfig, reject: false },
    );
    expect(result.exitCode).not.toBe(0);
    expect(String(result.stderr)).toMatch(/forbidden/i);
  });
});
