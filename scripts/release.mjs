// `npm run release`: everything a release publishes, in one folder (default release/):
//   cg-debug-<version>.tgz                  the npm package (npm pack)
//   cg-debug-linux-x64, cg-debug-linux-arm64  single executables (Node 24 from the npm registry inside)
//   cg-debug-linux-x64.tar.gz, ...-arm64.tar.gz  what krew installs: kubectl-cg_debug and
//                                              kubectl_complete-cg_debug
//   cg-debug.yaml                           the krew plugin manifest, sha256 of each archive
//   SHA256SUMS                              sha256sum's format, every file above
// The archives' URIs in the manifest are --base-url/NAME (where the folder will be published); without it,
// file:// URIs of the folder itself. Then scripts/verify-release.mjs checks the folder.
// Usage: node scripts/release.mjs [--out DIR] [--base-url URL]
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { injectSea, seaBlob } from './build-sea.mjs';
import { SEA_ARCHES, SEA_NODE_VERSION } from './node-binary.mjs';
import { sha256File } from './release-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

/** krew's arch label for Node's. */
const KREW_ARCH = { x64: 'amd64', arm64: 'arm64' };
const PLUGIN_BIN = 'kubectl-cg_debug';
const COMPLETE_BIN = 'kubectl_complete-cg_debug';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'release' }, 'base-url': { type: 'string' } } });
const out = path.resolve(root, values.out);
const baseUrl = (values['base-url'] ?? pathToFileURL(out).href).replace(/\/$/, '');
const log = (line) => process.stdout.write(`${line}\n`);

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// prepack builds dist/, so the executables below carry exactly what the tarball ships.
const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: root, encoding: 'utf8' }).trim().split('\n').at(-1);
log(`${packed}: the npm package`);

const work = path.join(root, '.cache/release');
rmSync(work, { recursive: true, force: true });
const blob = seaBlob(path.join(work, 'sea'));
const completion = execFileSync(process.execPath, [path.join(root, 'dist/cg-debug.mjs'), 'completion', 'kubectl'], { encoding: 'utf8' });

const platforms = [];
for (const arch of SEA_ARCHES) {
  const exe = `cg-debug-linux-${arch}`;
  injectSea(blob, arch, path.join(out, exe));
  log(`${exe}: single executable, Node ${SEA_NODE_VERSION}`);

  const stage = path.join(work, arch);
  mkdirSync(stage, { recursive: true });
  copyFileSync(path.join(out, exe), path.join(stage, PLUGIN_BIN));
  writeFileSync(path.join(stage, COMPLETE_BIN), completion);
  chmodSync(path.join(stage, PLUGIN_BIN), 0o755);
  chmodSync(path.join(stage, COMPLETE_BIN), 0o755);
  const archive = `${exe}.tar.gz`;
  // Same input, same bytes: fixed order, owner and time.
  const tarFlags = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--use-compress-program=gzip -n'];
  execFileSync('tar', [...tarFlags, '-cf', path.join(out, archive), '-C', stage, PLUGIN_BIN, COMPLETE_BIN]);
  log(`${archive}: for krew`);
  platforms.push({
    selector: { matchLabels: { os: 'linux', arch: KREW_ARCH[arch] } },
    uri: `${baseUrl}/${archive}`,
    sha256: sha256File(path.join(out, archive)),
    files: [
      { from: PLUGIN_BIN, to: '.' },
      { from: COMPLETE_BIN, to: '.' },
    ],
    bin: PLUGIN_BIN,
  });
}

const manifest = {
  apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
  kind: 'Plugin',
  metadata: { name: 'cg-debug' },
  spec: {
    version: `v${pkg.version}`,
    shortDescription: 'Shell in a distroless pod from its matching -dev image',
    description: `${pkg.description}\nkrew links only kubectl-cg_debug onto the PATH; for kubectl cg-debug <TAB>, link\nkubectl_complete-cg_debug from the plugin's directory too.\n`,
    platforms,
  },
};
writeFileSync(path.join(out, 'cg-debug.yaml'), stringify(manifest, { lineWidth: 0 }));
log('cg-debug.yaml: the krew manifest');

const files = readdirSync(out).filter((f) => f !== 'SHA256SUMS').sort();
writeFileSync(path.join(out, 'SHA256SUMS'), files.map((f) => `${sha256File(path.join(out, f))}  ${f}\n`).join(''));
log(`SHA256SUMS: ${files.length} files, in ${path.relative(root, out) || '.'}/`);
rmSync(work, { recursive: true, force: true });
