// N1: V8's compile cache must never sit where another local user can create it first (Node's default,
// $TMPDIR/node-compile-cache, is a predictable name there): it runs the cache's code as whoever runs next.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enableV8Cache, v8CacheDirectory, type V8CacheDeps } from '../../src/cli/v8-cache.js';

let dir: string;
const uid = process.getuid?.();

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-v8-'));
  chmodSync(dir, 0o700);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(deps: Partial<V8CacheDeps>): { choice: ReturnType<typeof enableV8Cache>; enabled: string[] } {
  const enabled: string[] = [];
  const choice = enableV8Cache({ env: {}, home: undefined, uid, enable: (d) => enabled.push(d), ...deps });
  return { choice, enabled };
}

describe('v8CacheDirectory', () => {
  it.each([
    { name: 'XDG_CACHE_HOME', input: { env: { XDG_CACHE_HOME: '/x/cache' }, home: '/h' }, want: '/x/cache/cg-debug/v8' },
    { name: 'HOME', input: { env: {}, home: '/h' }, want: '/h/.cache/cg-debug/v8' },
    { name: 'a relative XDG_CACHE_HOME is ignored', input: { env: { XDG_CACHE_HOME: 'cache' }, home: '/h' }, want: '/h/.cache/cg-debug/v8' },
    { name: 'no absolute home: none (never the temporary directory)', input: { env: { TMPDIR: '/tmp' }, home: 'rel' }, want: undefined },
  ])('$name', ({ input, want }) => {
    expect(v8CacheDirectory(input.env, input.home)).toBe(want);
  });
});

describe('enableV8Cache', () => {
  it('uses a private directory of this user, created 0700, and never the planted shared one', () => {
    // The attack: a world-writable node-compile-cache in the shared temporary directory, made first.
    const shared = path.join(dir, 'tmp');
    mkdirSync(path.join(shared, 'node-compile-cache'), { recursive: true, mode: 0o777 });
    const home = path.join(dir, 'home');
    mkdirSync(home, { mode: 0o700 });
    const { choice, enabled } = run({ env: { TMPDIR: shared }, home });
    const want = path.join(home, '.cache/cg-debug/v8');
    expect(choice).toEqual({ enabled: want });
    expect(enabled).toEqual([want]);
    expect(statSync(want).mode & 0o777).toBe(0o700);
  });

  it('without a home the cache stays off rather than going to the temporary directory', () => {
    const { choice, enabled } = run({ env: { TMPDIR: dir }, home: undefined });
    expect(enabled).toEqual([]);
    expect(choice).toEqual({ disabled: 'no absolute XDG_CACHE_HOME or HOME' });
  });

  it.each([
    {
      name: 'a directory others can write',
      plant: (cache: string) => {
        mkdirSync(cache, { recursive: true });
        chmodSync(cache, 0o777);
      },
    },
    {
      name: 'a symlink to a directory of the attacker',
      plant: (cache: string) => {
        mkdirSync(path.dirname(cache), { recursive: true });
        mkdirSync(path.join(dir, 'attacker'), { mode: 0o700 });
        symlinkSync(path.join(dir, 'attacker'), cache);
      },
    },
    {
      name: 'a parent another user can swap (group and other writable, not sticky)',
      plant: (cache: string) => {
        mkdirSync(cache, { recursive: true, mode: 0o700 });
        chmodSync(path.dirname(cache), 0o777);
      },
    },
  ])('refuses $name: the cache stays off', ({ plant }) => {
    const cache = path.join(dir, 'xdg/cg-debug/v8');
    plant(cache);
    const { choice, enabled } = run({ env: { XDG_CACHE_HOME: path.join(dir, 'xdg') } });
    expect(enabled).toEqual([]);
    expect(choice).toHaveProperty('disabled');
  });

  it.runIf(uid !== undefined)('refuses a directory owned by another user', () => {
    const cache = path.join(dir, 'xdg/cg-debug/v8');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const { choice, enabled } = run({ env: { XDG_CACHE_HOME: path.join(dir, 'xdg') }, uid: (uid ?? 0) + 1 });
    expect(enabled).toEqual([]);
    expect(choice).toHaveProperty('disabled');
  });

  it('a sticky shared parent (like /tmp) is fine when the directory is this user own', () => {
    const xdg = path.join(dir, 'sticky');
    mkdirSync(xdg);
    chmodSync(xdg, 0o1777);
    const { choice } = run({ env: { XDG_CACHE_HOME: xdg } });
    expect(choice).toEqual({ enabled: path.join(xdg, 'cg-debug/v8') });
  });

  it.each([
    { name: 'NODE_COMPILE_CACHE: Node has used it at start-up', env: { NODE_COMPILE_CACHE: '/somewhere' } },
    { name: 'NODE_DISABLE_COMPILE_CACHE', env: { NODE_DISABLE_COMPILE_CACHE: '1' } },
  ])('leaves $name to Node', ({ env }) => {
    const { enabled } = run({ env, home: dir });
    expect(enabled).toEqual([]);
  });

  it('a cache already on (the single executable turns on its own first) is left as it is', () => {
    const { choice, enabled } = run({ home: dir, current: () => '/home/u/.cache/cg-debug/sea-abc/v8' });
    expect(enabled).toEqual([]);
    expect(choice).toEqual({ enabled: '/home/u/.cache/cg-debug/sea-abc/v8' });
  });

  it('Node without the API: nothing', () => {
    expect(enableV8Cache({ env: {}, home: dir, uid, enable: undefined })).toEqual({ disabled: 'this Node has no compile cache' });
  });
});
