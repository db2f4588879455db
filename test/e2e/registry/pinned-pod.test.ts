// The digest-pinned fixture pod cg-baseline/pinned gets the exact 1.2.3-dev sibling, pinned by digest.
import { execa } from 'execa';
import { describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, FIXTURE, IMAGES } from '../support/cluster.js';

const cluster = inject('cluster');

function cgDebug(args: string[]) {
  const [node, ...rest] = cgDebugArgv(args);
  return execa(node as string, rest, { reject: false, env: { KUBECONFIG: cluster.kubeconfig }, timeout: 90_000, stdin: 'ignore' });
}

async function devDigest(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:5000/v2/chainguard/app/manifests/1.2.3-dev`, {
    method: 'HEAD',
    headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json' },
  });
  return response.headers.get('docker-content-digest') ?? '';
}

describe('digest-pinned pod cg-baseline/pinned', () => {
  it('--dry-run shows the exact tag match and the pinned -dev image the container runs', async () => {
    const digest = await devDigest();
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const result = await cgDebug(['-n', 'cg-baseline', 'pinned', '--dry-run', '-o', 'json', '--new']);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { image: Record<string, unknown>; ephemeralContainer: { image: string } };
    expect(doc.image).toMatchObject({
      image: IMAGES.appDev,
      rule: 'digest-tag-dev',
      confidence: 'exact',
      verified: 'exists',
      digest,
      pinned: `${IMAGES.appDev}@${digest}`,
      // 1.2.3 and latest share the digest: the version tag names it.
      match: { tag: '1.2.3', quality: 'exact' },
    });
    expect(doc.ephemeralContainer.image).toBe(`${IMAGES.appDev}@${digest}`);
  });

  it('runs the -dev image of the same version', async () => {
    const result = await cgDebug(['-n', 'cg-baseline', 'pinned', '--', 'cat', '/etc/cg-fixture-image']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(FIXTURE.markers.appDev);
    expect(result.stderr).toContain(`pinned ${await devDigest()}`);
  });

  it('dev-image prints the rule, the match quality and the pinned digest', async () => {
    const result = await cgDebug(['dev-image', `127.0.0.1:5000/chainguard/app@${cluster.appDigest}`]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`${IMAGES.appDev}@${await devDigest()}`);
    expect(result.stderr).toContain('rule: digest-tag-dev');
    expect(result.stderr).toMatch(/match: exact: tag 1\.2\.3 points at the app's digest now/);
    expect(result.stderr).toContain(`pinned: ${IMAGES.appDev}@${await devDigest()}`);
  });
});
