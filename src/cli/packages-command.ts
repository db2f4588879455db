import { ContainerFailedError, NotFoundError } from '../core/errors.js';
import { formatBytes } from '../core/byte-size.js';
import { NO_PACKAGE_DB, packagesCommand } from '../core/file-scripts.js';
import { comparePackages, packageDbOf, type PackageComparison, type PackageDb } from '../core/packages.js';
import { readTarFiles } from '../files/tar-files.js';
import { collect, withDebugExec, type DebugExec, type DebugExecSession } from '../session/debug-exec.js';
import { tarFailure } from '../session/copy-files.js';
import { sanitizeText } from '../core/sanitize.js';
import type { Options } from './options.js';
import type { Output } from './output.js';
import { directSessionDeps } from './direct-session.js';

type PackagesOptions = Extract<Options, { kind: 'packages' }>;

// The pod decides how large its SBOMs are: held in memory and parsed whole, an unbounded one (150 MB used
// 1.1 GB; 512 MB passes V8's string limit) would end the run as an internal error. Chainguard's are far
// smaller than this.
export const PACKAGE_DB_LIMIT = 8 * 1024 * 1024;

/** The package database of the target (through /proc/1/root) or of the debug container itself. */
export async function readPackageDb(exec: DebugExec, side: 'target' | 'self'): Promise<PackageDb | undefined> {
  const out = collect(PACKAGE_DB_LIMIT);
  const result = await exec(packagesCommand(side), out.sink);
  if (result.exitCode === NO_PACKAGE_DB) return undefined;
  if (result.exitCode !== 0) throw tarFailure(`reading the ${side === 'target' ? "target's" : "debug image's"} package database`, result.exitCode, result.stderr);
  if (out.overflowed()) {
    throw new ContainerFailedError(`the ${side === 'target' ? "target's" : "debug image's"} package database is larger than ${formatBytes(PACKAGE_DB_LIMIT)}`, {
      hint: 'cg-debug reads SBOMs up to that size; read this one yourself: cg-debug cp POD:/var/lib/db/sbom ./sbom',
    });
  }
  return packageDbOf(await readTarFiles(out.bytes()));
}

const MARK: Record<PackageComparison['rows'][number]['status'], string> = { same: '', differs: 'differs', 'target-only': 'not in debug image' };

/** The comparison as an aligned table; every value from the images is sanitized. */
export function packagesTable(comparison: PackageComparison): string {
  const rows = [
    ['PACKAGE', 'VERSION', 'DEBUG IMAGE', ''],
    ...comparison.rows.map((r) => [r.name, r.version, r.debugVersion ?? '-', MARK[r.status]].map(sanitizeText)),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  return rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] as number) : cell)).join('  ').trimEnd()).join('\n') + '\n';
}

/** `cg-debug packages POD`: the target image's packages beside the debug image's versions. */
export async function runPackages(options: PackagesOptions, out: Output, signal: AbortSignal): Promise<number> {
  const { deps, audit } = directSessionDeps(options, out, signal);
  return withDebugExec(deps, { request: options.request, where: options.where, needs: 'target-files' }, { trail: audit, action: 'packages' }, (session) =>
    listPackages(options, out, session),
  );
}

async function listPackages(options: PackagesOptions, out: Output, session: DebugExecSession): Promise<number> {
  const [target, debug] = await Promise.all([readPackageDb(session.exec, 'target'), readPackageDb(session.exec, 'self')]);
  const image = sanitizeText(session.plan.target.image);
  if (target === undefined) {
    throw new NotFoundError(`no package database in this image (${image}): neither /var/lib/db/sbom/*.spdx.json nor /lib/apk/db/installed`, {
      hint: 'images built with apko ship SBOMs there; for other images, ask the build (e.g. syft on the image)',
    });
  }
  const comparison = comparePackages(target, debug);
  if (options.json) {
    out.json({ image: session.plan.target.image, debugImage: session.plan.image.image, ...comparison });
    return 0;
  }
  out.text(packagesTable(comparison));
  if (!options.quiet) {
    const differs = comparison.rows.filter((r) => r.status === 'differs').length;
    const from = comparison.target === 'spdx' ? 'SPDX SBOMs' : 'the apk database';
    const against = debug ? `, ${differs} with another version in the debug image ${sanitizeText(session.plan.image.image)}` : '; the debug image has no package database to compare';
    out.note(`${comparison.rows.length} packages in ${image} (from ${from})${against}\n`);
  }
  return 0;
}
