// The packages installed in an image, read from what Chainguard images ship: SPDX SBOMs under
// /var/lib/db/sbom/ (one document per apk package), else apk's installed database; and the comparison
// of the target's packages with the debug image's own.

export interface InstalledPackage {
  name: string;
  version: string;
}

export type PackageSource = 'spdx' | 'apk';

export interface PackageDb {
  source: PackageSource;
  packages: InstalledPackage[];
}

/** One of the target's packages beside the debug image's version of it. */
export interface PackageRow {
  name: string;
  version: string;
  /** The debug image's version; absent when it does not have the package. */
  debugVersion?: string;
  status: 'same' | 'differs' | 'target-only';
}

export interface PackageComparison {
  target: PackageSource;
  debug?: PackageSource;
  rows: PackageRow[];
  /** Packages only the debug image has (its shell and tools). */
  debugOnly: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * The packages an SPDX JSON document describes (`documentDescribes`); without that list, every package
 * with a version. A document that is not SPDX JSON gives none rather than failing the whole listing.
 */
export function parseSpdx(text: string): InstalledPackage[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(doc) || !Array.isArray(doc.packages)) return [];
  const described = Array.isArray(doc.documentDescribes) ? new Set(doc.documentDescribes.filter((d) => typeof d === 'string')) : undefined;
  return doc.packages.flatMap((p): InstalledPackage[] => {
    if (!isRecord(p)) return [];
    const name = str(p.name);
    const version = str(p.versionInfo);
    if (name === undefined || version === undefined) return [];
    if (described && described.size > 0 && !described.has(p.SPDXID as string)) return [];
    return [{ name, version }];
  });
}

/** apk's `installed` database: stanzas separated by blank lines, `P:` name and `V:` version. */
export function parseApkInstalled(text: string): InstalledPackage[] {
  return text.split(/\n\s*\n/).flatMap((stanza): InstalledPackage[] => {
    const field = (key: string) => stanza.split('\n').find((l) => l.startsWith(`${key}:`))?.slice(2).trim() || undefined;
    const name = field('P');
    const version = field('V');
    return name && version ? [{ name, version }] : [];
  });
}

const byName = (a: InstalledPackage, b: InstalledPackage) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version);

/** Unique packages, sorted by name. */
function unique(packages: InstalledPackage[]): InstalledPackage[] {
  const seen = new Set<string>();
  return packages.filter((p) => !seen.has(`${p.name}\0${p.version}`) && seen.add(`${p.name}\0${p.version}`)).sort(byName);
}

/** Reads a package database from its files (path relative to the image's root -> content). */
export function packageDbOf(files: ReadonlyMap<string, string>): PackageDb | undefined {
  const sboms = [...files].filter(([path]) => /^var\/lib\/db\/sbom\/[^/]+\.spdx\.json$/.test(path));
  if (sboms.length > 0) return { source: 'spdx', packages: unique(sboms.flatMap(([, text]) => parseSpdx(text))) };
  const apk = files.get('lib/apk/db/installed');
  if (apk !== undefined) return { source: 'apk', packages: unique(parseApkInstalled(apk)) };
  return undefined;
}

/** The target's packages, each marked against the debug image's version of it. */
export function comparePackages(target: PackageDb, debug: PackageDb | undefined): PackageComparison {
  const debugVersions = new Map<string, string[]>();
  for (const p of debug?.packages ?? []) debugVersions.set(p.name, [...(debugVersions.get(p.name) ?? []), p.version]);
  const targetNames = new Set(target.packages.map((p) => p.name));
  const rows = target.packages.map((p): PackageRow => {
    const versions = debugVersions.get(p.name);
    if (versions === undefined) return { name: p.name, version: p.version, status: 'target-only' };
    const same = versions.includes(p.version);
    return { name: p.name, version: p.version, debugVersion: same ? p.version : (versions[0] as string), status: same ? 'same' : 'differs' };
  });
  const debugOnly = [...debugVersions.keys()].filter((name) => !targetNames.has(name)).length;
  return { target: target.source, ...(debug ? { debug: debug.source } : {}), rows, debugOnly };
}
