import { describe, expect, it } from 'vitest';
import {
  comparePackages,
  packageDbOf,
  parseApkInstalled,
  parseSpdx,
  type InstalledPackage,
  type PackageComparison,
  type PackageDb,
} from '../../src/core/packages.js';

const spdx = (name: string, version: string) =>
  JSON.stringify({
    spdxVersion: 'SPDX-2.3',
    documentDescribes: [`SPDXRef-Package-${name}`],
    packages: [
      { SPDXID: `SPDXRef-Package-${name}`, name, versionInfo: version },
      { SPDXID: 'SPDXRef-Source', name: `${name}-source`, versionInfo: '0' },
    ],
  });

describe('parseSpdx', () => {
  it.each<{ name: string; input: string; want: InstalledPackage[] }>([
    { name: 'the described package only', input: spdx('glibc', '2.40-r1'), want: [{ name: 'glibc', version: '2.40-r1' }] },
    {
      name: 'every versioned package when nothing is described',
      input: JSON.stringify({ packages: [{ name: 'a', versionInfo: '1' }, { name: 'b' }, { name: 'c', versionInfo: '3' }] }),
      want: [
        { name: 'a', version: '1' },
        { name: 'c', version: '3' },
      ],
    },
    { name: 'not JSON', input: '{nope', want: [] },
    { name: 'JSON without packages', input: '{"spdxVersion":"SPDX-2.3"}', want: [] },
    { name: 'wrong types are skipped', input: JSON.stringify({ packages: [{ name: 7, versionInfo: '1' }, 'x', null] }), want: [] },
  ])('$name', ({ input, want }) => {
    expect(parseSpdx(input)).toEqual(want);
  });
});

describe('parseApkInstalled', () => {
  it.each<{ name: string; input: string; want: InstalledPackage[] }>([
    {
      name: 'stanzas with P and V',
      input: 'C:Q1x=\nP:busybox\nV:1.37.0-r0\nA:x86_64\n\nP:glibc\nV:2.40-r2\n\n',
      want: [
        { name: 'busybox', version: '1.37.0-r0' },
        { name: 'glibc', version: '2.40-r2' },
      ],
    },
    { name: 'a stanza without a version is skipped', input: 'P:half\n\nP:ok\nV:1\n', want: [{ name: 'ok', version: '1' }] },
    { name: 'empty', input: '', want: [] },
  ])('$name', ({ input, want }) => {
    expect(parseApkInstalled(input)).toEqual(want);
  });
});

describe('packageDbOf', () => {
  it.each<{ name: string; input: [string, string][]; want: PackageDb | undefined }>([
    {
      name: 'SBOMs win over the apk database, sorted and deduplicated',
      input: [
        ['var/lib/db/sbom/zlib-1.spdx.json', spdx('zlib', '1')],
        ['var/lib/db/sbom/glibc-2.spdx.json', spdx('glibc', '2')],
        ['var/lib/db/sbom/glibc-2-copy.spdx.json', spdx('glibc', '2')],
        ['var/lib/db/sbom/readme.txt', 'not an sbom'],
        ['lib/apk/db/installed', 'P:other\nV:9\n'],
      ],
      want: { source: 'spdx', packages: [{ name: 'glibc', version: '2' }, { name: 'zlib', version: '1' }] },
    },
    { name: 'the apk database', input: [['lib/apk/db/installed', 'P:busybox\nV:1.37\n']], want: { source: 'apk', packages: [{ name: 'busybox', version: '1.37' }] } },
    { name: 'neither', input: [['etc/os-release', 'ID=wolfi']], want: undefined },
  ])('$name', ({ input, want }) => {
    expect(packageDbOf(new Map(input))).toEqual(want);
  });
});

describe('comparePackages', () => {
  const target: PackageDb = {
    source: 'spdx',
    packages: [
      { name: 'ca-certificates-bundle', version: '20241121-r1' },
      { name: 'cg-fixture-app', version: '1.0-r0' },
      { name: 'glibc', version: '2.40-r1' },
    ],
  };
  const debug: PackageDb = {
    source: 'apk',
    packages: [
      { name: 'busybox', version: '1.37.0-r0' },
      { name: 'ca-certificates-bundle', version: '20241121-r1' },
      { name: 'glibc', version: '2.40-r2' },
    ],
  };
  it.each<{ name: string; input: [PackageDb, PackageDb | undefined]; want: PackageComparison }>([
    {
      name: 'same, differing and target-only versions',
      input: [target, debug],
      want: {
        target: 'spdx',
        debug: 'apk',
        rows: [
          { name: 'ca-certificates-bundle', version: '20241121-r1', debugVersion: '20241121-r1', status: 'same' },
          { name: 'cg-fixture-app', version: '1.0-r0', status: 'target-only' },
          { name: 'glibc', version: '2.40-r1', debugVersion: '2.40-r2', status: 'differs' },
        ],
        debugOnly: 1,
      },
    },
    {
      name: 'no debug database: every package is only in the target',
      input: [target, undefined],
      want: { target: 'spdx', rows: target.packages.map((p) => ({ ...p, status: 'target-only' as const })), debugOnly: 0 },
    },
  ])('$name', ({ input, want }) => {
    expect(comparePackages(...input)).toEqual(want);
  });
});
