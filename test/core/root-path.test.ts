import { describe, expect, it } from 'vitest';
import { FileAccessError, NotFoundError, UsageError } from '../../src/core/errors.js';
import { resolveInRoot, type PathProbe, type ResolvedPath } from '../../src/core/root-path.js';

const dir: PathProbe = { kind: 'dir', readable: true, searchable: true };
const file: PathProbe = { kind: 'file', readable: true };

/** A target filesystem as a map from absolute path to probe; anything else is missing. */
function fakeRoot(entries: Record<string, PathProbe>) {
  const calls: string[][] = [];
  const probe = (paths: string[]) => {
    calls.push(paths);
    return Promise.resolve(paths.map((p) => entries[p] ?? ({ kind: 'missing' } as const)));
  };
  return { probe, calls };
}

const image: Record<string, PathProbe> = {
  '/': dir,
  '/app': dir,
  '/app/current': { kind: 'link', target: '/srv/release' },
  '/app/up': { kind: 'link', target: '../srv' },
  '/app/loop': { kind: 'link', target: 'loop' },
  '/srv': dir,
  '/srv/release': dir,
  '/srv/release/report.txt': file,
  '/srv/release/latest': { kind: 'link', target: 'report.txt' },
  '/secret': { kind: 'dir', readable: false, searchable: false },
  '/app/locked.txt': { kind: 'file', readable: false },
};

describe('resolveInRoot', () => {
  it.each<{ name: string; input: string; want: ResolvedPath; rounds: number }>([
    { name: 'a plain file in one round trip', input: '/srv/release/report.txt', want: { path: '/srv/release/report.txt', probe: file }, rounds: 1 },
    { name: 'an absolute link restarts at the target root', input: '/app/current/report.txt', want: { path: '/srv/release/report.txt', probe: file }, rounds: 2 },
    { name: 'a link as the last component', input: '/app/current', want: { path: '/srv/release', probe: dir }, rounds: 2 },
    { name: 'a relative link from its directory', input: '/app/current/latest', want: { path: '/srv/release/report.txt', probe: file }, rounds: 3 },
    { name: 'a relative link with ..', input: '/app/up/release', want: { path: '/srv/release', probe: dir }, rounds: 2 },
    { name: '.. stops at the target root', input: '/../../srv/release', want: { path: '/srv/release', probe: dir }, rounds: 1 },
    { name: 'the root itself', input: '/', want: { path: '/', probe: dir }, rounds: 1 },
  ])('$name', async ({ input, want, rounds }) => {
    const root = fakeRoot(image);
    expect(await resolveInRoot(input, root.probe)).toEqual(want);
    expect(root.calls).toHaveLength(rounds);
  });

  it.each<{ name: string; input: string; error: new (...a: never[]) => Error; want: RegExp }>([
    { name: 'a missing file', input: '/srv/release/nope', error: NotFoundError, want: /^\/srv\/release\/nope does not exist/ },
    { name: 'a missing link target, naming the path asked for', input: '/app/current/nope', error: NotFoundError, want: /\(resolving \/app\/current\/nope\)/ },
    { name: 'a directory the user cannot enter', input: '/secret/key.txt', error: FileAccessError, want: /cannot enter \/secret/ },
    { name: 'a file the user cannot read', input: '/app/locked.txt', error: FileAccessError, want: /cannot read \/app\/locked.txt/ },
    { name: 'a file used as a directory', input: '/srv/release/report.txt/x', error: UsageError, want: /is not a directory/ },
    { name: 'a symlink loop', input: '/app/loop', error: UsageError, want: /too many symlinks/ },
  ])('refuses $name', async ({ input, error, want }) => {
    const root = fakeRoot(image);
    const result = resolveInRoot(input, root.probe);
    await expect(result).rejects.toBeInstanceOf(error);
    await expect(resolveInRoot(input, fakeRoot(image).probe)).rejects.toThrow(want);
  });
});
