// The krew plugin manifest (cg-debug.yaml) that scripts/release.mjs writes, and the rules
// scripts/verify-release.mjs holds it to: krew's own structural rules (internal/index/validation) plus what
// krew-index review asks for (a homepage, a shortDescription `krew search` does not cut, a description of what
// the plugin does, install notes in caveats, a LICENSE extracted on install, https downloads).

import { URL } from 'node:url';

export const PLUGIN_NAME = 'cg-debug';
export const PLUGIN_BIN = 'kubectl-cg_debug';
export const LICENSE_FILE = 'LICENSE';
/** `krew search` cuts a shortDescription at 50 characters (cmd/krew/cmd/search.go, limitString). */
export const SHORT_DESCRIPTION_MAX = 50;
/** krew's arch label for Node's. */
export const KREW_ARCH = { x64: 'amd64', arm64: 'arm64' };

export const SHORT_DESCRIPTION = 'Shell into distroless pods via their -dev image';

const DESCRIPTION = `Debug a pod whose image is distroless: no shell, no package manager, nothing for
kubectl exec to run. cg-debug works out the image's -dev variant (Chainguard's latest-dev or T-dev tags,
distroless :debug, or an image you name), checks it against the registry, adds it to the running pod
as an ephemeral container that targets the app container, and opens a shell in it that sees the app's
processes and, at /proc/1/root, the app's files. The debug container's main process is a quiet holder
with a time to live; every shell is exec'd into it, so what you type stays out of the pod's log and a
second shell reuses the container instead of adding another.

Without a pod it opens a terminal picker of the namespace's pods. Also: \`-- COMMAND\` for one command,
\`--dry-run\` to print the exact patch, \`ls\` and \`stop\` for debug containers, \`cp\` to copy files
without tar in the image, \`packages\` to compare the app's and the debug image's packages, and
\`doctor\` to check permissions, Pod Security and the debug image before anything changes.
`;

/** The caveats krew prints after install: what a user must do or know before the first run. */
export function caveats(macosNote) {
  return `Ephemeral containers can never be removed from a pod: each one cg-debug adds stays in the pod's
spec until the pod is deleted. Its holder ends by itself after --ttl (default 1h); end it sooner with
  kubectl cg-debug stop POD
and list a pod's debug containers with \`kubectl cg-debug ls POD\`. A running one is reused.

Needs Kubernetes 1.25 or newer and, in the pod's namespace: get, list and watch pods, patch
pods/ephemeralcontainers, and create and get pods/exec. \`kubectl cg-debug doctor POD\` checks
each one and changes nothing.

Completion of \`kubectl cg-debug <TAB>\` (kubectl 1.26+): krew cannot install it, so write it once
beside the plugin (no version in the path, so it outlives upgrades; run it again after one for new flags):
  kubectl cg-debug completion kubectl > "\${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-cg_debug"
  chmod +x "\${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-cg_debug"
${macosNote ? `\n${macosNote}\n` : ''}`;
}

/**
 * The manifest: one platform per archive, each extracting the plugin and the LICENSE.
 * @param {{version: string, homepage: string | undefined, baseUrl: string, archives: {os: string, arch: string, file: string, sha256: string}[], macosNote?: string}} input
 */
export function krewManifest({ version, homepage, baseUrl, archives, macosNote }) {
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: { name: PLUGIN_NAME },
    spec: {
      version: `v${version}`,
      ...(homepage ? { homepage } : {}),
      shortDescription: SHORT_DESCRIPTION,
      description: DESCRIPTION,
      caveats: caveats(macosNote),
      platforms: archives.map(({ os, arch, file, sha256 }) => ({
        selector: { matchLabels: { os, arch: KREW_ARCH[arch] } },
        uri: `${baseUrl.replace(/\/$/, '')}/${file}`,
        sha256,
        files: [
          { from: PLUGIN_BIN, to: '.' },
          { from: LICENSE_FILE, to: '.' },
        ],
        bin: PLUGIN_BIN,
      })),
    },
  };
}

/** A base URL a published manifest may point at: https, with a host, no credentials, query or fragment. */
export function publishableBaseUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return `--base-url ${JSON.stringify(text)} is not a URL`;
  }
  if (url.protocol !== 'https:') return `--base-url must be https:// for a manifest users install from (got ${url.protocol}//)`;
  if (url.username || url.password) return '--base-url must not carry credentials';
  if (url.search || url.hash) return '--base-url must not have a query or fragment';
  return undefined;
}

/**
 * What keeps the manifest out of krew-index, one line each. Local manifests (file:// URIs, made for a check
 * on this machine) pass only when publishable is false, and then only if every URI is a file:// URI.
 */
export function manifestProblems(manifest, { publishable }) {
  const problems = [];
  const spec = manifest?.spec ?? {};
  const at = (what) => `cg-debug.yaml: ${what}`;
  if (manifest?.apiVersion !== 'krew.googlecontainertools.github.com/v1alpha2') problems.push(at('apiVersion is not krew v1alpha2'));
  if (manifest?.kind !== 'Plugin') problems.push(at('kind is not Plugin'));
  if (manifest?.metadata?.name !== PLUGIN_NAME) problems.push(at(`metadata.name is not ${PLUGIN_NAME}`));
  if (!/^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(spec.version ?? '')) problems.push(at(`spec.version ${JSON.stringify(spec.version)} is not vMAJOR.MINOR.PATCH`));
  const short = spec.shortDescription ?? '';
  if (!short || short.includes('\n') || short.length > SHORT_DESCRIPTION_MAX) {
    problems.push(at(`shortDescription must be one line of 1-${SHORT_DESCRIPTION_MAX} characters (krew search cuts it there); it has ${short.length}`));
  }
  if ((spec.description ?? '').trim().length < 200) problems.push(at('description must say what the plugin does'));
  const notes = spec.caveats ?? '';
  for (const [needle, what] of [
    ['completion kubectl', 'the completion step'],
    ['pods/ephemeralcontainers', 'the permissions it needs'],
    ['never be removed', 'that ephemeral containers stay in the pod'],
    ['cg-debug stop', 'how to end a debug container'],
  ]) {
    if (!notes.includes(needle)) problems.push(at(`caveats must give ${what}`));
  }
  if (publishable) {
    if (!/^https:\/\/[^/]+/.test(spec.homepage ?? '')) problems.push(at('homepage must be an https:// URL (release --homepage, or package.json homepage)'));
  } else if (spec.homepage !== undefined && !/^https:\/\/[^/]+/.test(spec.homepage)) {
    problems.push(at('homepage must be an https:// URL'));
  }
  const platforms = Array.isArray(spec.platforms) ? spec.platforms : [];
  if (platforms.length === 0) problems.push(at('no platforms'));
  const seen = new Set();
  for (const p of platforms) {
    const labels = p.selector?.matchLabels ?? {};
    const name = `${labels.os}/${labels.arch}`;
    if (seen.has(name)) problems.push(at(`${name} appears twice`));
    seen.add(name);
    if (Object.keys(labels).some((k) => k !== 'os' && k !== 'arch') || p.selector?.matchExpressions) problems.push(at(`${name}: the selector may use only os and arch`));
    if (!/^[a-f0-9]{64}$/.test(p.sha256 ?? '')) problems.push(at(`${name}: sha256 is not 64 hex digits`));
    if (p.bin !== PLUGIN_BIN) problems.push(at(`${name}: bin is not ${PLUGIN_BIN}`));
    if (!(p.files ?? []).some((f) => f.from === LICENSE_FILE)) problems.push(at(`${name}: files does not extract ${LICENSE_FILE} (krew-index CI refuses a plugin without one)`));
    if (!(p.files ?? []).some((f) => f.from === PLUGIN_BIN)) problems.push(at(`${name}: files does not extract ${PLUGIN_BIN}`));
    const uri = String(p.uri ?? '');
    if (publishable && !uri.startsWith('https://')) problems.push(at(`${name}: uri ${JSON.stringify(uri)} is not https:// (a publishable manifest needs release --base-url https://...)`));
    if (!publishable && !uri.startsWith('https://') && !uri.startsWith('file://')) problems.push(at(`${name}: uri ${JSON.stringify(uri)} is neither https:// nor a local file:// URI`));
  }
  return problems;
}

/** Whether every platform points at file:// URIs: a manifest for a check on this machine, not for users. */
export function isLocalManifest(manifest) {
  return (manifest?.spec?.platforms ?? []).some((p) => String(p.uri ?? '').startsWith('file://'));
}
