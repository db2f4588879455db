// The krew manifest the release writes, held to what krew-index's CI and review refuse: each rule fed a
// manifest that breaks it. (krew's own validator runs on the built release in scripts/validate-krew.mjs.)
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { caveats, isLocalManifest, krewManifest, manifestProblems, publishableBaseUrl, SHORT_DESCRIPTION } from '../../scripts/krew-manifest.mjs';

interface Platform {
  selector: { matchLabels: Record<string, string> };
  uri: string;
  sha256: string;
  files: { from: string; to: string }[];
  bin: string;
}
interface Manifest {
  spec: { homepage?: string; shortDescription: string; description: string; caveats: string; platforms: Platform[] } & Record<string, unknown>;
}

const SHA = 'a'.repeat(64);
const archives = [
  { os: 'linux', arch: 'x64', file: 'cg-debug-linux-x64.tar.gz', sha256: SHA },
  { os: 'darwin', arch: 'arm64', file: 'cg-debug-darwin-arm64.tar.gz', sha256: SHA },
];
const published = (): Manifest =>
  krewManifest({ version: '1.2.3', homepage: 'https://example.test/cg-debug', baseUrl: 'https://example.test/releases/v1.2.3/', archives }) as Manifest;
const local = (): Manifest => krewManifest({ version: '1.2.3', homepage: undefined, baseUrl: 'file:///tmp/release', archives }) as Manifest;
const problems = (m: Manifest, publishable: boolean): string[] => manifestProblems(m, { publishable }) as string[];

describe('krewManifest', () => {
  it('writes one platform per archive that extracts the plugin and the LICENSE, under the base URL', () => {
    const m = published();
    const platform = (os: string, arch: string, file: string): Platform => ({
      selector: { matchLabels: { os, arch } },
      uri: `https://example.test/releases/v1.2.3/${file}`,
      sha256: SHA,
      files: [
        { from: 'kubectl-cg_debug', to: '.' },
        { from: 'LICENSE', to: '.' },
      ],
      bin: 'kubectl-cg_debug',
    });
    expect(m.spec.platforms).toEqual([platform('linux', 'amd64', 'cg-debug-linux-x64.tar.gz'), platform('darwin', 'arm64', 'cg-debug-darwin-arm64.tar.gz')]);
    expect(m.spec.homepage).toBe('https://example.test/cg-debug');
  });

  it('has a shortDescription krew search shows whole', () => {
    expect(SHORT_DESCRIPTION.length).toBeLessThanOrEqual(50);
  });

  it('passes its own rules, published and local', () => {
    expect(problems(published(), true)).toEqual([]);
    expect(problems(local(), false)).toEqual([]);
    expect(isLocalManifest(local())).toBe(true);
    expect(isLocalManifest(published())).toBe(false);
  });

  it('puts the completion step in caveats with no version in its path', () => {
    expect(caveats()).toContain('kubectl cg-debug completion kubectl > "${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-cg_debug"');
    expect(caveats()).not.toMatch(/store\/cg-debug\/v/);
  });
});

type Break = (m: Manifest) => void;
/** The manifest's platform i (the published one has two). */
const at = (m: Manifest, i: number): Platform => {
  const p = m.spec.platforms[i];
  if (!p) throw new Error(`no platform ${i}`);
  return p;
};
const cases: { name: string; input: { publishable: boolean; local?: boolean; change: Break }; want: RegExp }[] = [
  { name: 'file:// URIs in a publishable manifest', input: { publishable: true, local: true, change: () => {} }, want: /uri "file:.*is not https/ },
  { name: 'an http:// URI even in a local manifest', input: { publishable: false, change: (m) => void (at(m, 0).uri = 'http://example.test/a.tar.gz') }, want: /neither https:\/\/ nor a local file:\/\// },
  { name: 'no homepage', input: { publishable: true, change: (m) => void delete m.spec.homepage }, want: /homepage must be an https/ },
  { name: 'an http homepage', input: { publishable: false, change: (m) => void (m.spec.homepage = 'http://example.test') }, want: /homepage must be an https/ },
  { name: 'a shortDescription krew search cuts', input: { publishable: true, change: (m) => void (m.spec.shortDescription = 'Shell in a distroless pod from its matching -dev image') }, want: /shortDescription .* it has 54/ },
  { name: 'a two-line shortDescription', input: { publishable: true, change: (m) => void (m.spec.shortDescription = 'a\nb') }, want: /shortDescription must be one line/ },
  { name: 'a description that says nothing', input: { publishable: true, change: (m) => void (m.spec.description = 'Debug pods.') }, want: /description must say what the plugin does/ },
  { name: 'no completion caveat', input: { publishable: true, change: (m) => void (m.spec.caveats = m.spec.caveats.replace('completion kubectl', 'completion')) }, want: /caveats must give the completion step/ },
  { name: 'no permissions caveat', input: { publishable: true, change: (m) => void (m.spec.caveats = m.spec.caveats.replaceAll('pods/ephemeralcontainers', 'pods')) }, want: /caveats must give the permissions/ },
  { name: 'no word that debug containers stay', input: { publishable: true, change: (m) => void (m.spec.caveats = m.spec.caveats.replace('never be removed', 'be removed')) }, want: /ephemeral containers stay in the pod/ },
  { name: 'no LICENSE extracted', input: { publishable: true, change: (m) => void (at(m, 1).files = [{ from: 'kubectl-cg_debug', to: '.' }]) }, want: /darwin\/arm64: files does not extract LICENSE/ },
  { name: 'a selector on another label', input: { publishable: true, change: (m) => void (at(m, 0).selector.matchLabels['distro'] = 'debian') }, want: /may use only os and arch/ },
  { name: 'the same platform twice', input: { publishable: true, change: (m) => void m.spec.platforms.push(structuredClone(at(m, 0))) }, want: /linux\/amd64 appears twice/ },
  { name: 'a malformed sha256', input: { publishable: true, change: (m) => void (at(m, 0).sha256 = 'abc') }, want: /sha256 is not 64 hex digits/ },
  { name: 'a version that is not semver', input: { publishable: true, change: (m) => void (m.spec['version'] = '1.2.3') }, want: /is not vMAJOR.MINOR.PATCH/ },
];

describe('manifestProblems', () => {
  it.each(cases)('refuses $name', ({ input, want }) => {
    const m = input.local ? local() : published();
    if (input.local) m.spec.homepage = 'https://example.test/cg-debug';
    input.change(m);
    const found = problems(m, input.publishable);
    expect(found.some((p) => want.test(p)), found.join('\n')).toBe(true);
  });
});

describe('publishableBaseUrl', () => {
  it.each([
    { name: 'https', input: 'https://example.test/releases/v1', want: undefined },
    { name: 'file', input: 'file:///tmp/release', want: /must be https/ },
    { name: 'http', input: 'http://example.test/r', want: /must be https/ },
    { name: 'credentials', input: 'https://u:p@example.test/r', want: /credentials/ },
    { name: 'a query', input: 'https://example.test/r?x=1', want: /query/ },
    { name: 'not a URL', input: 'releases/v1', want: /not a URL/ },
  ])('$name', ({ input, want }) => {
    const got = publishableBaseUrl(input) as string | undefined;
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toMatch(want);
  });
});
