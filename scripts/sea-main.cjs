// The single executable's main script. Node runs it as CommonJS, but cg-debug is ESM with top-level await
// (ink, yoga-layout), so the entry and its chunks travel in the executable as SEA assets: they are written
// once into a directory of the user's cache named for this build, then imported from there exactly like
// the npm package's dist/. (Importing the whole bundle from a base64 data: URL made every start decode and
// compile 2.6 MB: 5.3x `node -e 0` for --version.)
'use strict';
const fs = require('node:fs');
const nodeModule = require('node:module');
const os = require('node:os');
const path = require('node:path');
const process = require('node:process');
const sea = require('node:sea');
const { pathToFileURL } = require('node:url');

/** Written by scripts/build-sea.mjs: the build's content hash and the dist/ files, entry first. */
const { build, files } = JSON.parse(sea.getAsset('files.json', 'utf8'));

/** ~/.cache/cg-debug (XDG_CACHE_HOME honoured), or undefined when there is no home to cache in. */
function cacheRoot() {
  const xdg = process.env.XDG_CACHE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'cg-debug');
  const home = os.homedir();
  return home && path.isAbsolute(home) ? path.join(home, '.cache', 'cg-debug') : undefined;
}

/** Code we import must be ours alone: a directory owned by this user that no one else can write to. */
function trusted(dir) {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Writes the assets into a fresh private directory under parent; resolves its path. */
function writeAssets(parent) {
  const dir = fs.mkdtempSync(path.join(parent, '.tmp-'));
  for (const name of files) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true, mode: 0o700 });
    fs.writeFileSync(path.join(dir, name), new Uint8Array(sea.getAsset(name)), { mode: 0o600 });
  }
  return dir;
}

/** The cached copy of this build, written now if it is not there yet; earlier builds' copies go. */
function cachedBuild(root) {
  const dir = path.join(root, `sea-${build}`);
  if (trusted(dir)) return dir;
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  if (!trusted(root)) throw new Error(`${root} is not a private directory of this user`);
  const written = writeAssets(root);
  try {
    // Atomic: a concurrent start sees the whole build or none of it.
    fs.renameSync(written, dir);
  } catch (error) {
    fs.rmSync(written, { recursive: true, force: true });
    if (!trusted(dir)) throw error;
  }
  for (const old of fs.readdirSync(root)) {
    if (old.startsWith('sea-') && old !== path.basename(dir)) fs.rmSync(path.join(root, old), { recursive: true, force: true });
  }
  return dir;
}

/** Without a usable cache: a private copy in the temporary directory for this run only. */
function temporaryBuild() {
  const dir = writeAssets(os.tmpdir());
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function buildDirectory() {
  const root = cacheRoot();
  if (root) {
    try {
      return { dir: cachedBuild(root), cached: true };
    } catch {
      // A read-only or foreign home: fall through to a copy of our own.
    }
  }
  return { dir: temporaryBuild(), cached: false };
}

const { dir, cached } = buildDirectory();
// V8's code cache for the chunks (Node 22.1+): direct mode compiles the Kubernetes client once, not per
// run. Beside the cached build it goes with it; a temporary copy gets none (main.ts asks for it too).
if (!cached) process.env.NODE_DISABLE_COMPILE_CACHE = '1';
else if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache(path.join(dir, 'v8'));
// Node 26 lets this script import() built-in modules only, so the build's importer (read from disk like any
// module) imports the entry; the same on Node 24.
const importFromDisk = nodeModule.createRequire(path.join(dir, files[0]))('./import.cjs');
importFromDisk(pathToFileURL(path.join(dir, files[0])).href).catch((error) => {
  process.stderr.write(`cg-debug: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exit(1);
});
