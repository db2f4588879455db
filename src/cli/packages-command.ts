import { NotFoundError } from '../core/errors.js';
import { NO_PACKAGE_DB, packagesCommand } from '../core/file-scripts.js';
import { comparePackages, packageDbOf, type PackageComparison, type PackageDb } from '../core/packages.js';
import { readTarFiles } from '../files/tar-files.js';
import type { TerminalIO } from '../terminal/terminal-io.js';
import { collect, withDebugExec, type DebugExec, type DebugExecSession } from '../session/debug-exec.js';
import { tarFailure } from '../session/copy-files.js';
import { sanitizeText, terminalSafeJson } from '../core/sanitize.js';
import type { Options } from './options.js';
import { directSessionDeps } from './direct-session.js';

type PackagesOptions = Extract<Options, { kind: 'packages' }>;

/** The package database of the target (through /proc/1/root) or of the debug container itself. */
async function readPackageDb(exec: DebugExec, side: 'target' | 'self'): Promise<PackageDb | undefined> {
  const out = collect();
  const result = await exec(packagesCommand(side), out.sink);
  if (result.exitCode === NO_PACKAGE_DB) return undefined;
  if (result.exitCode !== 0) throw tarFailure(`reading the ${side === 'target' ? "target's" : "debug image's"} package database`, result.exitCode, result.stderr);
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
export async function runPackages(options: PackagesOptions, io: TerminalIO, signal: AbortSignal): Promise<number> {
  const { deps, audit } = directSessionDeps(options, io, signal);
  return withDebugExec(deps, { request: options.request, where: options.where, needs: 'target-files' }, { trail: audit, action: 'packages' }, (session) =>
    listPackages(options, io, session),
  );
}

async function listPackages(options: PackagesOptions, io: TerminalIO, session: DebugExecSession): Promise<number> {
  const [target, debug] = await Promise.all([readPackageDb(session.exec, 'target'), readPackageDb(session.exec, 'self')]);
  const image = sanitizeText(session.plan.target.image);
  if (target === undefined) {
    throw new NotFoundError(`no package database in this image (${image}): neither /var/lib/db/sbom/*.spdx.json nor /lib/apk/db/installed`, {
      hint: 'images built with apko ship SBOMs there; for other images, ask the build (e.g. syft on the image)',
    });
  }
  const comparison = comparePackages(target, debug);
  if (options.json) {
    io.stdout.write(`${terminalSafeJson(JSON.stringify({ image: session.plan.target.image, debugImage: session.plan.image.image, ...comparison }, null, 2))}\n`);
    return 0;
  }
  io.stdout.write(packagesTable(comparison));
  if (!options.quiet) {
    const differs = comparison.rows.filter((r) => r.status === 'differs').length;
    const from = comparison.target === 'spdx' ? 'SPDX SBOMs' : 'the apk database';
    const against = debug ? `, ${differs} with another version in the debug image ${sanitizeText(session.plan.image.image)}` : '; the debug image has no package database to compare';
    io.stderr.write(`${comparison.rows.length} packages in ${image} (from ${from})${against}\n`);
  }
  return 0;
}
