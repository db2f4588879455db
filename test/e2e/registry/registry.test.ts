// src/registry against the test cluster's registry at 127.0.0.1:5000 (plain HTTP, anonymous).
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING, devImageCandidates } from '../../../src/core/dev-image.js';
import { parseImageRef } from '../../../src/core/image-ref.js';
import { registryTransport } from '../../../src/registry/http.js';
import { headManifest } from '../../../src/registry/manifest.js';
import { fetchImageUser, resolveDevImage } from '../../../src/registry/resolve-dev-image.js';
import { IMAGES } from '../support/cluster.js';

const cluster = inject('cluster');

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
const options = { offline: false };
const context = { transport: registryTransport(), timeoutMs: 3000, tokens: new Map<string, string>() };
const defaultImage = IMAGES.wolfiBase;
// The built-in rules with the cluster's own default image, as the e2e runs set CG_DEBUG_DEFAULT_IMAGE.
const mapping = { ...DEFAULT_IMAGE_MAPPING, defaultImage };

describe('registry at 127.0.0.1:5000', () => {
  it('HEAD finds a tag with the digest the pinned pod uses, and misses an absent tag', async () => {
    await expect(headManifest(context, parseImageRef(IMAGES.app))).resolves.toEqual({ status: 'exists', digest: cluster.appDigest });
    await expect(headManifest(context, parseImageRef('127.0.0.1:5000/chainguard/app:9.9.9-dev'))).resolves.toEqual({ status: 'missing' });
    await expect(headManifest(context, parseImageRef(`127.0.0.1:5000/chainguard/app@${cluster.appDigest}`))).resolves.toEqual({
      status: 'exists',
      digest: cluster.appDigest,
    });
  });

  it('resolves app:1.2.3 to app:1.2.3-dev, verified', async () => {
    const picked = await resolveDevImage(devImageCandidates(parseImageRef(IMAGES.app), mapping), options);
    expect(picked).toMatchObject({ image: IMAGES.appDev, verified: 'exists' });
    expect(picked.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('resolves other/nodev:1.0 to the default image when no -dev tag exists', async () => {
    const candidates = devImageCandidates(parseImageRef(IMAGES.nodev), mapping);
    const picked = await resolveDevImage(candidates, options);
    expect(picked).toMatchObject({ image: defaultImage, verified: 'exists' });
    expect(picked.warnings.join('\n')).toContain('127.0.0.1:5000/other/nodev:1.0-dev');
  });

  it('falls back to the name-based choice when the registry does not answer', async () => {
    const registry = `127.0.0.1:${await closedPort()}`;
    const candidates = devImageCandidates(parseImageRef(`${registry}/chainguard/app:1.2.3`), mapping);
    const picked = await resolveDevImage(candidates, options);
    expect(picked).toMatchObject({ image: `${registry}/chainguard/app:1.2.3-dev`, verified: 'unreachable' });
    expect(picked.warnings).toContain(`registry ${registry} unreachable (ECONNREFUSED): using the name-based choice`);
  });

  it('reads the app image user from its config', async () => {
    await expect(fetchImageUser(IMAGES.app, options)).resolves.toMatchObject({ value: { uid: 65532, raw: '65532' } });
    await expect(fetchImageUser(IMAGES.wolfiBase, options)).resolves.toMatchObject({ value: { uid: 0, raw: '' } });
    await expect(fetchImageUser('127.0.0.1:5000/chainguard/app:9.9.9', options)).resolves.toEqual({});
  });
});
