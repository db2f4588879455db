// The scripts cp and packages run in the debug container, run here by busybox sh (what the -dev images
// ship) against a temporary directory standing in for /proc/1/root.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NO_PACKAGE_DB,
  packagesCommand,
  packCommand,
  parseProbeOutput,
  probeCommand,
  TARGET_ROOT,
  unpackCommand,
} from '../../src/core/file-scripts.js';
import type { PathProbe } from '../../src/core/root-path.js';

let root: string;

/** Runs a script's argv under busybox sh with TARGET_ROOT pointed at the temporary root. */
function run(argv: string[], input?: Buffer) {
  const [, ...rest] = argv.map((a) => (a === TARGET_ROOT ? root : a));
  return spawnSync('busybox', ['sh', ...rest], { input, cwd: root });
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'cg-debug-scripts-'));
  mkdirSync(path.join(root, 'srv/release'), { recursive: true });
  writeFileSync(path.join(root, 'srv/release/report.txt'), 'report\n');
  symlinkSync('/srv/release', path.join(root, 'current'));
  symlinkSync('odd\nname', path.join(root, 'weird'));
  mkdirSync(path.join(root, 'var/lib/db/sbom'), { recursive: true });
  writeFileSync(path.join(root, 'var/lib/db/sbom/a-1.spdx.json'), '{}');
  mkdirSync(path.join(root, 'locked'));
  chmodSync(path.join(root, 'locked'), 0o600);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('probe script', () => {
  it('reports each path as the target sees it, links unresolved, in one call', () => {
    const paths = ['/', '/current', '/srv/release/report.txt', '/nope', '/weird', '/locked'];
    const out = run(probeCommand(paths));
    expect(out.status).toBe(0);
    const want: PathProbe[] = [
      { kind: 'dir', readable: true, searchable: true },
      { kind: 'link', target: '/srv/release' },
      { kind: 'file', readable: true, size: 7 },
      { kind: 'missing' },
      { kind: 'link', target: 'odd\nname' },
      // Mode 0600: not searchable, whoever asks (test -x wants an x bit, even for root).
      { kind: 'dir', readable: process.getuid?.() === 0, searchable: false },
    ];
    expect(parseProbeOutput(out.stdout.toString(), paths.length)).toEqual(want);
  });

  it('says so when the root cannot be entered', () => {
    const argv = probeCommand(['/x']).map((a) => (a === TARGET_ROOT ? path.join(root, 'no-such-root') : a));
    const out = spawnSync('busybox', ['sh', ...argv.slice(1)]);
    expect(parseProbeOutput(out.stdout.toString(), 1)).toBeUndefined();
  });

  it.each([
    { name: 'readable with a size', input: 'file\0r:12\0', want: { kind: 'file', readable: true, size: 12 } },
    { name: 'no stat in the image: no size', input: 'file\0r:\0', want: { kind: 'file', readable: true } },
    { name: 'an older probe: no size', input: 'file\0r\0', want: { kind: 'file', readable: true } },
    { name: 'a size that is no number is ignored', input: 'file\0:1e9\0', want: { kind: 'file', readable: false } },
  ])('parses a file: $name', ({ input, want }) => {
    expect(parseProbeOutput(input, 1)).toEqual([want]);
  });

  it.each([
    { name: 'too few answers', input: 'file\0r\0', count: 2, want: /answered 1 of 2/ },
    { name: 'an unknown kind', input: 'fifo\0\0', count: 1, want: /unexpected probe output/ },
  ])('rejects $name', ({ input, count, want }) => {
    expect(() => parseProbeOutput(input, count)).toThrow(want);
  });
});

describe('pack and unpack scripts', () => {
  it('packs one entry by its resolved path and unpacks it under a new name in the debug container', () => {
    const tar = run(packCommand('/srv/release'));
    expect(tar.status).toBe(0);
    expect(execFileSync('tar', ['-tf', '-'], { input: tar.stdout }).toString().split('\n')).toContain('./release/report.txt');

    const dest = path.join(root, 'uploaded');
    const out = run(unpackCommand(dest, 'release'), tar.stdout);
    expect(out.stderr.toString()).toBe('');
    expect(out.stdout.toString()).toBe(`${dest}\n`);
    expect(readFileSync(path.join(dest, 'report.txt'), 'utf8')).toBe('report\n');

    // Into an existing directory: the entry keeps its name.
    const again = run(unpackCommand(root, 'release'), run(packCommand('/srv/release')).stdout);
    expect(again.stdout.toString()).toBe(`${root}/release\n`);
  });

  it('unpacks a whole stream into a directory when no entry is named', () => {
    const dest = path.join(root, 'stream');
    const out = run(unpackCommand(dest), run(packCommand('/srv/release/report.txt')).stdout);
    expect(out.status).toBe(0);
    expect(readFileSync(path.join(dest, 'report.txt'), 'utf8')).toBe('report\n');
  });

  it('refuses to move an upload under /proc, even through a symlink', () => {
    symlinkSync('/proc/self', path.join(root, 'to-proc'));
    const out = run(unpackCommand(path.join(root, 'to-proc/x'), 'release'), run(packCommand('/srv/release')).stdout);
    expect(out.status).toBe(1);
    expect(out.stderr.toString()).toMatch(/under \/proc/);
  });
});

describe('packages script', () => {
  it('packs the SPDX SBOM directory', () => {
    const out = run(packagesCommand('target'));
    expect(out.status).toBe(0);
    expect(execFileSync('tar', ['-tf', '-'], { input: out.stdout }).toString()).toMatch(/var\/lib\/db\/sbom\/a-1\.spdx\.json/);
  });

  it('exits with NO_PACKAGE_DB when there is no database', () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'cg-debug-bare-'));
    const argv = packagesCommand('target').map((a) => (a === TARGET_ROOT ? bare : a));
    expect(spawnSync('busybox', ['sh', ...argv.slice(1)]).status).toBe(NO_PACKAGE_DB);
    rmSync(bare, { recursive: true });
  });
});
