// The config file with the built CLI: cg-debug config, FILE:LINE errors, and its settings in a dry run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, IMAGES } from '../support/cluster.js';

const cluster = inject('cluster');
let dir = '';

async function cgDebug(args: string[], config: string, extraEnv: Record<string, string> = {}) {
  const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, config);
  const [node, ...rest] = cgDebugArgv(args);
  const result = await execa(node as string, rest, {
    reject: false,
    timeout: 60_000,
    stdin: 'ignore',
    env: { KUBECONFIG: cluster.kubeconfig, CG_DEBUG_CONFIG: file, HOME: dir, ...extraEnv },
  });
  return { ...result, file };
}

const CONFIG = `defaultImage: ${IMAGES.wolfiBase}
defaultProfile: baseline
mirrors:
  - from: 127.0.0.1:5000/chainguard/*
    to: cgr.dev/chainguard/*
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-e2e-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('config file', () => {
  it('cg-debug config says where each value came from', async () => {
    const result = await cgDebug(['config', '--profile', 'general'], CONFIG);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`defaultImage    ${IMAGES.wolfiBase}  [${result.file}:1]`);
    expect(result.stdout).toContain('defaultProfile  general  [flag --profile]');
    expect(result.stdout).toContain(`127.0.0.1:5000/chainguard/* as cgr.dev/chainguard/*  [${result.file}:4]`);
  });

  it('an error names the file and line, and exits with the config file code (78)', async () => {
    const result = await cgDebug(['-n', 'cg-baseline', 'app', '--dry-run'], 'defaultProfile: baseline\nmirrors:\n  - from: nowhere\n    to: cgr.dev/*\n');
    expect(result.exitCode).toBe(78);
    expect(result.stderr).toContain(`cg-debug: ${result.file}:3: mirrors.from "nowhere" must be a path ending in /*`);
  });

  it('a dry run uses the file profile and the mirror rule', async () => {
    const result = await cgDebug(['-n', 'cg-baseline', 'app', '--dry-run', '-o', 'json', '--new'], CONFIG);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { profile: { requested: string }; image: { image: string; reason: string; verified: string } };
    expect(doc.profile.requested).toBe('baseline');
    expect(doc.image).toMatchObject({ image: IMAGES.appDev, verified: 'exists' });
    expect(doc.image.reason).toBe('mirror 127.0.0.1:5000/chainguard/* as cgr.dev/chainguard/*: cgr.dev tag 1.2.3 -> 1.2.3-dev');
  });

  it('--help works even with a broken config file', async () => {
    const result = await cgDebug(['--help'], 'mirrors: [\n');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('cg-debug config [-o json|yaml]');
  });
});
