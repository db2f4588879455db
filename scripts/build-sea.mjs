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

/** dist/'s shipped files, the entry first, as paths relative to dist/. */
function distFiles() {
  const chunks = readdirSync(path.join(root, DIST, 'chunks')).sort().map((f) => `chunks/${f}`);
  return [path.relative(DIST, BUNDLE), ...chunks];
}

/**
 * Writes the SEA blob for the bundle already in dist/: the main script plus every dist/ file as an asset.
 * The blob holds no code cache or snapshot (neither helps an ESM program), so one blob serves every
 * architecture of the same Node version; the x64 Node of that version writes it.
 */
export function seaBlob(work) {
  const files = distFiles();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update('\0').update(readFileSync(path.join(root, DIST, f)));
  const build = hash.digest('hex').slice(0, 16);
  mkdirSync(work, { recursive: true });
  writeFileSync(path.join(work, 'files.json'), JSON.stringify({ build, files }));
  const assets = { 'files.json': path.join(work, 'files.json') };
  for (const f of files) assets[f] = path.join(root, DIST, f);
  const blob = path.join(work, 'cg-debug.blob');
  // The Kubernetes client's HTTP (node-fetch) calls url.parse(), which Node 24 warns about on stderr unless
  // the caller lives under node_modules; the executable's chunks live in the cache, and the warning would
  // land in the user's terminal, the TUI included.
  const execArgv = ['--disable-warning=DEP0169'];
  const config = { main: path.join(root, 'scripts/sea-main.cjs'), output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false, execArgv, assets };
  writeFileSync(path.join(work, 'sea-config.json'), JSON.stringify(config));
  execFileSync(nodeBinary(hostArch()), ['--experimental-sea-config', path.join(work, 'sea-config.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return blob;
}

/** Copies linux-<arch>'s Node to output and injects the blob. */
export function injectSea(blob, arch, output) {
  rmSync(output, { force: true });
  mkdirSync(path.dirname(output), { recursive: true });
  copyFileSync(nodeBinary(arch), output);
  chmodSync(output, 0o755);
  execFileSync(path.join(root, 'node_modules/.bin/postject'), [output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
    stdio: ['ignore', 'ignore', 'inherit'],
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
