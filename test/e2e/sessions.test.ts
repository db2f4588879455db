// Sessions that outlive a shell, on the real cluster: the holder, shells over exec (several at once,
// reused by the next run), nothing typed in the container's log, the TTL, stop and ls, and the attach
// fallback where pods/exec is forbidden. Everything runs in a namespace of this file's own.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, cgDebugEnv, runCgDebug, commandLine, IMAGES, kubectl, kubectlJson, NODE_NAME, type ClusterInfo } from './support/cluster.js';
import { TmuxSession } from './support/tmux.js';

const NS = 'cg-e2e-sessions';
const POD = 'app';

interface PodJson {
  spec: { ephemeralContainers?: { name: string; command?: string[] }[] };
  status: { ephemeralContainerStatuses?: { name: string; state?: { running?: object; terminated?: { exitCode: number; reason?: string } } }[] };
}

interface LsRow {
  container: string;
  state: string;
  connectBy: string;
  ttlSeconds: number | null;
  reason: string | null;
  exitCode: number | null;
}

let cluster: ClusterInfo;
let work: string;
const sessions: TmuxSession[] = [];

const POD_YAML = `apiVersion: v1
kind: Namespace
metadata:
  name: ${NS}
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: default, namespace: ${NS}}
---
apiVersion: v1
kind: Pod
metadata: {name: ${POD}, namespace: ${NS}}
spec:
  nodeName: ${NODE_NAME}
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 1
  securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      image: ${IMAGES.app}
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;

// A user who may add debug containers and attach, but not exec: the attach fallback's case.
const ATTACHER_YAML = `apiVersion: v1
kind: ServiceAccount
metadata: {name: attacher, namespace: ${NS}}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: attacher, namespace: ${NS}}
rules:
  - apiGroups: [""]
    resources: [pods]
    verbs: [get, list, watch]
  - apiGroups: [""]
    resources: [pods/ephemeralcontainers]
    verbs: [patch]
  - apiGroups: [""]
    resources: [pods/attach]
    verbs: [get, create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: attacher, namespace: ${NS}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: attacher}
subjects:
  - {kind: ServiceAccount, name: attacher, namespace: ${NS}}
`;

/**
 * Deletes the namespace and what this file put in it. No controller-manager runs on the test cluster, so
 * nothing would empty the namespace and clear its finalizer: both happen here.
 */
async function deleteNamespace(): Promise<void> {
  const kubeconfig = cluster.kubeconfig;
  const { stdout } = await kubectl(['get', 'namespace', NS, '-o', 'json', '--ignore-not-found'], { kubeconfig });
  if (String(stdout).trim() === '') return;
  await kubectl(['delete', 'pods', '--all', '-n', NS, '--grace-period=0', '--force', '--wait=false'], { kubeconfig, reject: false });
  await kubectl(['delete', 'rolebindings,roles,serviceaccounts', '--all', '-n', NS, '--wait=false'], { kubeconfig, reject: false });
  await kubectl(['delete', 'namespace', NS, '--wait=false'], { kubeconfig, reject: false });
  const ns = JSON.parse(String((await kubectl(['get', 'namespace', NS, '-o', 'json'], { kubeconfig })).stdout)) as object;
  await kubectl(['replace', '--raw', `/api/v1/namespaces/${NS}/finalize`, '-f', '-'], { kubeconfig, input: JSON.stringify({ ...ns, spec: { finalizers: [] } }) });
}

beforeAll(async () => {
  cluster = inject('cluster');
  work = mkdtempSync(path.join(tmpdir(), 'cg-e2e-sessions-'));
  await deleteNamespace();
  await kubectl(['apply', '-f', '-'], { kubeconfig: cluster.kubeconfig, input: POD_YAML + '---\n' + ATTACHER_YAML });
  await kubectl(['wait', '-n', NS, `pod/${POD}`, '--for=condition=Ready', '--timeout=60s'], { kubeconfig: cluster.kubeconfig, timeoutMs: 90_000 });
});

afterAll(async () => {
  await deleteNamespace();
  rmSync(work, { recursive: true, force: true });
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.kill()));
});

function env(kubeconfig = cluster.kubeconfig): Record<string, string> {
  return cgDebugEnv(kubeconfig);
}

function cgDebug(args: string[], kubeconfig = cluster.kubeconfig) {
  return runCgDebug(args, kubeconfig);
}

async function shell(args: string[], kubeconfig = cluster.kubeconfig): Promise<TmuxSession> {
  const session = await TmuxSession.start(commandLine(cgDebugArgv(args)), { env: env(kubeconfig), cols: 140 });
  sessions.push(session);
  return session;
}

function pod(): Promise<PodJson> {
  return kubectlJson<PodJson>(['get', 'pod', '-n', NS, POD], { kubeconfig: cluster.kubeconfig });
}

async function ls(): Promise<LsRow[]> {
  const result = await cgDebug(['ls', '-n', NS, POD, '-o', 'json']);
  expect(result.exitCode, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as LsRow[];
}

/** Polls the pod until `container` has terminated; its terminated state. */
async function terminated(container: string, timeoutMs: number): Promise<{ exitCode: number; reason?: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = (await pod()).status.ephemeralContainerStatuses?.find((s) => s.name === container)?.state;
    if (state?.terminated) return state.terminated;
    if (Date.now() > deadline) throw new Error(`${container} did not terminate within ${timeoutMs} ms: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const PROMPT = /^\/ \$$/m;

/**
 * A shell line that waits (a bounded poll, about 30 s at most) until this shell's `sleep MARKER &` is in
 * ps, then says how many there are: `own-MARKER-1`.
 */
function ownMarker(marker: number): string {
  return `i=0; while [ $i -lt 150 ] && ! ps | grep -q '[s]leep ${marker}'; do sleep 0.2; i=$((i+1)); done; echo own-${marker}-$(ps | grep -c '[s]leep ${marker}')`;
}

describe('a holder that shells are exec\'d into', () => {
  let holder = '';

  it('serves two shells at once that see each other, keeps nothing typed in its log, and outlives exit', async () => {
    const first = await shell(['-n', NS, POD, '--new']);
    await first.waitForText(/^packages: /m, 60_000);
    await first.waitForText(PROMPT);
    holder = /shell in (cg-debug-[a-z0-9]{5})/.exec(await first.screen({ history: true }))?.[1] ?? '';
    expect(holder).not.toBe('');

    const second = await shell(['-n', NS, POD]);
    await second.waitForText(new RegExp(`reusing (running )?debug container ${holder}`), 60_000);
    // The exec and the shell's start come after that line: on a loaded machine that is more than seconds.
    await second.waitForText(PROMPT, 60_000);

    // Each shell starts a marker process and finds the other's in ps. The two shells are two exec streams
    // with nothing ordering them, and a background job is in ps as `sleep` only once its fork has exec'd:
    // each shell first says its own marker runs, and only then does the other look for it.
    await first.sendText(`sleep 1001 &\n${ownMarker(1001)}\n`);
    await second.sendText(`sleep 1002 &\n${ownMarker(1002)}\n`);
    await first.waitForText(/^own-1001-1$/m, 60_000);
    await second.waitForText(/^own-1002-1$/m, 60_000);
    await first.sendText("echo sees-$(ps | grep -c '[s]leep 1002')\n");
    await first.waitForText(/^sees-1$/m);
    await second.sendText("echo sees-$(ps | grep -c '[s]leep 1001')\n");
    await second.waitForText(/^sees-1$/m);

    // The holder is one short ps line that names itself and its TTL (an answer of its own: a `1` already
    // on the screen would match a bare /^1$/ before the command ran).
    await second.sendText("echo holder-$(ps | grep -c '[c]g-debug-holder')\n");
    await second.waitForText(/^holder-1$/m);
    await second.sendText('echo typed-secret-$((6*7))\n');
    await second.waitForText(/^typed-secret-42$/m);

    await second.sendText('exit\n');
    expect(await second.exitCode()).toBe(0);
    await second.expectTerminalIntact();

    // exit ended only that shell: the other still answers.
    await first.sendText("echo still-''here\n");
    await first.waitForText(/^still-here$/m);
    await first.sendText('exit 4\n');
    expect(await first.exitCode()).toBe(4);
    await first.expectTerminalIntact();

    for (const c of (await pod()).spec.ephemeralContainers ?? []) {
      const { stdout } = await kubectl(['logs', '-n', NS, POD, '-c', c.name], { kubeconfig: cluster.kubeconfig });
      expect(String(stdout)).not.toMatch(/typed-secret/);
      expect(String(stdout).split('\n').filter((l) => l !== '').length).toBeLessThanOrEqual(1);
    }
    const { stdout: log } = await kubectl(['logs', '-n', NS, POD, '-c', holder], { kubeconfig: cluster.kubeconfig });
    expect(String(log).trim()).toBe('cg-debug-holder up, ttl=1h');
  });

  it('is reused by the next run with no new ephemeral container', async () => {
    const before = (await pod()).spec.ephemeralContainers?.map((c) => c.name);
    const again = await cgDebug(['-n', NS, POD, '--', 'sh', '-c', 'echo from-$((1+1))']);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toBe('from-2');
    expect(again.stderr).toMatch(new RegExp(`reusing (running )?debug container ${holder}`));
    expect((await pod()).spec.ephemeralContainers?.map((c) => c.name)).toEqual(before);
    expect((await ls()).find((r) => r.container === holder)).toMatchObject({ state: 'running', connectBy: 'exec', ttlSeconds: 3600 });
  });

  it('stop tells the open shell, ends the holder, ls shows it terminated, and a second stop is a no-op', async () => {
    const open = await shell(['-n', NS, POD]);
    await open.waitForText(PROMPT, 60_000);
    const stop = await cgDebug(['stop', '-n', NS, POD, holder]);
    expect(stop.exitCode, stop.stderr).toBe(0);
    expect(stop.stderr).toContain(`stopped ${holder}`);
    await open.waitForText(new RegExp(`${holder} is being stopped \\(cg-debug stop\\)`));
    expect(await open.exitCode()).not.toBe(0);
    await open.expectTerminalIntact();

    expect((await ls()).find((r) => r.container === holder)).toMatchObject({ state: 'terminated' });
    // The app was not signalled: it still runs.
    const app = await kubectlJson<{ status: { containerStatuses: { state: { running?: object } }[] } }>(['get', 'pod', '-n', NS, POD], {
      kubeconfig: cluster.kubeconfig,
    });
    expect(app.status.containerStatuses[0]?.state.running).toBeDefined();

    const twice = await cgDebug(['stop', '-n', NS, POD, holder]);
    expect(twice.exitCode, twice.stderr).toBe(0);
    expect(twice.stderr).toContain('has already ended');
    const missing = await cgDebug(['stop', '-n', NS, POD, 'cg-debug-nope0']);
    expect(missing.exitCode).toBe(67);
    expect(missing.stderr).toMatch(/no debug container "cg-debug-nope0"[\s\S]*hint: /);
  });

  it('a short --ttl ends the holder by itself', async () => {
    const run = await cgDebug(['-n', NS, POD, '--new', '--ttl', '3s', '--', 'true']);
    expect(run.exitCode, run.stderr).toBe(0);
    const name = /added (cg-debug-[a-z0-9]{5})/.exec(run.stderr)?.[1] ?? '';
    expect(name).not.toBe('');
    expect(await terminated(name, 30_000)).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect((await ls()).find((r) => r.container === name)).toMatchObject({ state: 'terminated', reason: 'Completed', exitCode: 0, ttlSeconds: 3 });
  });
});

describe('where pods/exec is forbidden', () => {
  it('attaches a shell instead, with a one-line warning', async () => {
    const { stdout: token } = await kubectl(['create', 'token', 'attacher', '-n', NS, '--duration', '10m'], { kubeconfig: cluster.kubeconfig });
    const server = String((await kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.server}'], { kubeconfig: cluster.kubeconfig })).stdout);
    const ca = String(
      (await kubectl(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.certificate-authority-data}'], { kubeconfig: cluster.kubeconfig })).stdout,
    );
    const kubeconfig = path.join(work, 'kubeconfig-attacher');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${server}", certificate-authority-data: "${ca}"}}]
users: [{name: attacher, user: {token: "${String(token).trim()}"}}]
contexts: [{name: c, context: {cluster: c, user: attacher, namespace: ${NS}}}]
current-context: c
`,
      { mode: 0o600 },
    );
    const denied = await kubectl(['auth', 'can-i', 'create', 'pods/exec', '-n', NS], { kubeconfig, reject: false });
    expect(String(denied.stdout).trim()).toBe('no');

    const term = await shell([POD], kubeconfig);
    await term.waitForText(/pods\/exec is forbidden here: the shell is attached instead/, 60_000);
    await term.waitForText(/^packages: /m, 60_000);
    await term.sendText("echo attached-''ok\n");
    await term.waitForText(/^attached-ok$/m);
    await term.sendText('exit\n');
    expect(await term.exitCode()).toBe(0);
    await term.expectTerminalIntact();
    const warnings = (await term.screen({ history: true })).split('\n').filter((l) => /pods\/exec is forbidden/.test(l));
    expect(warnings).toHaveLength(1);
  });
});
