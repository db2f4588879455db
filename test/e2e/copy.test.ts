// `cg-debug POD --copy` on the real cluster: a pod that crashes for a reason only visible inside is
// debugged in a copy whose app container runs the -dev sibling with the app's command held. Each test
// is one of the "done when" lines; they run in order (the copy made first is reused, listed
// and stopped by the later ones).
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, cgDebugEnv, commandLine, IMAGES, kubectl, kubectlJson, runCgDebug, type ClusterInfo } from './support/cluster.js';
import {
  APP_ARGV,
  APP_ERROR,
  APP_STARTED,
  CLAIM,
  CLAIM_POD,
  COPY_NS,
  COPY_RESTRICTED_NS,
  CRASH_POD,
  createCrashingPods,
  removeCrashingPods,
} from './support/crashing-pods.js';
import { TmuxSession } from './support/tmux.js';

interface ContainerJson {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  livenessProbe?: object;
  readinessProbe?: object;
  startupProbe?: object;
  securityContext?: Record<string, unknown>;
}

interface PodJson {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string>; ownerReferences?: object[]; resourceVersion?: string };
  spec: { containers: ContainerJson[]; ephemeralContainers?: object[]; restartPolicy?: string; activeDeadlineSeconds?: number; nodeName?: string };
  status: { phase?: string };
}

interface PodList {
  items: PodJson[];
}

let cluster: ClusterInfo;
let originalBefore: PodJson;
const sessions: TmuxSession[] = [];

beforeAll(async () => {
  cluster = inject('cluster');
  await createCrashingPods(cluster.kubeconfig);
  originalBefore = await pod(COPY_NS, CRASH_POD);
}, 180_000);

afterAll(async () => {
  await removeCrashingPods(cluster.kubeconfig);
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.kill()));
});

function cgDebug(args: string[]) {
  return runCgDebug(args, cluster.kubeconfig);
}

function pod(namespace: string, name: string): Promise<PodJson> {
  return kubectlJson<PodJson>(['get', 'pod', '-n', namespace, name], { kubeconfig: cluster.kubeconfig });
}

async function copiesOf(namespace: string, original: string): Promise<PodJson[]> {
  const list = await kubectlJson<PodList>(['get', 'pods', '-n', namespace, '-l', 'cg-debug.dev/copy=true'], { kubeconfig: cluster.kubeconfig });
  return list.items.filter((p) => p.metadata.annotations?.['cg-debug.dev/copy-of'] === original);
}

describe('a crashing pod', () => {
  it('is refused without --copy (exit 68), and the hint is the copy', async () => {
    const run = await cgDebug(['-n', COPY_NS, CRASH_POD, '--', 'true']);
    expect(run.exitCode).toBe(68);
    expect(run.stderr).toContain(`cg-debug -n ${COPY_NS} ${CRASH_POD} --copy`);
    expect(await copiesOf(COPY_NS, CRASH_POD)).toEqual([]);
  });

  it("shows the app's own error when run by hand in the copy, and runs once the file exists", async () => {
    const failing = await cgDebug(['-n', COPY_NS, CRASH_POD, '--copy', '--', 'sh', '-c', 'pwd; app; echo "app exited $?"']);
    expect(failing.stderr).toMatch(/the API server admits crash-cg-[a-z0-9]{5} \(server-side dry run\)/);
    expect(failing.stderr).toMatch(/created copy crash-cg-[a-z0-9]{5}/);
    expect(failing.exitCode).toBe(0);
    expect(failing.stdout).toContain('/app\n');
    expect(failing.stderr).toContain(APP_ERROR);
    expect(failing.stdout).toContain('app exited 1');

    // The second run reuses the copy: the file written there is seen by the app started there.
    const running = await cgDebug(['-n', COPY_NS, CRASH_POD, '--copy', '--', 'sh', '-c', 'echo "listen: on" > /etc/app/app.conf && timeout 3 app; echo done']);
    expect(running.stderr).toMatch(/reusing copy crash-cg-[a-z0-9]{5} of crash/);
    expect(running.stderr).toContain(APP_STARTED);
    expect(running.stderr).toMatch(/cg-fixture-app listening on :8090 as uid 65532/);
    expect(await copiesOf(COPY_NS, CRASH_POD)).toHaveLength(1);
  });

  it('made a copy with the pinned -dev image, the holder, no probes, owners or labels, a deadline; the original is unchanged', async () => {
    const [copy] = await copiesOf(COPY_NS, CRASH_POD);
    expect(copy).toBeDefined();
    const app = copy?.spec.containers.find((c) => c.name === 'app');
    expect(app?.image).toMatch(new RegExp(`^${IMAGES.appDev.replaceAll('.', '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(app?.command?.slice(0, 4)).toEqual(['sh', '-c', 'echo "$0 up, $1";read -t $2 _;exit 0', 'cg-debug-holder']);
    expect(app?.args).toBeUndefined();
    expect([app?.livenessProbe, app?.readinessProbe, app?.startupProbe]).toEqual([undefined, undefined, undefined]);
    expect(app?.workingDir).toBe('/app');
    expect(copy?.metadata.ownerReferences).toBeUndefined();
    expect(copy?.metadata.labels).toEqual({ 'cg-debug.dev/copy': 'true' });
    expect(copy?.metadata.annotations?.['cg-debug.dev/copied-by']).toBe('cg-admin');
    expect(copy?.spec.activeDeadlineSeconds).toBe(3600);
    expect(copy?.spec.restartPolicy).toBe('Never');
    expect(JSON.parse(copy?.metadata.annotations?.['cg-debug.dev/app-command'] ?? '{}')).toEqual({ argv: APP_ARGV, workingDir: '/app' });

    const after = await pod(COPY_NS, CRASH_POD);
    expect(after.spec.ephemeralContainers).toBeUndefined();
    expect(after.spec).toEqual(originalBefore.spec);
    expect(after.metadata.labels).toEqual(originalBefore.metadata.labels);
    expect(after.metadata.ownerReferences).toEqual(originalBefore.metadata.ownerReferences);
  });

  it('opens a shell in the copy: the banner names the command, the shell starts in its working directory, `app` fails as the pod does', async () => {
    const term = await TmuxSession.start(commandLine(cgDebugArgv(['-n', COPY_NS, CRASH_POD, '--copy'])), { env: cgDebugEnv(cluster.kubeconfig) });
    sessions.push(term);
    await term.waitForText(/^command: \/usr\/bin\/cg-fixture-app --config \/etc\/app\/app\.conf$/m, 60_000);
    await term.waitForText(/^working directory: \/app$/m);
    await term.waitForText(/^app: runs that command in the foreground/m);
    // The copy made by the earlier test is reused: the file is there, and the app starts for real.
    await term.sendText('rm /etc/app/app.conf; app\n');
    await term.waitForText(new RegExp(APP_ERROR.replaceAll('/', '\\/').replaceAll('.', '\\.')));
    // `exit` would pass on app's own status (1).
    await term.sendText('exit 0\n');
    expect(await term.exitCode()).toBe(0);
    await term.expectTerminalIntact();
  });

  it('the picker says why the pod does not run, offers its copy on Enter, and lands in a shell in the copy', async () => {
    const env = cgDebugEnv(cluster.kubeconfig);
    const term = await TmuxSession.start(commandLine(cgDebugArgv(['-n', COPY_NS])), { env, cols: 140, rows: 40 });
    sessions.push(term);
    await term.waitForText(/namespace cg-e2e-copy +\d+ pods/, 60_000, { history: false });
    // Between restarts the kubelet says Error, then CrashLoopBackOff while it backs off.
    await term.waitForText(/^(> | {2})crash (CrashLoopBackOff|Error) /m, 30_000, { history: false });
    await term.sendText('/crash');
    await term.waitForText(/^> crash /m, 5_000, { history: false });
    await term.sendKeys('Enter');
    await term.waitForText(/Enter start/, 60_000, { history: false });
    const plan = await term.screen();
    expect(plan).toMatch(/^Debug a copy of cg-e2e-copy\/crash$/m);
    expect(plan).toContain('app does not run: a debug container cannot target it, a copy of the pod can');
    expect(plan).toMatch(/copy +(new pod|reuse running copy) crash-cg-[a-z0-9]{5}/);
    expect(plan).toMatch(/· image 127\.0\.0\.1:5000\/chainguard\/app:1\.2\.3 -> 127\.0\.0\.1:5000\/chainguard\/app:1\.2\.3-dev@sha256:/);
    expect(plan).toContain('· command held (run it with `app`)');
    expect(plan).toContain('· probes off');
    expect(plan).toContain('· labels off');
    await term.sendKeys('Enter');
    await term.waitForText(/^app: runs that command in the foreground/m, 60_000);
    await term.sendText('app\n');
    await term.waitForText(new RegExp(APP_ERROR.replaceAll('/', '\\/').replaceAll('.', '\\.')));
    // `exit` would pass on app's own status (1).
    await term.sendText('exit 0\n');
    expect(await term.exitCode()).toBe(0);
    await term.expectTerminalIntact();
  });

  it('is listed by ls beside the debug containers, and deleted by stop', async () => {
    const [copy] = await copiesOf(COPY_NS, CRASH_POD);
    const name = copy?.metadata.name ?? '';
    const ls = await cgDebug(['ls', '-n', COPY_NS, CRASH_POD, '-o', 'json']);
    expect(ls.exitCode).toBe(0);
    const rows = JSON.parse(ls.stdout) as { pod: string; container: string; copyOf?: string; state: string; target: string | null }[];
    expect(rows).toEqual([expect.objectContaining({ pod: name, container: 'app', copyOf: CRASH_POD, state: 'running', target: 'app' })]);
    const table = await cgDebug(['ls', '-n', COPY_NS, CRASH_POD]);
    expect(table.stdout).toContain(`${name} (copy of ${CRASH_POD})`);

    const stop = await cgDebug(['stop', '-n', COPY_NS, CRASH_POD]);
    expect(stop.exitCode).toBe(0);
    expect(stop.stderr).toContain(`deleted copy ${name}`);
    expect(await copiesOf(COPY_NS, CRASH_POD)).toEqual([]);
  });
});

describe('refused before anything exists', () => {
  it('a copy the namespace would reject: the server-side dry run names the reason, and no pod is made', async () => {
    const run = await cgDebug(['-n', COPY_NS, CRASH_POD, '--copy', '--new', '--profile', 'sysadmin', '--', 'true']);
    expect(run.exitCode).toBe(70);
    expect(run.stderr).toMatch(/Pod Security "baseline" in namespace cg-e2e-copy rejected the copy of pod crash: privileged/);
    expect(run.stderr).not.toContain('created copy');
    expect(await copiesOf(COPY_NS, CRASH_POD)).toEqual([]);
  });

  it('a ReadWriteOnce claim without --same-node, naming the claim', async () => {
    const run = await cgDebug(['-n', COPY_NS, CLAIM_POD, '--copy', '--', 'true']);
    expect(run.exitCode).toBe(64);
    expect(run.stderr).toContain(`claim ${CLAIM} (volume data), which is ReadWriteOnce`);
    expect(run.stderr).toContain('--same-node');
    expect(await copiesOf(COPY_NS, CLAIM_POD)).toEqual([]);
  });
});

describe('a restricted namespace', () => {
  it('admits the copy with the restricted profile', async () => {
    const run = await cgDebug(['-n', COPY_RESTRICTED_NS, CRASH_POD, '--copy', '--', 'sh', '-c', 'id -u; app']);
    expect(run.stderr).toContain('profile auto -> restricted (namespace enforces restricted)');
    expect(run.stdout).toMatch(/^65532$/m);
    expect(run.stderr).toContain(APP_ERROR);
    const [copy] = await copiesOf(COPY_RESTRICTED_NS, CRASH_POD);
    expect(copy?.spec.containers[0]?.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 65532,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });
});

describe('--dry-run', () => {
  it('prints the copy as it would be created, and the API server accepts it as it is', async () => {
    const run = await cgDebug(['-n', COPY_NS, CRASH_POD, '--copy', '--new', '--dry-run', '-o', 'yaml']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    const created = await kubectl(['create', '--dry-run=server', '-f', '-', '-o', 'name'], { kubeconfig: cluster.kubeconfig, input: run.stdout });
    expect(String(created.stdout)).toMatch(/^pod\/crash-cg-[a-z0-9]{5}$/);
    expect(await copiesOf(COPY_NS, CRASH_POD)).toEqual([]);
  });
});
