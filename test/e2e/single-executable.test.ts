// The single executable's start-up cache (scripts/sea-main.cjs): written once per build into a private
// directory, reused after, never imported from a directory someone else could have written, and without a
// usable cache a private temporary copy that is gone after the run. Builds its own executable.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/cluster.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
let exe: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-sea-'));
  exe = path.join(dir, 'cg-debug');
  await execa(process.execPath, [path.join(REPO_ROOT, 'scripts/build-sea.mjs'), '--output', exe], { cwd: REPO_ROOT });
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh home and temporary directory; runs the executable there. */
function sandbox(name: string) {
  const home = path.join(dir, name, 'home');
  const tmp = path.join(dir, name, 'tmp');
  mkdirSync(home, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  const cache = path.join(home, '.cache/cg-debug');
  const run = async (env: Record<string, string> = {}) =>
    execa(exe, ['--version'], { env: { HOME: home, TMPDIR: tmp, XDG_CACHE_HOME: '', ...env }, extendEnv: false, reject: false });
  return { home, tmp, cache, run };
}

const builds = (cache: string) => readdirSync(cache).filter((f) => /^sea-[0-9a-f]{16}$/.test(f));

describe('single executable start-up cache', () => {
  it('writes its code once into a private directory and reuses it', async () => {
    const { cache, run } = sandbox('once');
    expect((await run()).stdout).toBe(`cg-debug ${VERSION}`);
    const [build] = builds(cache);
    expect(build).toBeDefined();
    const entry = path.join(cache, build ?? '', 'cg-debug.mjs');
    expect(statSync(path.join(cache, build ?? '')).mode & 0o077).toBe(0);
    const written = statSync(entry).mtimeMs;
    expect((await run()).stdout).toBe(`cg-debug ${VERSION}`);
    expect(statSync(entry).mtimeMs).toBe(written);
    expect(builds(cache)).toEqual([build]);
  });

  it('honours XDG_CACHE_HOME and removes earlier builds', async () => {
    const { home, run } = sandbox('xdg');
    const xdg = path.join(home, 'xdg');
    mkdirSync(path.join(xdg, 'cg-debug/sea-0000000000000000'), { recursive: true, mode: 0o700 });
    chmodSync(path.join(xdg, 'cg-debug'), 0o700);
    expect((await run({ XDG_CACHE_HOME: xdg })).stdout).toBe(`cg-debug ${VERSION}`);
    expect(builds(path.join(xdg, 'cg-debug'))).toHaveLength(1);
    expect(builds(path.join(xdg, 'cg-debug'))).not.toContain('sea-0000000000000000');
  });

  it('never imports code from a directory others can write to; runs from a temporary copy it removes', async () => {
    const first = sandbox('first');
    await first.run();
    const [build] = builds(first.cache);
    const { cache, tmp, run } = sandbox('tampered');
    // The same build's directory, planted world-writable with an entry that is not ours.
    const planted = path.join(cache, build ?? '');
    mkdirSync(planted, { recursive: true });
    writeFileSync(path.join(planted, 'cg-debug.mjs'), "process.stdout.write('planted\\n');\n");
    chmodSync(planted, 0o777);
    const result = await run();
    expect(result.stdout).toBe(`cg-debug ${VERSION}`);
    expect(result.exitCode).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('without a home to cache in, still runs and leaves nothing behind', async () => {
    const { home, tmp, run } = sandbox('homeless');
    // A HOME that is a file: no directory can be made in it, not even by root.
    writeFileSync(path.join(home, 'file'), '');
    const result = await run({ HOME: path.join(home, 'file') });
    expect(result.stdout).toBe(`cg-debug ${VERSION}`);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
