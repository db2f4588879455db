// `npm run build:sea`: dist/cg-debug, one executable with Node inside (a Node single executable
// application) for machines without Node: copy it anywhere, or onto PATH as kubectl-cg_debug.
// Its main script, scripts/sea-main.cjs, writes the bundle's entry and chunks (carried as SEA assets) once
// into the user's cache and imports them from there.
// Usage: node scripts/build-sea.mjs [--arch x64|arm64] [--output FILE]   (default: this machine, dist/cg-debug)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { parseArgs } from 'node:util';
import { BUNDLE, DIST, bundle } from './bundle.mjs';
import { hostArch, nodeBinary, SEA_NODE_VERSION } from './node-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// The fuse every Node binary carries; postject flips it so Node looks for the blob.
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

// The main script of a Node 26 executable may import() built-in modules only; a script read from disk
// imports as any other does. So the main script requires this one from the cached build and lets it
// import the entry (scripts/sea-main.cjs).
export const SEA_IMPORTER = 'import.cjs';
const IMPORTER_SOURCE = "'use strict';\nmodule.exports = (url) => import(url);\n";

/** dist/'s shipped files, the entry first, as paths relative to dist/. */
function distFiles() {
  const chunks = readdirSync(path.join(root, DIST, 'chunks')).sort().map((f) => `chunks/${f}`);
  return [path.relative(DIST, BUNDLE), ...chunks];
}

/**
 * Writes the SEA blob for the bundle already in dist/: the main script plus every dist/ file and the
 * importer as assets. The blob holds no code cache or snapshot (neither helps an ESM program), so one blob
 * serves every platform of the same Node version; this machine's Node of that version writes it.
 */
export function seaBlob(work, version = SEA_NODE_VERSION) {
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, SEA_IMPORTER), IMPORTER_SOURCE);
  const sources = new Map(distFiles().map((f) => [f, path.join(root, DIST, f)]));
  sources.set(SEA_IMPORTER, path.join(work, SEA_IMPORTER));
  const files = [...sources.keys()];
  const hash = createHash('sha256');
  for (const [f, source] of sources) hash.update(f).update('\0').update(readFileSync(source));
  const build = hash.digest('hex').slice(0, 16);
  writeFileSync(path.join(work, 'files.json'), JSON.stringify({ build, files }));
  const assets = { 'files.json': path.join(work, 'files.json'), ...Object.fromEntries(sources) };
  const blob = path.join(work, 'cg-debug.blob');
  // The Kubernetes client's HTTP (node-fetch) calls url.parse(), which Node 24 warns about on stderr unless
  // the caller lives under node_modules; the executable's chunks live in the cache, and the warning would
  // land in the user's terminal, the TUI included.
  const execArgv = ['--disable-warning=DEP0169'];
  const config = { main: path.join(root, 'scripts/sea-main.cjs'), output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, execArgv, assets };
  writeFileSync(path.join(work, 'sea-config.json'), JSON.stringify(config));
  execFileSync(nodeBinary(hostArch(), version), ['--experimental-sea-config', path.join(work, 'sea-config.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return blob;
}

/**
 * Copies <os>-<arch>'s Node (linux unless given) to output and injects the blob; in a Mach-O the blob goes
 * into its own NODE_SEA segment, where Node looks for it on macOS. The Mach-O's signature is then stale:
 * scripts/macos-sign.mjs signs it again.
 */
export function injectSea(blob, arch, output, { os = 'linux', version = SEA_NODE_VERSION } = {}) {
  rmSync(output, { force: true });
  mkdirSync(path.dirname(output), { recursive: true });
  copyFileSync(nodeBinary(arch, version, os), output);
  chmodSync(output, 0o755);
  const macho = os === 'darwin' ? ['--macho-segment-name', 'NODE_SEA'] : [];
  // postject (LIEF) warns about every ELF note section it does not know, 15 lines that say nothing about
  // the result (verify-release checks it); its output is shown only when it fails, in the error.
  execFileSync(path.join(root, 'node_modules/.bin/postject'), [output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE, ...macho], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { arch: { type: 'string' }, output: { type: 'string', default: 'dist/cg-debug' } } });
  const arch = values.arch ?? hostArch();
  const output = path.resolve(root, values.output);
  await bundle();
  injectSea(seaBlob(path.join(root, 'dist/sea')), arch, output);
  process.stdout.write(`${path.relative(root, output)}: Node ${SEA_NODE_VERSION} linux-${arch}\n`);
}
