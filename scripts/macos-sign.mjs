// Code signatures for the macOS executables, made on Linux with rcodesign (crates.io apple-codesign, built
// and cached by scripts/tools.sh). macOS on Apple silicon runs no unsigned code at all, and injecting the SEA
// blob drops Node's own signature; an ad-hoc signature (hashes of every page, no certificate) is what
// Apple's `codesign --sign -` would make, and what Node's SEA guide asks for on macOS.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Path of rcodesign (built on first use). */
export function rcodesign() {
  return execFileSync('bash', [path.join(root, 'scripts/tools.sh'), 'rcodesign'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * Signs a Mach-O in place, ad hoc, under the given identifier. No hardened runtime: it would forbid V8's JIT
 * without the entitlements Node's own release signature carries.
 */
export function signAdHoc(file, identifier) {
  execFileSync(rcodesign(), ['sign', '--binary-identifier', identifier, file], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * rcodesign's own SHA-256 page hashes of a Mach-O's code (what a CodeDirectory must hold), one hex string per
 * page. (`rcodesign verify` cannot judge an ad-hoc signature: it fails on the empty CMS blob every ad-hoc
 * signature carries, and its help calls it unreliable.)
 */
export function rcodesignPageHashes(file) {
  return execFileSync(rcodesign(), ['compute-code-hashes', '--hash', 'sha256', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 })
    .split('\n')
    .filter((line) => /^[0-9a-f]{64}$/.test(line));
}
