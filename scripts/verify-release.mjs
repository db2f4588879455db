// Checks a folder written by scripts/release.mjs, as a user or krew would rely on it: SHA256SUMS matches
// every file; the krew manifest passes krew's own structural rules and each platform's sha256 is its
// archive's; each archive holds the plugin and its completion, the plugin byte for byte the executable of
// that architecture; each executable is an ELF for its architecture with the SEA fuse flipped and the
// package's entry inside; the one for this machine runs.
// Usage: node scripts/verify-release.mjs [DIR]   (default release/); exit 1 and a list of problems if any
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { parse } from 'yaml';
import { SEA_FUSE } from './build-sea.mjs';
import { SEA_ARCHES } from './node-binary.mjs';
import { sha256File } from './release-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = path.resolve(root, process.argv[2] ?? 'release');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// ELF e_machine for each architecture (offset 18, little-endian).
const ELF_MACHINE = { x64: 62, arm64: 183 };
const KREW_ARCH = { x64: 'amd64', arm64: 'arm64' };

const problems = [];
const check = (ok, problem) => {
  if (!ok) problems.push(problem);
  return ok;
};

// SHA256SUMS: every file listed once, every sum right.
const sums = new Map();
for (const line of readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').split('\n').filter(Boolean)) {
  const m = /^([a-f0-9]{64}) {2}([\w.-]+)$/.exec(line);
  if (check(m, `SHA256SUMS: not "<sha256>  <name>": ${JSON.stringify(line)}`)) sums.set(m[2], m[1]);
}
for (const file of readdirSync(dir).filter((f) => f !== 'SHA256SUMS')) {
  if (check(sums.has(file), `SHA256SUMS does not list ${file}`)) check(sha256File(path.join(dir, file)) === sums.get(file), `${file}: sha256 differs from SHA256SUMS`);
}
for (const file of sums.keys()) check(existsSync(path.join(dir, file)), `SHA256SUMS lists ${file}, which is missing`);
check(sums.has(`cg-debug-${pkg.version}.tgz`), `no npm package cg-debug-${pkg.version}.tgz`);

// The krew manifest: krew's validation (pkg/index/validation), then the sums.
const manifest = parse(readFileSync(path.join(dir, 'cg-debug.yaml'), 'utf8'));
check(manifest.apiVersion === 'krew.googlecontainertools.github.com/v1alpha2', 'cg-debug.yaml: apiVersion is not krew v1alpha2');
check(manifest.kind === 'Plugin', 'cg-debug.yaml: kind is not Plugin');
check(manifest.metadata?.name === 'cg-debug', 'cg-debug.yaml: metadata.name is not cg-debug');
check(manifest.spec?.version === `v${pkg.version}`, `cg-debug.yaml: spec.version is not v${pkg.version}`);
check(Boolean(manifest.spec?.shortDescription), 'cg-debug.yaml: no shortDescription');
const platforms = manifest.spec?.platforms ?? [];
for (const arch of SEA_ARCHES) {
  const exe = `cg-debug-linux-${arch}`;
  const platform = platforms.find((p) => p.selector?.matchLabels?.os === 'linux' && p.selector?.matchLabels?.arch === KREW_ARCH[arch]);
  if (!check(platform, `cg-debug.yaml: no platform linux/${KREW_ARCH[arch]}`)) continue;
  check(Object.keys(platform.selector.matchLabels).every((k) => k === 'os' || k === 'arch'), `cg-debug.yaml: linux/${KREW_ARCH[arch]}: selector keys other than os, arch`);
  const archive = path.basename(new URL(platform.uri).pathname);
  check(archive === `${exe}.tar.gz`, `cg-debug.yaml: linux/${KREW_ARCH[arch]} points at ${archive}, not ${exe}.tar.gz`);
  check(/^[a-f0-9]{64}$/.test(platform.sha256 ?? '') && platform.sha256 === sums.get(archive), `cg-debug.yaml: linux/${KREW_ARCH[arch]}: sha256 is not ${archive}'s`);
  check(platform.bin === 'kubectl-cg_debug' && platform.files?.length > 0, `cg-debug.yaml: linux/${KREW_ARCH[arch]}: bin or files missing`);

  // The archive: the plugin (this architecture's executable) and the completion program.
  const unpacked = mkdtempSync(path.join(tmpdir(), 'cg-debug-verify-'));
  try {
    execFileSync('tar', ['-xzf', path.join(dir, archive), '-C', unpacked]);
    check(readdirSync(unpacked).sort().join(' ') === 'kubectl-cg_debug kubectl_complete-cg_debug', `${archive}: holds ${readdirSync(unpacked).join(', ')}`);
    for (const from of platform.files ?? []) check(existsSync(path.join(unpacked, from.from)), `${archive}: manifest file ${from.from} is not in it`);
    check(sha256File(path.join(unpacked, 'kubectl-cg_debug')) === sums.get(exe), `${archive}: kubectl-cg_debug is not ${exe}`);
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }

  // The executable: an ELF for its architecture, the SEA fuse flipped, the package's entry inside.
  const bytes = readFileSync(path.join(dir, exe));
  check(bytes.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) && bytes[4] === 2, `${exe}: not a 64-bit ELF`);
  check(bytes.readUInt16LE(18) === ELF_MACHINE[arch], `${exe}: ELF machine ${bytes.readUInt16LE(18)}, not ${ELF_MACHINE[arch]} (${arch})`);
  check(bytes.includes(`${SEA_FUSE}:1`), `${exe}: the SEA fuse is not flipped (no blob injected)`);
  const entry = execFileSync('tar', ['-xzOf', path.join(dir, `cg-debug-${pkg.version}.tgz`), 'package/dist/cg-debug.mjs']);
  check(bytes.includes(entry), `${exe}: does not carry the npm package's dist/cg-debug.mjs`);
  if (arch === process.arch && process.platform === 'linux') {
    const home = mkdtempSync(path.join(tmpdir(), 'cg-debug-verify-home-'));
    try {
      const version = execFileSync(path.join(dir, exe), ['--version'], { encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CACHE_HOME: '' } }).trim();
      check(version === `cg-debug ${pkg.version}`, `${exe} --version said ${JSON.stringify(version)}`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }
}

if (problems.length > 0) {
  process.stderr.write(`${dir}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}\n`).join('')}`);
  process.exit(1);
}
process.stdout.write(`${path.relative(root, dir) || '.'}/: ${sums.size} files; SHA256SUMS, the krew manifest's sha256 and the executables check out\n`);
