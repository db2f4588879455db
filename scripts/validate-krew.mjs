// Checks a release folder with krew's own code rather than a re-implementation of its rules:
//  1. validate-krew-manifest, the program krew-index's CI runs on every manifest: structure, selectors, and
//     for every platform a real `kubectl krew install` under that OS and arch, then a LICENSE among the
//     installed files. It downloads from the manifest's URIs, so it reads a copy whose URIs point at a static
//     server on 127.0.0.1 serving the folder.
//  2. What the README tells a user to do with a downloaded release: `kubectl krew install --manifest
//     --archive` into an empty KREW_ROOT; the installed kubectl-cg_debug then runs as `kubectl cg-debug`.
// krew, validate-krew-manifest (scripts/tools.sh) and a kubectl (PATH, else the test cluster's build) are
// needed. Usage: node scripts/validate-krew.mjs [DIR]   (default release/)
import { execFile, execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { LICENSE_FILE, PLUGIN_BIN, PLUGIN_NAME } from './krew-manifest.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = path.resolve(root, process.argv[2] ?? 'release');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const run = promisify(execFile);
const tool = (name) => execFileSync('bash', [path.join(root, 'scripts/tools.sh'), name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const fail = (message) => {
  process.stderr.write(`validate-krew: ${message}\n`);
  process.exitCode = 1;
};

/** kubectl from PATH, else the one the test cluster builds. */
function kubectl() {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) if (d && existsSync(path.join(d, 'kubectl'))) return path.join(d, 'kubectl');
  const cache = path.join(process.env.CG_CLUSTER_CACHE ?? '/var/cache/cg-debug', 'bin');
  const built = existsSync(cache) ? readdirSync(cache).find((f) => /^kubectl-v[\d.]+$/.test(f)) : undefined;
  if (!built) throw new Error('no kubectl on PATH and none built by test/cluster/cluster.sh build');
  return path.join(cache, built);
}

/** Serves the folder's plain files (GET and HEAD, by base name only) on 127.0.0.1; resolves the server. */
function serve(folder) {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1));
    const file = path.join(folder, name);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || name !== path.basename(name) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const work = mkdtempSync(path.join(tmpdir(), 'cg-debug-krew-'));
const server = await serve(dir);
try {
  // A PATH holding kubectl and its krew plugin, as a krew user's has.
  const bin = path.join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(kubectl(), path.join(bin, 'kubectl'));
  symlinkSync(tool('krew'), path.join(bin, 'kubectl-krew'));
  const PATH = `${bin}${path.delimiter}${process.env.PATH ?? ''}`;

  // 1. krew-index's validator, on a copy that downloads from the loopback server. The copy's name must be the
  // plugin's: the validator takes the plugin name from the file name.
  const manifest = parse(readFileSync(path.join(dir, `${PLUGIN_NAME}.yaml`), 'utf8'));
  const { port } = server.address();
  for (const p of manifest.spec.platforms) p.uri = `http://127.0.0.1:${port}/${path.basename(new URL(p.uri).pathname)}`;
  mkdirSync(path.join(work, 'served'));
  const copy = path.join(work, 'served', `${PLUGIN_NAME}.yaml`);
  writeFileSync(copy, stringify(manifest, { lineWidth: 0 }));
  const count = manifest.spec.platforms.length;
  const started = Date.now();
  const validated = await run(tool('validate-krew-manifest'), ['-manifest', copy], { env: { ...process.env, PATH }, maxBuffer: 1 << 24 }).catch((error) => error);
  const said = `${validated.stdout ?? ''}${validated.stderr ?? ''}`;
  if (validated instanceof Error || !said.includes(`all ${count} spec.platforms installed fine`)) {
    fail(`validate-krew-manifest refused ${PLUGIN_NAME}.yaml:\n${said.trim()}`);
  } else {
    const platforms = manifest.spec.platforms.map((p) => `${p.selector.matchLabels.os}/${p.selector.matchLabels.arch}`).join(', ');
    process.stdout.write(`validate-krew-manifest: all ${count} platforms install (${platforms}) in ${((Date.now() - started) / 1000).toFixed(0)}s\n`);
  }

  // 2. The README's install of a downloaded release, on this machine's platform.
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  const archive = path.join(dir, `cg-debug-linux-${process.arch}.tar.gz`);
  const krewRoot = path.join(work, 'krew-root');
  const env = { ...process.env, PATH: `${path.join(krewRoot, 'bin')}${path.delimiter}${PATH}`, KREW_ROOT: krewRoot, KREW_NO_UPGRADE_CHECK: '1', HOME: path.join(work, 'home') };
  const installed = await run(kubectl(), ['krew', 'install', `--manifest=${path.join(dir, `${PLUGIN_NAME}.yaml`)}`, `--archive=${archive}`], { env }).catch((error) => error);
  if (installed instanceof Error) {
    fail(`kubectl krew install --manifest --archive (linux/${arch}) failed:\n${`${installed.stdout ?? ''}${installed.stderr ?? ''}`.trim()}`);
  } else {
    const store = path.join(krewRoot, 'store', PLUGIN_NAME, `v${pkg.version}`);
    const inStore = existsSync(store) ? readdirSync(store).sort().join(' ') : '(none)';
    if (inStore !== `${LICENSE_FILE} ${PLUGIN_BIN}`) fail(`krew installed ${inStore} into ${store}`);
    const version = await run(kubectl(), ['cg-debug', '--version'], { env }).catch((error) => error);
    if (version instanceof Error || version.stdout.trim() !== `cg-debug ${pkg.version}`) {
      fail(`kubectl cg-debug --version after krew install said ${JSON.stringify(`${version.stdout ?? ''}${version.stderr ?? ''}`.trim())}`);
    } else {
      // krew prints the caveats on stderr, framed in ` |  | ` per line.
      const caveats = installed.stderr.split('\n').filter((l) => l.startsWith(' |  | ')).length;
      if (caveats === 0) fail('kubectl krew install showed no caveats');
      process.stdout.write(`kubectl krew install --manifest --archive: ${caveats} lines of caveats; kubectl cg-debug --version says ${version.stdout.trim()}\n`);
    }
  }
} finally {
  server.close();
  rmSync(work, { recursive: true, force: true });
}
