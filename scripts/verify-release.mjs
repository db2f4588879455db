// Checks a folder written by scripts/release.mjs, as a user or krew would rely on it: SHA256SUMS matches
// every file; the npm package carries the LICENSE; the krew manifest passes krew's structural rules and
// krew-index's review rules (scripts/krew-manifest.mjs), and each platform's sha256 is its archive's; each
// archive holds the plugin and the LICENSE, the plugin byte for byte the executable of that platform; each
// executable has the SEA fuse flipped and the package's entry inside, in an ELF (linux) or an ad-hoc signed
// Mach-O (darwin) for its architecture; the one for this machine runs. krew's own validator runs in
// scripts/validate-krew.mjs.
// Usage: node scripts/verify-release.mjs [DIR] [--publishable]   (default release/; --publishable: refuse
// file:// URIs too); exit 1 and a list of problems if any
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { SEA_FUSE } from './build-sea.mjs';
import { isLocalManifest, KREW_ARCH, LICENSE_FILE, manifestProblems, PLUGIN_BIN } from './krew-manifest.mjs';
import { MACHO_CPU, pageHashProblems, readMacho } from './macho.mjs';
import { rcodesignPageHashes } from './macos-sign.mjs';
import { SEA_PLATFORMS } from './node-binary.mjs';
import { sha256File } from './release-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({ options: { publishable: { type: 'boolean', default: false } }, allowPositionals: true });
const dir = path.resolve(root, positionals[0] ?? 'release');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
// ELF e_machine for each architecture (offset 18, little-endian).
const ELF_MACHINE = { x64: 62, arm64: 183 };

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

// The krew manifest: krew's structural rules and krew-index's review (scripts/krew-manifest.mjs), then the
// sums. A manifest with file:// URIs is for checks on this machine and never passes as publishable.
const manifest = parse(readFileSync(path.join(dir, 'cg-debug.yaml'), 'utf8'));
const local = isLocalManifest(manifest);
problems.push(...manifestProblems(manifest, { publishable: values.publishable || !local }));
check(manifest.spec?.version === `v${pkg.version}`, `cg-debug.yaml: spec.version is not v${pkg.version}`);
const license = readFileSync(path.join(root, LICENSE_FILE));
const entry = execFileSync('tar', ['-xzOf', path.join(dir, `cg-debug-${pkg.version}.tgz`), 'package/dist/cg-debug.mjs']);
const packedLicense = execFileSync('tar', ['-xzOf', path.join(dir, `cg-debug-${pkg.version}.tgz`), 'package/LICENSE']);
check(packedLicense.equals(license), `cg-debug-${pkg.version}.tgz: its LICENSE is not the repository's`);
const platforms = manifest.spec?.platforms ?? [];
const shipped = new Set(SEA_PLATFORMS.map(({ os, arch }) => `${os}/${KREW_ARCH[arch]}`));
for (const p of platforms) check(shipped.has(`${p.selector?.matchLabels?.os}/${p.selector?.matchLabels?.arch}`), `cg-debug.yaml: platform ${JSON.stringify(p.selector)} is not one the release builds`);
for (const { os, arch } of SEA_PLATFORMS) {
  const exe = `cg-debug-${os}-${arch}`;
  const label = `${os}/${KREW_ARCH[arch]}`;
  const platform = platforms.find((p) => p.selector?.matchLabels?.os === os && p.selector?.matchLabels?.arch === KREW_ARCH[arch]);
  if (!check(platform, `cg-debug.yaml: no platform ${label}`)) continue;
  const archive = path.basename(new URL(platform.uri).pathname);
  check(archive === `${exe}.tar.gz`, `cg-debug.yaml: ${label} points at ${archive}, not ${exe}.tar.gz`);
  check(platform.sha256 === sums.get(archive), `cg-debug.yaml: ${label}: sha256 is not ${archive}'s`);

  // The archive: the plugin (this platform's executable) and the LICENSE, nothing else.
  const unpacked = mkdtempSync(path.join(tmpdir(), 'cg-debug-verify-'));
  try {
    execFileSync('tar', ['-xzf', path.join(dir, archive), '-C', unpacked]);
    check(readdirSync(unpacked).sort().join(' ') === `${LICENSE_FILE} ${PLUGIN_BIN}`, `${archive}: holds ${readdirSync(unpacked).join(', ')}`);
    for (const from of platform.files ?? []) check(existsSync(path.join(unpacked, from.from)), `${archive}: manifest file ${from.from} is not in it`);
    check(sha256File(path.join(unpacked, PLUGIN_BIN)) === sums.get(exe), `${archive}: ${PLUGIN_BIN} is not ${exe}`);
    check(existsSync(path.join(unpacked, LICENSE_FILE)) && readFileSync(path.join(unpacked, LICENSE_FILE)).equals(license), `${archive}: ${LICENSE_FILE} is not the repository's`);
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }

  // The executable: the SEA fuse flipped and the package's entry inside, in a binary for its platform.
  const bytes = readFileSync(path.join(dir, exe));
  check(bytes.includes(`${SEA_FUSE}:1`), `${exe}: the SEA fuse is not flipped (no blob injected)`);
  check(bytes.includes(entry), `${exe}: does not carry the npm package's dist/cg-debug.mjs`);
  if (os === 'darwin') {
    checkMacho(exe, arch, bytes, entry);
    continue;
  }
  check(bytes.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) && bytes[4] === 2, `${exe}: not a 64-bit ELF`);
  check(bytes.readUInt16LE(18) === ELF_MACHINE[arch], `${exe}: ELF machine ${bytes.readUInt16LE(18)}, not ${ELF_MACHINE[arch]} (${arch})`);
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

/**
 * A macOS executable cannot run here; what can be checked statically is: a Mach-O for its CPU, the blob
 * (with the package's entry) in the NODE_SEA segment where Node looks for it, and an ad-hoc code signature
 * that covers the whole file before it and whose page hashes match the pages, recomputed here and by
 * rcodesign from the Mach-O's layout.
 */
function checkMacho(exe, arch, bytes, entry) {
  const macho = readMacho(bytes);
  if (!check(macho, `${exe}: not a 64-bit Mach-O`)) return;
  check(macho.cpu === MACHO_CPU[arch], `${exe}: Mach-O CPU 0x${macho.cpu.toString(16)}, not ${arch}'s`);
  const sea = macho.segments.find((s) => s.name === 'NODE_SEA');
  if (check(sea && sea.filesize > 0, `${exe}: no NODE_SEA segment`)) {
    check(bytes.subarray(sea.fileoff, sea.fileoff + sea.filesize).includes(entry), `${exe}: the NODE_SEA segment does not carry dist/cg-debug.mjs`);
  }
  if (!check(macho.signature?.valid && macho.signature.adhoc, `${exe}: no ad-hoc code signature`)) return;
  check(macho.signature.identifier === 'cg-debug', `${exe}: signed as ${JSON.stringify(macho.signature.identifier)}, not cg-debug`);
  for (const problem of pageHashProblems(bytes, macho.signature)) check(false, `${exe}: code signature: ${problem}`);
  const hashes = rcodesignPageHashes(path.join(dir, exe));
  check(hashes.length > 0 && hashes.join() === macho.signature.slots.join(), `${exe}: rcodesign's page hashes (${hashes.length}) are not the signature's (${macho.signature.slots.length})`);
}

if (problems.length > 0) {
  process.stderr.write(`${dir}: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}\n`).join('')}`);
  process.exit(1);
}
process.stdout.write(`${path.relative(root, dir) || '.'}/: ${sums.size} files; SHA256SUMS, the krew manifest's sha256 and the executables check out\n`);
if (local) process.stdout.write('cg-debug.yaml has file:// URIs: fine for checks here, not publishable (release --base-url https://...)\n');
