import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialHelperRunner, parseHelperOutput } from '../../src/registry/credential-helper.js';
import { credentialSourceFor, parseDockerConfig, registryKey } from '../../src/registry/docker-config.js';
import { dockerConfigAuth, dockerConfigPath } from '../../src/registry/docker-credentials.js';

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('registryKey', () => {
  it.each([
    { input: 'https://index.docker.io/v1/', want: 'docker.io' },
    { input: 'registry-1.docker.io', want: 'docker.io' },
    { input: 'http://127.0.0.1:5000/v2/', want: '127.0.0.1:5000' },
    { input: 'cgr.dev', want: 'cgr.dev' },
    { input: 'https://Registry.Corp', want: 'registry.corp' },
  ])('$input -> $want', ({ input, want }) => expect(registryKey(input)).toBe(want));
});

describe('credentialSourceFor', () => {
  const config = parseDockerConfig(
    JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hub:pw') },
        'reg.corp': { username: 'u', password: 'p' },
        'cgr.dev': {},
        'broken.example': { auth: b64('no-colon') },
      },
      credHelpers: { 'cgr.dev': 'cg', 'other.example': 'other' },
      credsStore: 'desktop',
    }),
  );
  it.each([
    { name: 'credHelpers first', registry: 'cgr.dev', want: { kind: 'helper', helper: 'cg', serverUrl: 'cgr.dev', source: 'docker-credential-cg (credHelpers in C)' } },
    { name: 'auths auth field, Docker Hub key', registry: 'docker.io', want: { kind: 'inline', username: 'hub', password: 'pw', source: 'auths["https://index.docker.io/v1/"] in C' } },
    { name: 'auths username and password', registry: 'reg.corp', want: { kind: 'inline', username: 'u', password: 'p', source: 'auths["reg.corp"] in C' } },
    { name: 'unusable auths entry: the credsStore', registry: 'broken.example', want: { kind: 'helper', helper: 'desktop', serverUrl: 'broken.example', source: 'docker-credential-desktop (credsStore in C)' } },
  ])('$name', ({ registry, want }) => expect(credentialSourceFor(config, registry, 'C')).toEqual(want));

  it('nothing configured: anonymous', () => {
    expect(credentialSourceFor(parseDockerConfig('{"auths":{}}'), 'cgr.dev', 'C')).toBeUndefined();
  });

  it('rejects what is not a config object', () => {
    expect(() => parseDockerConfig('[]')).toThrow('not a JSON object');
  });
});

describe('parseHelperOutput', () => {
  it.each([
    { name: 'found', input: '{"ServerURL":"cgr.dev","Username":"_token","Secret":"s"}', want: { kind: 'found', username: '_token', password: 's' } },
    { name: 'not JSON', input: 'oops', want: { kind: 'failed', reason: 'its output is not JSON' } },
    { name: 'no secret', input: '{"Username":"u"}', want: { kind: 'failed', reason: 'its output has no Secret' } },
  ])('$name', ({ input, want }) => expect(parseHelperOutput(input)).toEqual(want));
});

describe('credential helpers, run for real', () => {
  let dir = '';
  const env = () => ({ ...process.env, PATH: `${FIXTURES}:${process.env.PATH ?? ''}`, CG_TEST_HELPER_CREDS: path.join(dir, 'creds.json') });
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cg-helper-'));
    await writeFile(path.join(dir, 'creds.json'), JSON.stringify({ 'reg.corp': { Username: 'u', Secret: 'hunter2' } }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { name: 'found', helper: 'cgtest', server: 'reg.corp', want: { kind: 'found', username: 'u', password: 'hunter2' } },
    { name: 'nothing stored', helper: 'cgtest', server: 'other.example', want: { kind: 'none' } },
    { name: 'fails', helper: 'cgbroken', server: 'reg.corp', want: { kind: 'failed', reason: 'exit 3: cgbroken: the keychain is locked' } },
    { name: 'fails with its Secret on stdout, which is not repeated', helper: 'cgleaky', server: 'reg.corp', want: { kind: 'failed', reason: 'exit 1' } },
    { name: 'not installed', helper: 'cgabsent', server: 'reg.corp', want: { kind: 'failed', reason: 'not found on PATH' } },
    { name: 'a name that is not a program', helper: '../x', server: 'reg.corp', want: { kind: 'failed', reason: 'its name is not a plain program name' } },
  ])('$name', async ({ helper, server, want }) => {
    await expect(credentialHelperRunner(env())(helper, server, 3000)).resolves.toEqual(want);
  });

  it('the deadline bounds the real wait: the helper and the children it started are killed', async () => {
    const started = Date.now();
    await expect(credentialHelperRunner(env())('cgslow', 'reg.corp', 300)).resolves.toEqual({ kind: 'failed', reason: 'timed out after 0.3s' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('dockerConfigAuth', () => {
  const deps = (files: Record<string, string>, answers: Record<string, Awaited<ReturnType<Parameters<typeof dockerConfigAuth>[0]['runHelper']>>> = {}) => {
    const runs: string[] = [];
    return {
      runs,
      auth: dockerConfigAuth({
        env: { HOME: '/h' },
        readFile: async (file) => {
          const text = files[file];
          if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
          return text;
        },
        runHelper: async (helper, server) => {
          runs.push(`${helper} ${server}`);
          return answers[helper] ?? { kind: 'none' };
        },
        helperTimeoutMs: 3000,
      }),
    };
  };

  it('DOCKER_CONFIG names the directory, else ~/.docker', () => {
    expect(dockerConfigPath({ HOME: '/h' })).toBe('/h/.docker/config.json');
    expect(dockerConfigPath({ HOME: '/h', DOCKER_CONFIG: '/d' })).toBe('/d/config.json');
  });

  it('no config file: anonymous, quietly', async () => {
    await expect(deps({}).auth.credentialsFor('cgr.dev')).resolves.toEqual({});
  });

  it('a broken config file is a problem, not a crash', async () => {
    const found = await deps({ '/h/.docker/config.json': '{' }).auth.credentialsFor('cgr.dev');
    expect(found.problem).toMatch(/^\/h\/\.docker\/config\.json is not valid: /);
  });

  it('runs a helper once per registry for the run', async () => {
    const { auth, runs } = deps({ '/h/.docker/config.json': '{"credHelpers":{"cgr.dev":"cg"}}' }, { cg: { kind: 'found', username: '_token', password: 't' } });
    const [a, b] = await Promise.all([auth.credentialsFor('cgr.dev'), auth.credentialsFor('cgr.dev')]);
    expect(a).toEqual({ credentials: { username: '_token', password: 't', source: 'docker-credential-cg (credHelpers in /h/.docker/config.json)' } });
    expect(b).toBe(a);
    expect(runs).toEqual(['cg cgr.dev']);
  });

  it('a failing helper becomes a problem naming it', async () => {
    const { auth } = deps({ '/h/.docker/config.json': '{"credsStore":"desktop"}' }, { desktop: { kind: 'failed', reason: 'exit 1: locked' } });
    await expect(auth.credentialsFor('reg.corp')).resolves.toEqual({ problem: 'docker-credential-desktop (credsStore in /h/.docker/config.json) failed: exit 1: locked' });
  });
});
