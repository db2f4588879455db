// `cg-debug` with no pod: the pod picker in a real terminal (tmux) against the real cluster. Each
// scenario is one of the TUI issue's "done when" lines.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, commandLine, FIXTURE, FIXTURE_PODS, IMAGES, kubectl, NODE_NAME, type ClusterInfo } from './support/cluster.js';
import { TmuxSession, type TmuxOptions } from './support/tmux.js';

let cluster: ClusterInfo;
const sessions: TmuxSession[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  cluster = inject('cluster');
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.kill()));
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function picker(args: string[], size: Pick<TmuxOptions, 'cols' | 'rows'> = {}): Promise<TmuxSession> {
  const env = { KUBECONFIG: cluster.kubeconfig, CG_DEBUG_DEFAULT_IMAGE: IMAGES.wolfiBase, NO_COLOR: '1' };
  const session = await TmuxSession.start(commandLine(cgDebugArgv(args)), { env, ...size });
  sessions.push(session);
  return session;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('pod picker', () => {
  it('-A lists the fixture pods; typing a name, Enter, Enter lands in a shell that sees the app; exit leaves an intact terminal', async () => {
    const term = await picker(['-A']);
    await term.waitForText(/all namespaces +\d+ pods/, 60_000);
    for (const [namespace, pods] of Object.entries(FIXTURE_PODS)) {
      for (const pod of pods) await term.waitForText(new RegExp(`${escape(namespace)} +${escape(pod)} `, 'm'), 10_000, { history: false });
    }
    // Distroless pods first, each with the -dev image it would use.
    await term.waitForText(/cg-privileged +app +1\/1 +1 +\S*app:1\.2\.3 +\* +app:1\.2\.3-dev/, 5_000, { history: false });

    await term.sendText('/');
    await term.sendText('privapp');
    await term.waitForText(/^\/privapp/m, 5_000, { history: false });
    await term.waitForText(/^> cg-privileged +app /m, 5_000, { history: false });
    await term.sendKeys('Enter');

    // Earlier tests may have left cg-debug containers in this pod: then the container picker comes first.
    const next = await term.waitForText(/which container\?|Enter start/, 60_000, { history: false });
    if (next[0] === 'which container?') {
      await term.waitForText(/^> app +/m, 5_000, { history: false });
      await term.sendKeys('Enter');
      await term.waitForText(/Enter start/, 60_000, { history: false });
    }
    const plan = await term.screen();
    expect(plan).toMatch(/^Debug cg-privileged\/app$/m);
    expect(plan).toMatch(/image +127\.0\.0\.1:5000\/chainguard\/app:1\.2\.3-dev/);
    expect(plan).toMatch(/can read the app's files/);
    await term.sendKeys('Enter');

    await term.waitForText(/^app files: +readable at \/proc\/1\/root/m, 60_000);
    await term.sendText('ps\n');
    await term.waitForText(new RegExp(escape(FIXTURE.appProcess)));
    await term.sendText('exit\n');
    expect(await term.exitCode()).toBe(0);
    await term.expectTerminalIntact();
    // The alternate screen is gone: the shell's scrollback holds no picker frames after the hand-off.
    expect(await term.screen({ history: true })).not.toMatch(/Enter debug/);
  });

  it('shows a pod created while the list is open, without a keypress, at 80x24; q quits with 0', async () => {
    const name = `tui-live-${randomBytes(3).toString('hex')}`;
    const term = await picker(['-n', 'cg-baseline'], { cols: 80, rows: 24 });
    await term.waitForText(/namespace cg-baseline +\d+ pods/, 60_000, { history: false });
    await term.waitForText(/^(> | {2})app +1\/1/m, 10_000, { history: false });
    expect(await term.screen()).not.toContain(name);

    cleanups.push(() => kubectl(['delete', 'pod', '-n', 'cg-baseline', name, '--wait=false'], { kubeconfig: cluster.kubeconfig, reject: false }));
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'cg-baseline' },
      spec: { nodeName: NODE_NAME, automountServiceAccountToken: false, containers: [{ name: 'app', image: IMAGES.app }] },
    };
    await kubectl(['create', '-f', '-'], { kubeconfig: cluster.kubeconfig, input: JSON.stringify(manifest) });
    // Listed once the kubelet reports it Running; no key is pressed meanwhile.
    await term.waitForText(new RegExp(`^ {2}${escape(name)} +1/1`, 'm'), 60_000, { history: false });
    for (const line of (await term.screen()).split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    await term.sendKeys('q');
    expect(await term.exitCode()).toBe(0);
    await term.expectTerminalIntact();
  });

  it('checks the rows on screen against the registry: the pinned pod shows its pinned -dev reference, the pod with no -dev sibling the default image', async () => {
    const term = await picker(['-n', 'cg-baseline'], { cols: 200, rows: 30 });
    await term.waitForText(/namespace cg-baseline +\d+ pods/, 60_000, { history: false });
    const digest = /^[0-9a-f]{12}$/;
    // What direct mode resolves for the pinned pod: the app's tag found for its digest, -dev, pinned.
    const pinned = await term.waitForText(/^ {2}pinned .* (127\.0\.0\.1:5000\/chainguard\/app:1\.2\.3-dev@([0-9a-f]+)) +\d/m, 30_000, { history: false });
    expect(pinned[2]).toMatch(digest);
    // The image has no -dev sibling: the default debug image (pinned to the digest the registry answered),
    // checked (no mark), never a nodev:1.0-dev guess.
    await term.waitForText(new RegExp(`^ {2}nodev .* ${escape(IMAGES.wolfiBase)}@[0-9a-f]{12} +\\d`, 'm'), 30_000, { history: false });
    const screen = await term.screen();
    expect(screen).not.toMatch(/nodev:1\.0-dev/);
    expect(screen).not.toMatch(/[…?] +\d+[smhd] /);
    await term.sendKeys('q');
    expect(await term.exitCode()).toBe(0);
    await term.expectTerminalIntact();
  });
});
