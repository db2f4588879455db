// cg-debug dev-image against docker-registry in three setups (anonymous, htpasswd Basic, Bearer tokens
// from the project's token server), with credentials from a Docker config and a credential helper.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, IMAGES, REGISTRY, REPO_ROOT } from '../support/cluster.js';
import { copyImage, startRegistry, tokenSigningKey, type ExtraRegistry } from '../support/registries.js';
import { startTokenServer, type TokenServer } from '../support/token-server.js';

const cluster = inject('cluster');
const FIXTURES = path.join(REPO_ROOT, 'test/registry/fixtures');
const USER = 'ci';
const PASSWORD = 'cg-e2e-Pa55word';
const WRONG = 'cg-e2e-wrong-pw';

let work = '';
let anonymous: ExtraRegistry;
let basic: ExtraRegistry;
let bearer: ExtraRegistry;
let tokens: TokenServer;

/** Runs `cg-debug dev-image IMAGE -o json` with a Docker config of its own. */
async function devImage(image: string, dockerConfig: object, helperCreds: object = {}) {
  const dir = await mkdtemp(path.join(work, 'docker-'));
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(dockerConfig));
  await writeFile(path.join(dir, 'helper-creds.json'), JSON.stringify(helperCreds));
  const [node, ...rest] = cgDebugArgv(['dev-image', image, '-o', 'json']);
  const result = await execa(node as string, rest, {
    reject: false,
    timeout: 30_000,
    env: { DOCKER_CONFIG: dir, PATH: `${FIXTURES}:${process.env.PATH ?? ''}`, CG_TEST_HELPER_CREDS: path.join(dir, 'helper-creds.json'), HOME: work },
  });
  expect(result.exitCode, result.stderr).toBe(0);
  // No secret ever reaches the output.
  for (const secret of [PASSWORD, WRONG]) expect(`${result.stdout}${result.stderr}`).not.toContain(secret);
  return JSON.parse(result.stdout) as { image: string; verified: string; rule: string; pinned?: string; match?: { tag: string; quality: string }; warnings: string[] };
}

const pinnedApp = (host: string) => `${host}/chainguard/app@${cluster.appDigest}`;
const basicAuth = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cg-e2e-auth-'));
  const { keyPath, certPath } = await tokenSigningKey(work);
  tokens = await startTokenServer({ privateKeyPem: await readFile(keyPath, 'utf8'), users: { [USER]: PASSWORD }, service: 'cg-e2e-registry', issuer: 'cg-e2e-token-server' });
  [anonymous, basic, bearer] = await Promise.all([
    startRegistry({ kind: 'anonymous' }),
    startRegistry({ kind: 'htpasswd', users: { [USER]: PASSWORD } }),
    startRegistry({ kind: 'token', realm: tokens.realm, service: tokens.service, issuer: tokens.issuer, rootCertPath: certPath }),
  ]);
  for (const [registry, creds] of [[anonymous, undefined], [basic, `${USER}:${PASSWORD}`], [bearer, `${USER}:${PASSWORD}`]] as const) {
    for (const tag of ['1.2.3', 'latest', '1.2.3-dev', 'latest-dev']) {
      await copyImage(`${REGISTRY}/chainguard/app:${tag}`, `${registry.host}/chainguard/app:${tag}`, creds);
    }
  }
}, 300_000);

afterAll(async () => {
  await Promise.all([anonymous?.stop(), basic?.stop(), bearer?.stop(), tokens?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('anonymous registry', () => {
  it('finds the exact -dev of a digest-pinned image and pins it', async () => {
    const got = await devImage(pinnedApp(anonymous.host), {});
    expect(got).toMatchObject({ image: `${anonymous.host}/chainguard/app:1.2.3-dev`, verified: 'exists', rule: 'digest-tag-dev', match: { tag: '1.2.3', quality: 'exact' } });
    expect(got.pinned).toMatch(new RegExp(`^${anonymous.host}/chainguard/app:1\\.2\\.3-dev@sha256:[0-9a-f]{64}$`));
  });
});

describe('htpasswd (Basic) registry', () => {
  it('uses auths credentials from the Docker config', async () => {
    const got = await devImage(pinnedApp(basic.host), { auths: { [basic.host]: { auth: basicAuth(USER, PASSWORD) } } });
    expect(got).toMatchObject({ image: `${basic.host}/chainguard/app:1.2.3-dev`, verified: 'exists', match: { tag: '1.2.3', quality: 'exact' } });
  });

  it('a wrong password: says which credentials were refused, and falls back to the name-based choice', async () => {
    const got = await devImage(pinnedApp(basic.host), { auths: { [`http://${basic.host}/v2/`]: { username: USER, password: WRONG } } });
    expect(got).toMatchObject({ image: `${basic.host}/chainguard/app:latest-dev`, verified: 'unreachable' });
    expect(got.warnings.join('\n')).toContain(`registry ${basic.host} refused access (HTTP 401 with the credentials from auths["http://${basic.host}/v2/"]`);
  });

  it('no credentials: says they are required', async () => {
    const got = await devImage(`${basic.host}/chainguard/app:1.2.3`, {});
    expect(got).toMatchObject({ image: `${basic.host}/chainguard/app:1.2.3-dev`, verified: 'unreachable' });
    expect(got.warnings.join('\n')).toContain(`registry ${basic.host} refused access (credentials required)`);
  });
});

describe('token (Bearer) registry', () => {
  it('gets a token with credentials from a credential helper (credHelpers)', async () => {
    const got = await devImage(pinnedApp(bearer.host), { credHelpers: { [bearer.host]: 'cgtest' } }, { [bearer.host]: { Username: USER, Secret: PASSWORD } });
    expect(got).toMatchObject({ image: `${bearer.host}/chainguard/app:1.2.3-dev`, verified: 'exists', match: { tag: '1.2.3', quality: 'exact' } });
    expect(got.pinned).toContain('@sha256:');
    expect(tokens.requests.some((r) => r.account === USER && r.scope === 'repository:chainguard/app:pull')).toBe(true);
  });

  it('anonymous: the token carries no access and the registry refuses', async () => {
    const got = await devImage(`${bearer.host}/chainguard/app:1.2.3`, {});
    expect(got).toMatchObject({ verified: 'unreachable' });
    expect(got.warnings.join('\n')).toContain(`registry ${bearer.host} refused access (HTTP 401)`);
  });

  it('a failing helper (credsStore) is named, and the image falls back to the name-based choice', async () => {
    const got = await devImage(`${bearer.host}/chainguard/app:1.2.3`, { credsStore: 'cgbroken' });
    expect(got).toMatchObject({ image: `${bearer.host}/chainguard/app:1.2.3-dev`, verified: 'unreachable' });
    expect(got.warnings.join('\n')).toContain('docker-credential-cgbroken (credsStore in');
    expect(got.warnings.join('\n')).toContain('failed: exit 3: cgbroken: the keychain is locked');
  });

  it('a wrong password: the token service refuses the named credentials', async () => {
    const got = await devImage(`${bearer.host}/chainguard/app:1.2.3`, { auths: { [bearer.host]: { auth: basicAuth(USER, WRONG) } } });
    expect(got).toMatchObject({ verified: 'unreachable' });
    expect(got.warnings.join('\n')).toContain(`the token service refused the credentials from auths["${bearer.host}"]`);
  });
});

describe('unreachable registry', () => {
  it('a stopped registry: the name-based choice, saying why', async () => {
    const gone = await startRegistry({ kind: 'anonymous' });
    await gone.stop();
    const got = await devImage(`${gone.host}/chainguard/app:1.2.3`, {});
    expect(got).toMatchObject({ image: `${gone.host}/chainguard/app:1.2.3-dev`, verified: 'unreachable' });
    expect(got.warnings.join('\n')).toContain(`registry ${gone.host} unreachable (ECONNREFUSED)`);
  });
});

it('uses the images the cluster registry holds', () => {
  expect(IMAGES.app).toBe(`${REGISTRY}/chainguard/app:1.2.3`);
});
