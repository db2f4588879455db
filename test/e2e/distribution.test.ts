// The package as users get it: `npm pack`, installed into a fresh prefix, run as cg-debug, through npx
// and as a kubectl plugin, against the real cluster.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CG_DEBUG_BIN, IMAGES, KUBECTL, REPO_ROOT, type ClusterInfo } from './support/cluster.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let cluster: ClusterInfo;
let dir: string;
let tarball: string;
let prefix: string;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    KUBECONFIG: cluster.kubeconfig,
    CG_DEBUG_DEFAULT_IMAGE: IMAGES.wolfiBase,
    npm_config_cache: path.join(dir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

beforeAll(async () => {
  cluster = inject('cluster');
  dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-dist-'));
  // prepack builds the bundle, so the tarball is never stale.
  const { stdout } = await execa('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO_ROOT, env: env() });
  tarball = path.join(dir, stdout.trim().split('\n').at(-1) ?? '');
  prefix = path.join(dir, 'prefix');
  await execa('npm', ['install', '--global', '--offline', '--prefix', prefix, tarball], { env: env() });
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships the entry and its chunks, and nothing to install beside them', async () => {
    const { stdout } = await execa('tar', ['-tzf', tarball]);
    const shipped = stdout.split('\n').filter((f) => f.startsWith('package/dist/'));
    const chunks = readdirSync(path.join(REPO_ROOT, 'dist/chunks')).map((f) => `package/dist/chunks/${f}`);
    expect(shipped.sort()).toEqual(['package/dist/cg-debug.mjs', ...chunks].sort());
    const installed = path.join(prefix, 'lib/node_modules/cg-debug');
    expect(readdirSync(installed)).not.toContain('node_modules');
  });

  it('installs a cg-debug that runs and reads the cluster', async () => {
    const bin = path.join(prefix, 'bin/cg-debug');
    expect((await execa(bin, ['--version'], { env: env() })).stdout).toBe(`cg-debug ${VERSION}`);
    const { stdout } = await execa(bin, ['-n', 'cg-baseline', 'app', '--dry-run', '-o', 'json'], { env: env() });
    expect(JSON.stringify(JSON.parse(stdout))).toContain(IMAGES.appDev);
  });

  it('runs through npx from the tarball', async () => {
    const { stdout } = await execa('npx', ['--yes', '--package', tarball, 'cg-debug', '--version'], { cwd: dir, env: env() });
    expect(stdout).toBe(`cg-debug ${VERSION}`);
  });
});

// CG_DEBUG_BIN picks what kubectl runs: the SEA binary in its CI run, else the installed package.
describe('kubectl plugin', () => {
  it('runs as kubectl cg-debug when on PATH as kubectl-cg_debug', async () => {
    const plugins = path.join(dir, 'plugins');
    mkdirSync(plugins, { recursive: true });
    const target = /\.m?js$/.test(CG_DEBUG_BIN) ? path.join(prefix, 'bin/cg-debug') : CG_DEBUG_BIN;
    symlinkSync(target, path.join(plugins, 'kubectl-cg_debug'));
    const pluginEnv = env({ PATH: `${plugins}:${path.dirname(process.execPath)}:${process.env['PATH'] ?? ''}` });
    const { stdout: listed } = await execa(KUBECTL, ['plugin', 'list', '--name-only'], { env: pluginEnv, reject: false });
    expect(listed).toContain('kubectl-cg_debug');
    expect((await execa(KUBECTL, ['cg-debug', '--version'], { env: pluginEnv })).stdout).toBe(`cg-debug ${VERSION}`);
    const { stdout } = await execa(KUBECTL, ['cg-debug', '-n', 'cg-baseline', 'app', '--dry-run', '-o', 'json'], { env: pluginEnv });
    expect(JSON.stringify(JSON.parse(stdout))).toContain(IMAGES.appDev);

    // kubectl cg-debug <TAB>: kubectl's own completion runs kubectl_complete-cg_debug from the PATH.
    const complete = path.join(plugins, 'kubectl_complete-cg_debug');
    writeFileSync(complete, (await execa(path.join(plugins, 'kubectl-cg_debug'), ['completion', 'kubectl'], { env: pluginEnv })).stdout);
    chmodSync(complete, 0o755);
    const { stdout: completed } = await execa(KUBECTL, ['__complete', 'cg-debug', '-n', 'cg-baseline', ''], { env: pluginEnv });
    const lines = completed.split('\n');
    expect(lines).toContain('app');
    expect(lines).toContain('dev-image');
    expect(lines.at(-1)).toMatch(/^:4$/);
  });
});
