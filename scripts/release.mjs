// `npm run release`: everything a release publishes, in one folder (default release/):
//   cg-debug-<version>.tgz                     the npm package (npm pack; LICENSE inside)
//   cg-debug-<os>-<arch>                       single executables for linux and darwin, x64 and arm64
//                                              (Node from the npm registry inside; macOS ones signed ad hoc)
//   cg-debug-<os>-<arch>.tar.gz                what krew installs: kubectl-cg_debug and LICENSE
//   cg-debug.yaml                              the krew plugin manifest, sha256 of each archive
//   SHA256SUMS                                 sha256sum's format, every file above
// The archives' URIs in the manifest are --base-url/NAME, where the folder will be published: https only,
// and a publishable manifest also needs a homepage (--homepage, else package.json's). Without --base-url the
// URIs are file:// URIs of the folder itself: a manifest for checks on this machine (scripts/validate-krew.mjs,
// `kubectl krew install --manifest --archive`), which verify-release never passes as publishable.
// Then scripts/verify-release.mjs checks the folder.
// Usage: node scripts/release.mjs [--out DIR] [--base-url https://...] [--homepage https://...]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { injectSea, seaBlob } from './build-sea.mjs';
import { krewManifest, LICENSE_FILE, manifestProblems, PLUGIN_BIN, publishableBaseUrl } from './krew-manifest.mjs';
import { signAdHoc } from './macos-sign.mjs';
import { hostArch, SEA_PLATFORMS } from './node-binary.mjs';
import { sha256File } from './release-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const fail = (message) => {
  process.stderr.write(`release: ${message}\n`);
  process.exit(64);
};

const { values } = parseArgs({ options: { out: { type: 'string', default: 'release' }, 'base-url': { type: 'string' }, homepage: { type: 'string' } } });
const out = path.resolve(root, values.out);
const homepage = values.homepage ?? pkg.homepage;
if (values['base-url'] !== undefined) {
  const problem = publishableBaseUrl(values['base-url']);
  if (problem) fail(problem);
  if (!/^https:\/\/[^/]+/.test(homepage ?? '')) fail('a manifest for krew-index needs a homepage: --homepage https://... or "homepage" in package.json');
}
const baseUrl = values['base-url'] ?? pathToFileURL(out).href;
const log = (line) => process.stdout.write(`${line}\n`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// prepack builds dist/, so the executables below carry exactly what the tarball ships.
const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1);
log(`${packed}: the npm package`);

const work = path.join(root, '.cache/release');
rmSync(work, { recursive: true, force: true });
// One blob per Node version: a blob is read only by the Node version that wrote it.
const blobs = new Map();
const blobFor = (version) => {
  if (!blobs.has(version)) blobs.set(version, seaBlob(path.join(work, `sea-${version}`), version));
  return blobs.get(version);
};

// The macOS executables cannot run here; the same blob in this machine's Node of the same version can.
for (const version of new Set(SEA_PLATFORMS.filter((p) => p.os === 'darwin').map((p) => p.node))) {
  const probe = path.join(work, `probe-${version}`);
  injectSea(blobFor(version), hostArch(), probe, { version });
  const home = path.join(work, 'probe-home');
  const said = execFileSync(probe, ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CACHE_HOME: '' } }).trim();
  if (said !== `cg-debug ${pkg.version}`) fail(`the macOS executables' blob, in Node ${version} for linux, said ${JSON.stringify(said)} to --version`);
  log(`the macOS executables' blob runs in Node ${version} (linux-${hostArch()}): ${said}`);
}

const archives = [];
for (const { os, arch, node } of SEA_PLATFORMS) {
  const exe = `cg-debug-${os}-${arch}`;
  injectSea(blobFor(node), arch, path.join(out, exe), { os, version: node });
  if (os === 'darwin') signAdHoc(path.join(out, exe), 'cg-debug');
  log(`${exe}: single executable, Node ${node}${os === 'darwin' ? ', signed ad hoc' : ''}`);

  const stage = path.join(work, `${os}-${arch}`);
  mkdirSync(stage, { recursive: true });
  copyFileSync(path.join(out, exe), path.join(stage, PLUGIN_BIN));
  chmodSync(path.join(stage, PLUGIN_BIN), 0o755);
  copyFileSync(path.join(root, LICENSE_FILE), path.join(stage, LICENSE_FILE));
  chmodSync(path.join(stage, LICENSE_FILE), 0o644);
  const archive = `${exe}.tar.gz`;
  // Same input, same bytes: fixed order, owner and time.
  const tarFlags = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--use-compress-program=gzip -n'];
  execFileSync('tar', [...tarFlags, '-cf', path.join(out, archive), '-C', stage, LICENSE_FILE, PLUGIN_BIN]);
  log(`${archive}: for krew`);
  archives.push({ os, arch, file: archive, sha256: sha256File(path.join(out, archive)) });
}

const macosNode = SEA_PLATFORMS.find((p) => p.os === 'darwin')?.node;
const macosNote = `macOS: the plugin embeds Node ${macosNode} and is signed ad hoc, not notarized by Apple. krew's
download carries no quarantine flag, so macOS runs it; a copy fetched with a browser needs
  xattr -d com.apple.quarantine kubectl-cg_debug`;
const manifest = krewManifest({ version: pkg.version, homepage, baseUrl, archives, macosNote });
const problems = manifestProblems(manifest, { publishable: values['base-url'] !== undefined });
if (problems.length > 0) fail(`the manifest would be refused:\n${problems.map((p) => `  ${p}`).join('\n')}`);
writeFileSync(path.join(out, 'cg-debug.yaml'), stringify(manifest, { lineWidth: 0 }));
log(
  values['base-url'] === undefined
    ? 'cg-debug.yaml: the krew manifest, with file:// URIs for checks on this machine (to publish: --base-url https://...)'
    : `cg-debug.yaml: the krew manifest, downloads from ${values['base-url']}`,
);

const files = readdirSync(out).filter((f) => f !== 'SHA256SUMS').sort();
writeFileSync(path.join(out, 'SHA256SUMS'), files.map((f) => `${sha256File(path.join(out, f))}  ${f}\n`).join(''));
log(`SHA256SUMS: ${files.length} files, in ${path.relative(root, out) || '.'}/`);
rmSync(work, { recursive: true, force: true });
