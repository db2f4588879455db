// Fault injection on the real cluster: servers that never answer, signals in every phase, and the API
// server killed and restarted under a running shell. It disrupts the shared cluster, so
// it runs only under the e2e lock, and every test leaves every component up and the node Ready, pass or
// fail (see ensureHealthy).
import { connect, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, cgDebugEnv, CLUSTER_SCRIPT, commandLine, IMAGES, kubectl, kubectlJson, NODE_NAME, REGISTRY, type ClusterInfo } from './support/cluster.js';
import { TmuxSession } from './support/tmux.js';

// A namespace of this run's own: no namespace controller runs here, so a deleted one is finalized by hand.
const NS = `cg-faults-${Date.now().toString(36)}`;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** The app pods' spec: on this node, the fixture app, gone a second after deletion. */
const POD_SPEC = {
  nodeName: NODE_NAME,
  automountServiceAccountToken: false,
  terminationGracePeriodSeconds: 1,
  containers: [{ name: 'app', image: IMAGES.app }],
};

let cluster: ClusterInfo;
let dir = '';
let blackhole: { server: Server; port: number; sockets: Set<Socket> };
const sessions: TmuxSession[] = [];

/** A server that accepts connections, reads, and never answers a byte: neither HTTP nor TLS. */
async function startBlackhole() {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, sockets, port: (server.address() as { port: number }).port };
}

/**
 * The fixture registry behind a gate: connections are accepted and held until open() forwards them to
 * 127.0.0.1:5000. A debug container whose image comes through it starts only when the test says.
 */
async function gatedRegistry() {
  const held: (() => void)[] = [];
  const sockets = new Set<Socket>();
  let isOpen = false;
  const server = createServer((client) => {
    sockets.add(client);
    client.pause();
    const forward = () => {
      const upstream = connect({ host: '127.0.0.1', port: Number(REGISTRY.split(':')[1]) }, () => {
        client.pipe(upstream).pipe(client);
        client.resume();
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    if (isOpen) forward();
    else held.push(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as { port: number }).port}`,
    open: () => {
      isOpen = true;
      for (const forward of held.splice(0)) forward();
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** Whether a component was killed since the kubelet was last seen acting on a new pod. */
let disrupted = false;
let probes = 0;

function cluster_(command: 'kill' | 'start', component: 'kube-apiserver' | 'kubelet') {
  if (command === 'kill') disrupted = true;
  return execa('bash', [CLUSTER_SCRIPT, command, component], { timeout: 180_000, stdin: 'ignore' });
}

/**
 * Every component back up and the node Ready: idempotent, run after every test whatever happened. After
 * a kill, also until the kubelet starts a new pod: while the API server was away its pod watch failed and
 * backed off (client-go's reflector; 70-90 s seen here after a second restart), and until it watches again
 * the kubelet does not see new pods or debug containers, so the next test's would wait that long unseen.
 */
async function ensureHealthy(): Promise<void> {
  await cluster_('start', 'kube-apiserver');
  await cluster_('start', 'kubelet');
  if (!disrupted) return;
  const name = `kubelet-probe-${++probes}`;
  const admin = { kubeconfig: cluster.kubeconfig, timeoutMs: 190_000 };
  const probe = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: NS }, spec: POD_SPEC };
  await kubectl(['apply', '-f', '-'], { ...admin, input: JSON.stringify(probe) });
  await kubectl(['wait', '--for=condition=Ready', `pod/${name}`, '-n', NS, '--timeout=180s'], admin);
  await kubectl(['delete', 'pod', name, '-n', NS, '--wait=false'], admin);
  disrupted = false;
}

/** When to signal a run: after a delay, or once stderr shows a line. */
type SignalAt = { signal: (typeof SIGNALS)[number]; afterMs?: number; onText?: RegExp };

/** cg-debug without a terminal, optionally signalled mid-run; stdout and stderr kept apart. */
function cgDebug(args: string[], kubeconfig: string, at?: SignalAt, onText?: { text: RegExp; run: () => void }) {
  const [node, ...rest] = cgDebugArgv(args);
  const started = Date.now();
  const child = execa(node as string, rest, { reject: false, env: cgDebugEnv(kubeconfig), timeout: 150_000, stdin: 'ignore' });
  let seen = '';
  let signalled = 0;
  let fired = false;
  const send = () => {
    if (signalled !== 0 || !at) return;
    signalled = Date.now();
    child.kill(at.signal);
  };
  if (at?.afterMs !== undefined) setTimeout(send, at.afterMs);
  child.stderr?.on('data', (chunk: Buffer) => {
    seen += chunk.toString();
    if (at?.onText?.test(seen)) send();
    if (onText && !fired && onText.text.test(seen)) {
      fired = true;
      onText.run();
    }
  });
  return child.then((result) => ({
    exitCode: result.exitCode,
    stderr: String(result.stderr),
    stdout: String(result.stdout),
    ms: Date.now() - started,
    /** From the signal to the exit. */
    afterSignalMs: signalled === 0 ? undefined : Date.now() - signalled,
  }));
}

/** A shell in tmux whose cg-debug process id is written to a file, so a test can signal exactly it. */
async function shell(args: string[]): Promise<{ term: TmuxSession; pid: () => number }> {
  const pidFile = path.join(dir, `pid-${sessions.length}`);
  const line = `sh -c 'echo $$ > ${pidFile}; exec "$@"' sh ${commandLine(cgDebugArgv(args))}`;
  const term = await TmuxSession.start(line, { env: cgDebugEnv(cluster.kubeconfig) });
  sessions.push(term);
  return { term, pid: () => Number(readFileSync(pidFile, 'utf8').trim()) };
}

const BANNER = /^packages: /m;

/**
 * The terminal is in the debug container's shell: it answers with the image's name, which only the
 * debug image has. (An echo would be answered by the test's own shell too, once cg-debug had ended.)
 */
async function expectDebugShell(term: TmuxSession): Promise<void> {
  await term.sendText('\ncat /etc/cg-fixture-image\n');
  await term.waitForText(/^app-dev$/m, 30_000);
}

beforeAll(async () => {
  cluster = inject('cluster');
  dir = mkdtempSync(path.join(tmpdir(), 'cg-faults-'));
  blackhole = await startBlackhole();
  // A namespace and pod of our own: the ephemeral containers these tests add can never be removed.
  const manifest = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS, labels: { 'pod-security.kubernetes.io/enforce': 'baseline' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: NS } },
    // `stuck` gets debug containers whose image pull never ends: the kubelet syncs one pod's containers in
    // turn, so those must not share a pod with the sessions that need a running container.
    ...['app', 'stuck', 'restart', 'outlast', 'kubelet'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: NS },
      spec: POD_SPEC,
    })),
  ];
  await kubectl(['apply', '-f', '-'], { kubeconfig: cluster.kubeconfig, input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifest }) });
  await kubectl(['wait', '--for=condition=Ready', 'pod/app', 'pod/stuck', 'pod/restart', 'pod/outlast', 'pod/kubelet', '-n', NS, '--timeout=90s'], { kubeconfig: cluster.kubeconfig, timeoutMs: 100_000 });
  writeFileSync(
    path.join(dir, 'kubeconfig-blackhole'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: `https://127.0.0.1:${blackhole.port}`, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 'not-a-secret' } }],
      contexts: [{ name: 'blackhole', context: { cluster: 'c', user: 'u', namespace: NS } }],
      'current-context': 'blackhole',
    }),
  );
}, 180_000);

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.kill()));
  await ensureHealthy();
}, 240_000);

afterAll(async () => {
  await ensureHealthy();
  for (const socket of blackhole.sockets) socket.destroy();
  blackhole.server.close();
  const admin = { kubeconfig: cluster.kubeconfig, reject: false, timeoutMs: 90_000 };
  await kubectl(['delete', 'pods', '--all', '-n', NS, '--grace-period=1', '--timeout=60s'], admin);
  await kubectl(['delete', 'namespace', NS, '--wait=false'], admin);
  const ns = await kubectl(['get', 'namespace', NS, '-o', 'json'], admin);
  if (ns.exitCode === 0) {
    const body = JSON.parse(String(ns.stdout)) as { spec?: { finalizers?: string[] } };
    body.spec = { ...body.spec, finalizers: [] };
    await kubectl(['replace', '--raw', `/api/v1/namespaces/${NS}/finalize`, '-f', '-'], { ...admin, input: JSON.stringify(body) });
  }
  rmSync(dir, { recursive: true, force: true });
}, 240_000);

const blackholeKubeconfig = () => path.join(dir, 'kubeconfig-blackhole');
const blackholeImage = () => `127.0.0.1:${blackhole.port}/chainguard/app:1.2.3-dev`;

describe('an API server that accepts connections and never answers', () => {
  it('ends the run with exit 66 at the request deadline, not after minutes', async () => {
    const result = await cgDebug(['app', '--offline', '--', 'true'], blackholeKubeconfig());
    expect(result.stderr).toMatch(/did not answer within 30s to get pods/);
    expect(result.exitCode).toBe(66);
    expect(result.ms).toBeLessThan(45_000);
  }, 60_000);

  it.each(SIGNALS)('%s during the pod lookup: exit 130 at once', async (signal) => {
    const result = await cgDebug(['app', '--offline', '--', 'true'], blackholeKubeconfig(), { signal, afterMs: 1_500 });
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/interrupted/);
    expect(result.afterSignalMs).toBeLessThan(3_000);
  });
});

describe('a registry that accepts connections and never answers', () => {
  const appOnBlackhole = () => `127.0.0.1:${blackhole.port}/chainguard/app:1.2.3`;

  it('the registry check gives up at its deadline and says the guess is unverified', async () => {
    const result = await cgDebug(['dev-image', appOnBlackhole()], cluster.kubeconfig);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/unreachable/);
    expect(result.ms).toBeLessThan(15_000);
  });

  it.each(SIGNALS)('%s during the registry check: exit 130 at once', async (signal) => {
    const result = await cgDebug(['dev-image', appOnBlackhole()], cluster.kubeconfig, { signal, afterMs: 1_000 });
    expect(result.exitCode).toBe(130);
    expect(result.afterSignalMs).toBeLessThan(3_000);
  });
});

describe('signals while the debug container starts', () => {
  // The kubelet's pull from the silent registry hangs, so the wait goes on until the signal.
  it.each(SIGNALS)('%s: exit 130 with the reason, the terminal never taken', async (signal) => {
    const result = await cgDebug(['-n', NS, 'stuck', '--new', '--offline', '--image', blackholeImage(), '--', 'true'], cluster.kubeconfig, {
      signal,
      onText: /^✓ added cg-debug-[a-z0-9]{5}$/m,
    });
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toMatch(/^cg-debug: interrupted while .*the debug container/m);
    expect(result.afterSignalMs).toBeLessThan(3_000);
  });
});

describe('signals during a shell', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)('%s: exit 130, the terminal intact, the container kept for a rerun', async (signal) => {
    const { term, pid } = await shell(['-n', NS, 'app']);
    await term.waitForText(BANNER, 90_000);
    // The shell's prompt asks the terminal where the cursor is: let that answer arrive before the signal.
    await term.waitForText(/^\/ \$/m, 30_000);
    process.kill(pid(), signal);
    expect(await term.exitCode()).toBe(130);
    expect(await term.screen({ history: true })).toMatch(/interrupted; cg-debug-[a-z0-9]{5} keeps running/);
    await term.expectTerminalIntact();
  });
});

/** The names of the pod's ephemeral containers, read with kubectl. */
async function ephemeralNames(pod: string): Promise<string[]> {
  const read = await kubectlJson<{ spec: { ephemeralContainers?: { name: string }[] } }>(['get', 'pod', pod, '-n', NS, '-o', 'json'], { kubeconfig: cluster.kubeconfig });
  return (read.spec.ephemeralContainers ?? []).map((c) => c.name);
}

describe('the API server killed and restarted during the wait', () => {
  const gates: Awaited<ReturnType<typeof gatedRegistry>>[] = [];
  afterEach(() => {
    for (const gate of gates.splice(0)) gate.close();
  });
  const gated = async () => {
    const gate = await gatedRegistry();
    gates.push(gate);
    return gate;
  };
  const READ_IMAGE = ['--', 'cat', '/etc/cg-fixture-image'];

  // The image pull is held at the gate, so the container cannot run before the API server is gone.
  it('back within --timeout: the run rides it out, with one container added', async () => {
    const gate = await gated();
    const image = `${gate.host}/chainguard/app:1.2.3-dev`;
    let restarted: Promise<unknown> = Promise.resolve();
    const result = await cgDebug(['-n', NS, 'restart', '--new', '--offline', '--image', image, ...READ_IMAGE], cluster.kubeconfig, undefined, {
      text: /^✓ added cg-debug-[a-z0-9]{5}$/m,
      run: () => {
        restarted = (async () => {
          await cluster_('kill', 'kube-apiserver');
          await new Promise((resolve) => setTimeout(resolve, 3_000));
          await cluster_('start', 'kube-apiserver');
          gate.open();
        })();
      },
    });
    await restarted;
    expect(result.stderr).not.toMatch(/cannot reach/);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toBe('app-dev');
    expect(await ephemeralNames('restart')).toHaveLength(1);
  }, 180_000);

  it('not back within --timeout: exit 75 saying the container was added, and a rerun reattaches', async () => {
    const gate = await gated();
    const image = `${gate.host}/chainguard/app:1.2.3-dev`;
    const args = ['-n', NS, 'outlast', '--offline', '--image', image];
    let killed: Promise<unknown> = Promise.resolve();
    const result = await cgDebug([...args, '--timeout', '15s', ...READ_IMAGE], cluster.kubeconfig, undefined, {
      text: /^✓ added cg-debug-[a-z0-9]{5}$/m,
      run: () => {
        killed = cluster_('kill', 'kube-apiserver');
      },
    });
    await killed;
    expect(result.stderr).toMatch(/^cg-debug: lost the API server while the debug container started/m);
    expect(result.stderr).toMatch(/reattaches/);
    expect(result.exitCode).toBe(75);
    await cluster_('start', 'kube-apiserver');

    // The rerun starts while the pull is still held, so it follows a pod that nothing has changed since
    // the API server restarted (a watch from such a pod's own resourceVersion is 410 Gone until it
    // changes). The pull goes on only after longer than a wait that cannot watch takes to give up.
    let opened: ReturnType<typeof setTimeout> | undefined;
    const again = await cgDebug([...args, ...READ_IMAGE], cluster.kubeconfig, undefined, {
      text: /reusing (running )?debug container cg-debug-[a-z0-9]{5}/,
      run: () => {
        opened = setTimeout(() => gate.open(), 6_000);
      },
    });
    clearTimeout(opened);
    expect(again.stderr).toMatch(/reusing debug container cg-debug-[a-z0-9]{5}/);
    expect(again.exitCode).toBe(0);
    expect(again.stdout.trim()).toBe('app-dev');
    expect(await ephemeralNames('outlast')).toHaveLength(1);
  }, 180_000);
});

describe('the API server killed and restarted', () => {
  it('during a shell: exit 75, the terminal intact, and a rerun reattaches', async () => {
    const { term } = await shell(['-n', NS, 'app', '--new']);
    await term.waitForText(BANNER, 90_000);
    await cluster_('kill', 'kube-apiserver');
    expect(await term.exitCode(60_000)).toBe(75);
    expect(await term.screen({ history: true })).toMatch(/lost the connection to the shell in cg-debug-[a-z0-9]{5} .*the container keeps running/);
    await term.expectTerminalIntact();
    await cluster_('start', 'kube-apiserver');

    const again = await shell(['-n', NS, 'app']);
    await again.term.waitForText(/reusing running debug container cg-debug-[a-z0-9]{5}|shell in cg-debug-[a-z0-9]{5}/, 60_000);
    await expectDebugShell(again.term);
    await again.term.sendText('exit\n');
    expect(await again.term.exitCode()).toBe(0);
    await again.term.expectTerminalIntact();
  }, 240_000);
});

describe('the kubelet restarted during a shell', () => {
  // Killing the kubelet (Kubernetes 1.34, containerd) drops the open exec stream; containerd keeps the
  // holder running. A shell at a terminal is proxied to the kubelet as it is (not through the API
  // server's v5 translator, which would report the drop as a Success), so the drop is a lost connection.
  // The rerun starts while the kubelet is still down: its exec is refused ("error dialing backend", then
  // "pod does not exist" until the restarted kubelet's first sync) and rides that out until it gets in.
  it('exit 75, the terminal intact, and a rerun started while the kubelet is down reattaches the same holder', async () => {
    const { term } = await shell(['-n', NS, 'kubelet']);
    await term.waitForText(BANNER, 90_000);
    await term.waitForText(/^\/ \$/m, 30_000);
    const [name] = await ephemeralNames('kubelet');
    await cluster_('kill', 'kubelet');
    expect(await term.exitCode(60_000)).toBe(75);
    expect(await term.screen({ history: true })).toMatch(/lost the connection to the shell in cg-debug-[a-z0-9]{5} .*the container keeps running/);
    await term.expectTerminalIntact();

    const again = await shell(['-n', NS, 'kubelet']);
    await again.term.waitForText(new RegExp(`reusing (running )?debug container ${name ?? 'none'}`), 60_000);
    await again.term.waitForText(new RegExp(`shell in ${name ?? 'none'}`), 30_000);
    await cluster_('start', 'kubelet');
    await again.term.waitForText(BANNER, 90_000);
    await expectDebugShell(again.term);
    await again.term.sendText('exit\n');
    expect(await again.term.exitCode()).toBe(0);
    await again.term.expectTerminalIntact();
    expect(await ephemeralNames('kubelet')).toEqual([name]);
  }, 240_000);
});
