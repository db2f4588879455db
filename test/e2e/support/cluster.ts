// Paths, image names and a kubectl helper for the end-to-end tests against the local cluster
// that test/cluster/cluster.sh runs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, type Result } from 'execa';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const CLUSTER_SCRIPT = path.join(REPO_ROOT, 'test/cluster/cluster.sh');
export const CLUSTER_DIR = process.env['CG_CLUSTER_DIR'] ?? '/var/lib/cg-debug-cluster';
/** The kubectl built at the cluster's version (v1.34), staged by `cluster.sh up`. */
export const KUBECTL = path.join(CLUSTER_DIR, 'bin/kubectl');
/** The bundled CLI (`npm run build`); run it with `node`. */
export const CG_DEBUG_MAIN = path.join(REPO_ROOT, 'dist/cg-debug.mjs');
/**
 * CG_DEBUG_BIN selects the cg-debug under test: unset or a .js/.mjs file runs with this node (default
 * the bundle); anything else is an executable, such as the SEA binary from `npm run build:sea`.
 */
export const CG_DEBUG_BIN = process.env['CG_DEBUG_BIN'] ? path.resolve(REPO_ROOT, process.env['CG_DEBUG_BIN']) : CG_DEBUG_MAIN;

export const NODE_NAME = '127.0.0.1';
export const REGISTRY = '127.0.0.1:5000';

/** Images pushed by `cluster.sh up`; every one holds /etc/cg-fixture-image naming its variant. */
export const IMAGES = {
  app: `${REGISTRY}/chainguard/app:1.2.3`,
  appLatest: `${REGISTRY}/chainguard/app:latest`,
  appDev: `${REGISTRY}/chainguard/app:1.2.3-dev`,
  appLatestDev: `${REGISTRY}/chainguard/app:latest-dev`,
  wolfiBase: `${REGISTRY}/chainguard/wolfi-base:latest`,
  nodev: `${REGISTRY}/other/nodev:1.0`,
  pause: `${REGISTRY}/pause:3.10`,
  /** The toolkit fixture's app: SPDX SBOMs, a symlink, no tar. */
  toolkit: `${REGISTRY}/chainguard/toolkit:1.0`,
} as const;

/** What the fixture images contain, for assertions. */
export const FIXTURE = {
  /** cmdline of the app's PID 1, as `ps` shows it. */
  appProcess: '/usr/bin/cg-fixture-app',
  /** Readable from a debug container as /proc/1/root/app/config.txt. */
  configPath: '/app/config.txt',
  secret: 'cg-debug-fixture-secret',
  /** Content of /etc/cg-fixture-image per image. */
  markers: { app: 'app', appDev: 'app-dev', wolfiBase: 'wolfi-base', nodev: 'nodev' },
  nonrootUid: 65532,
  /** Printed by the apk stand-in; as non-root `apk add` fails with apk's own lock error. */
  apkBanner: 'apk (cg-debug fixture stand-in)',
  apkNonRootError: 'ERROR: Unable to lock database: Permission denied',
} as const;

/** Fixture pods by namespace, as test/cluster/fixtures creates them. */
export const FIXTURE_PODS: Readonly<Record<string, readonly string[]>> = {
  'cg-privileged': ['app'],
  'cg-baseline': ['app', 'nodev', 'pinned', 'runas', 'two', 'web-1'],
  'cg-restricted': ['app'],
};

/** What global-setup provides to every test file (read it with `inject('cluster')`). */
export interface ClusterInfo {
  dir: string;
  /** system:masters */
  kubeconfig: string;
  /** get/list/watch pods and namespaces everywhere; no ephemeralcontainers. */
  viewerKubeconfig: string;
  /** everything in cg-baseline, nothing elsewhere. */
  nsAdminKubeconfig: string;
  /** sha256:... of chainguard/app:1.2.3, as the pod `cg-baseline/pinned` references it. */
  appDigest: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cluster: ClusterInfo;
  }
}

export function clusterInfo(dir: string = CLUSTER_DIR, appDigest = ''): ClusterInfo {
  return {
    dir,
    kubeconfig: path.join(dir, 'kubeconfig'),
    viewerKubeconfig: path.join(dir, 'kubeconfig-viewer'),
    nsAdminKubeconfig: path.join(dir, 'kubeconfig-ns-admin'),
    appDigest,
  };
}

export interface KubectlOptions {
  kubeconfig: string;
  /** Resolve instead of throwing on a non-zero exit (e.g. `auth can-i` answering "no"). */
  reject?: boolean;
  input?: string;
  timeoutMs?: number;
}

export function kubectl(args: readonly string[], options: KubectlOptions): Promise<Result> {
  return execa(KUBECTL, ['--kubeconfig', options.kubeconfig, ...args], {
    reject: options.reject ?? true,
    timeout: options.timeoutMs ?? 60_000,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
}

export async function kubectlJson<T>(args: readonly string[], options: KubectlOptions): Promise<T> {
  const { stdout } = await kubectl([...args, '-o', 'json'], options);
  return JSON.parse(String(stdout)) as T;
}

/** Quotes one word for a POSIX shell command line (the tmux driver types command lines). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** argv that runs the cg-debug under test (CG_DEBUG_BIN). */
export function cgDebugArgv(args: readonly string[]): string[] {
  return /\.m?js$/.test(CG_DEBUG_BIN) ? [process.execPath, CG_DEBUG_BIN, ...args] : [CG_DEBUG_BIN, ...args];
}

/** The environment cg-debug runs with in the tests: this kubeconfig, the local default image, no colour. */
export function cgDebugEnv(kubeconfig: string): Record<string, string> {
  return { KUBECONFIG: kubeconfig, CG_DEBUG_DEFAULT_IMAGE: IMAGES.wolfiBase, NO_COLOR: '1' };
}

/** Runs cg-debug without a terminal and keeps stdout and stderr apart. */
export function runCgDebug(args: readonly string[], kubeconfig: string) {
  const [node, ...rest] = cgDebugArgv(args);
  return execa(node as string, rest, { reject: false, env: cgDebugEnv(kubeconfig), timeout: 90_000, stdin: 'ignore' });
}

/** A pod of `image` that passes Pod Security restricted, as the image's user: a test's own, so shared fixtures stay untouched. */
export function restrictedPod(name: string, namespace: string, image: string) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      nodeName: NODE_NAME,
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 1,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [{ name: 'app', image, securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }],
    },
  };
}
