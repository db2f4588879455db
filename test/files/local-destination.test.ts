// Downloads land whole or not at all: a real tar stream into a real temporary directory.
import { once } from 'node:events';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { c as tarCreate } from 'tar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileAccessError, NotFoundError } from '../../src/core/errors.js';
import { localDestination, localFsError } from '../../src/files/local-destination.js';
import { localSource } from '../../src/files/local-source.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-dest-'));
  mkdirSync(path.join(dir, 'src/release/bin'), { recursive: true });
  writeFileSync(path.join(dir, 'src/release/report.txt'), 'report\n', { mode: 0o640 });
  writeFileSync(path.join(dir, 'src/release/bin/tool.sh'), '#!/bin/sh\n', { mode: 0o755 });
  utimesSync(path.join(dir, 'src/release/report.txt'), 1_000_000, 1_000_000);
  mkdirSync(path.join(dir, 'out'));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function tarOf(...names: string[]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of tarCreate({ cwd: path.join(dir, 'src'), portable: true }, names)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('localDestination', () => {
  it('puts the entry into an existing directory under the asked name, with modes and mtimes', async () => {
    const dest = await localDestination(path.join(dir, 'out'));
    dest.sink.end(await tarOf('release'));
    expect(await dest.finish('release', 'current')).toBe(path.join(dir, 'out/current'));
    expect(readFileSync(path.join(dir, 'out/current/report.txt'), 'utf8')).toBe('report\n');
    expect(statSync(path.join(dir, 'out/current/bin/tool.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(dir, 'out/current/report.txt')).mtimeMs).toBe(1_000_000_000);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['current']);
  });

  it('names a file by the path given when that is not a directory', async () => {
    const dest = await localDestination(path.join(dir, 'out/copy.txt'));
    const tar = await tarOf('release/report.txt');
    dest.sink.end(tar);
    // The pack script's stream holds the entry by its own name; the test archive nests it.
    await expect(dest.finish('release/report.txt', 'report.txt')).resolves.toBe(path.join(dir, 'out/copy.txt'));
    expect(readFileSync(path.join(dir, 'out/copy.txt'), 'utf8')).toBe('report\n');
  });

  it('leaves nothing behind when the stream is damaged', async () => {
    const dest = await localDestination(path.join(dir, 'out/broken'));
    const tar = await tarOf('release');
    // Cut inside report.txt's content (after the directory's and the file's 512-byte headers).
    dest.sink.end(tar.subarray(0, 1100));
    await expect(dest.finish('release', 'broken')).rejects.toThrow();
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  it('leaves nothing behind when discarded mid-way', async () => {
    const dest = await localDestination(path.join(dir, 'out/x'));
    dest.sink.write((await tarOf('release')).subarray(0, 1024));
    await dest.discard();
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  // Opened before the pod is touched: a run that fails before any byte (no such pod) discards it untouched.
  it('leaves nothing behind when discarded before any byte arrived', async () => {
    const dest = await localDestination(path.join(dir, 'out/never'));
    await dest.discard();
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  it('names a destination directory that does not exist', async () => {
    await expect(localDestination(path.join(dir, 'missing/x'))).rejects.toBeInstanceOf(NotFoundError);
  });
});

// What the pod sends is someone else's: the attacks of the security review, fed to the real unpacker.
describe('localDestination against a hostile stream', () => {
  it('clears setuid, setgid and sticky bits (N4: run as root, they would make setuid-root files)', async () => {
    writeFileSync(path.join(dir, 'src/release/bin/x'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'src/release/bin/x'), 0o6755);
    mkdirSync(path.join(dir, 'src/release/shared'));
    chmodSync(path.join(dir, 'src/release/shared'), 0o3777);
    const tar = await tarOf('release');
    const dest = await localDestination(path.join(dir, 'out'));
    dest.sink.end(tar);
    await dest.finish('release', 'release');
    expect(statSync(path.join(dir, 'out/release/bin/x')).mode & 0o7000).toBe(0);
    expect(statSync(path.join(dir, 'out/release/bin/x')).mode & 0o100).toBe(0o100);
    expect(statSync(path.join(dir, 'out/release/shared')).mode & 0o7000).toBe(0);
  });

  it('leaves out an absolute symlink and names it; relative links stay links (N16)', async () => {
    symlinkSync('/etc/passwd', path.join(dir, 'src/release/abs'));
    symlinkSync('bin/tool.sh', path.join(dir, 'src/release/rel'));
    const dest = await localDestination(path.join(dir, 'out'));
    dest.sink.end(await tarOf('release'));
    await expect(dest.finish('release', 'release')).resolves.toBe(path.join(dir, 'out/release'));
    expect(existsSync(path.join(dir, 'out/release/abs'))).toBe(false);
    expect(lstatSync(path.join(dir, 'out/release/abs'), { throwIfNoEntry: false })).toBeUndefined();
    expect(readlinkSync(path.join(dir, 'out/release/rel'))).toBe('bin/tool.sh');
    expect(dest.skipped()).toEqual(["release/abs -> /etc/passwd (an absolute symlink: it would point into this machine's /)"]);
  });

  it('refuses entries beside the one asked for, before writing them (N12)', async () => {
    writeFileSync(path.join(dir, 'src/extra'), 'x'.repeat(4096));
    const dest = await localDestination(path.join(dir, 'out'));
    dest.sink.end(await tarOf('release', 'extra'));
    await expect(dest.finish('release', 'release')).rejects.toThrow(/holds "extra" beside "release"/);
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  it('refuses a stream whose entry is not the one asked for', async () => {
    const dest = await localDestination(path.join(dir, 'out'));
    dest.sink.end(await tarOf('release'));
    await expect(dest.finish('other', 'other')).rejects.toThrow(/holds "release", not "other"/);
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });
});

describe('localDestination in a directory someone else can change (N8)', () => {
  it('refuses a destination directory others can write that is not sticky, before anything is made', async () => {
    chmodSync(path.join(dir, 'out'), 0o777);
    await expect(localDestination(path.join(dir, 'out'))).rejects.toThrow(/refusing to copy into .*out: .*out can be changed by another user/);
    expect(readdirSync(path.join(dir, 'out'))).toEqual([]);
  });

  it('accepts a sticky one of this user, as /tmp', async () => {
    chmodSync(path.join(dir, 'out'), 0o1777);
    const dest = await localDestination(path.join(dir, 'out'));
    dest.sink.end(await tarOf('release'));
    await expect(dest.finish('release', 'r')).resolves.toBe(path.join(dir, 'out/r'));
  });

  it('a scratch directory swapped for a symlink is neither renamed from nor removed through', async () => {
    const victim = path.join(dir, 'victim');
    mkdirSync(victim);
    writeFileSync(path.join(victim, 'keep'), 'keep');
    const dest = await localDestination(path.join(dir, 'out'));
    dest.sink.end(await tarOf('release'));
    // The attacker's move, once the unpack is done: the scratch directory renamed, a symlink in its place.
    await once(dest.sink, 'finish');
    const [scratch] = readdirSync(path.join(dir, 'out'));
    renameSync(path.join(dir, 'out', scratch ?? ''), path.join(dir, 'moved'));
    mkdirSync(path.join(victim, 'release'));
    symlinkSync(victim, path.join(dir, 'out', scratch ?? ''));
    await expect(dest.finish('release', 'r')).rejects.toThrow(/was replaced while the copy ran/);
    expect(existsSync(path.join(dir, 'out/r'))).toBe(false);
    expect(readdirSync(victim).sort()).toEqual(['keep', 'release']);
  });
});

describe('localFsError', () => {
  it.each([
    { name: 'a full disk', code: 'ENOSPC', want: FileAccessError, message: /local disk is full writing \/d/ },
    { name: 'permission denied', code: 'EACCES', want: FileAccessError, message: /permission denied writing \/d/ },
    { name: 'a missing directory', code: 'ENOENT', want: NotFoundError, message: /\/d: no such directory/ },
  ])('$name', ({ code, want, message }) => {
    const error = localFsError(Object.assign(new Error(code), { code }), '/d');
    expect(error).toBeInstanceOf(want);
    expect(error.message).toMatch(message);
  });
});

describe('localSource', () => {
  it('packs a directory as one entry by its own name', async () => {
    const source = await localSource(path.join(dir, 'src/release'));
    expect(source.entry).toBe('release');
    const dest = await localDestination(path.join(dir, 'out/again'));
    source.stream.pipe(dest.sink);
    await expect(dest.finish('release', 'again')).resolves.toBe(path.join(dir, 'out/again'));
    expect(readFileSync(path.join(dir, 'out/again/bin/tool.sh'), 'utf8')).toBe('#!/bin/sh\n');
  });

  it('names a missing source', async () => {
    await expect(localSource(path.join(dir, 'nope'))).rejects.toThrow(/nope: no such file or directory/);
  });
});
