// `cg-debug POD` on the real cluster: the built binary, a real terminal (tmux) for the shell, and the
// real API server, kubelet and registry behind it. Each scenario is one of the direct-mode issue's
// "done when" lines.
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { execa } from 'execa';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cgDebugArgv, cgDebugEnv, runCgDebug, commandLine, FIXTURE, IMAGES, kubectlJson, type ClusterInfo } from './support/cluster.js';
import { TmuxSession } from './support/tmux.js';

interface PodJson {
  spec: { ephemeralContainers?: { name: string; image: string; targetContainerName?: string; securityContext?: { runAsUser?: number } }[] };
  status: { ephemeralContainerStatuses?: { name: string; state?: { running?: object; terminated?: { exitCode: number } } }[] };
}

let cluster: ClusterInfo;
const sessions: TmuxSession[] = [];

beforeAll(() => {
  cluster = inject('cluster');
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

async function shell(args: string[]): Promise<TmuxSession> {
  const session = await TmuxSession.start(commandLine(cgDebugArgv(args)), { env: env() });
  sessions.push(session);
  return session;
}

function pod(namespace: string, name: string): Promise<PodJson> {
  return kubectlJson<PodJson>(['get', 'pod', '-n', namespace, name], { kubeconfig: cluster.kubeconfig });
}

describe('interactive shell', () => {
  it('gives a prompt that sees the app, reads its files, and returns an intact terminal with code 0', async () => {
    const term = await shell(['-n', 'cg-privileged', 'app', '--new']);
    await term.waitForText(/app files: +readable at \/proc\/1\/root/, 60_000);
    await term.sendText('ps\n');
    await term.waitForText(new RegExp(FIXTURE.appProcess.replaceAll('/', '\\/')));
    await term.sendText(`cat /proc/1/root${FIXTURE.configPath}\n`);
    await term.waitForText(new RegExp(FIXTURE.secret));
    await term.sendText('cat /etc/cg-fixture-image\n');
    await term.waitForText(new RegExp(`^${FIXTURE.markers.appDev}$`, 'm'));
    await term.sendText('exit\n');
    expect(await term.exitCode()).toBe(0);
    await term.expectTerminalIntact();
  });

  it('passes Ctrl-C to the shell instead of ending cg-debug', async () => {
    const term = await shell(['-n', 'cg-privileged', 'app']);
    await term.waitForText(/^packages: /m, 60_000);
    await term.sendText('sleep 300; echo __AFTER_SLEEP\n');
    await term.sendKeys('C-c');
    await term.sendText("echo __STILL_''HERE\n");
    await term.waitForText(/^__STILL_HERE$/m);
    await term.sendText('exit 3\n');
    expect(await term.exitCode()).toBe(3);
    await term.expectTerminalIntact();
  });
  it('Ctrl-C while waiting for the container ends cg-debug with 130 and an intact terminal', async () => {
    // A registry that accepts connections and never answers: the kubelet's pull hangs, so the container
    // never runs and the wait is still going when Ctrl-C comes (a missing tag failed the pull first, at times).
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('data', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const term = await shell(['-n', 'cg-baseline', 'nodev', '--offline', '--image', `127.0.0.1:${port}/silent/debug:1`, '--new']);
      await term.waitForText(/^✓ added cg-debug-[a-z0-9]{5}$/m, 60_000);
      await term.sendKeys('C-c');
      expect(await term.exitCode()).toBe(130);
      expect(await term.screen({ history: true })).toMatch(/interrupted/);
      await term.expectTerminalIntact();
    } finally {
      // The kubelet syncs a pod's containers one at a time: a pull left hanging would hold up the next
      // test's container in this pod. Cut it, so the pull fails at once.
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('signals during the shell', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)('%s restores the terminal, exits 130 and says how to reattach', async (signal) => {
    const name = `sig-${signal.toLowerCase()}-${Date.now().toString(36)}`;
    const term = await shell(['-n', 'cg-privileged', 'app', '--name', name]);
    await term.waitForText(/^packages: /m, 60_000);
    const { stdout } = await execa('pgrep', ['-f', '--', `--name ${name}`]);
    process.kill(Number(stdout.trim().split('\n')[0]), signal);
    expect(await term.exitCode()).toBe(130);
    expect(await term.screen({ history: true })).toMatch(/keeps running[\s\S]*hint: run cg-debug -n cg-privileged app again for a new shell in it/);
    await term.expectTerminalIntact();
  });
});

describe('command mode', () => {
  it('exits with the command exit code and keeps stdout and stderr apart', async () => {
    const seven = await cgDebug(['-n', 'cg-baseline', 'app', '--', 'sh', '-c', 'exit 7']);
    expect(seven.exitCode, seven.stderr).toBe(7);
    const streams = await cgDebug(['-n', 'cg-baseline', 'app', '-q', '--', 'sh', '-c', 'echo to-out; echo to-err >&2']);
    expect(streams.exitCode, streams.stderr).toBe(0);
    expect(streams.stdout).toBe('to-out');
    expect(streams.stderr).toContain('to-err');
    expect(streams.stderr).not.toContain('to-out');
  });

  it('reuses the running debug container on a second run instead of adding another', async () => {
    const first = await cgDebug(['-n', 'cg-baseline', 'runas', '--', 'id', '-u']);
    expect(first.exitCode, first.stderr).toBe(0);
    const before = (await pod('cg-baseline', 'runas')).spec.ephemeralContainers ?? [];
    const second = await cgDebug(['-n', 'cg-baseline', 'runas', '--', 'id', '-u']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/reusing (running )?debug container cg-debug-[a-z0-9]{5}/);
    const after = (await pod('cg-baseline', 'runas')).spec.ephemeralContainers ?? [];
    expect(after.map((c) => c.name)).toEqual(before.map((c) => c.name));
    // The pod sets runAsUser 1000: the debug shell runs as the app's user.
    expect(second.stdout).toBe('1000');
  });

  it('runs as the app user under restricted and can read the app files', async () => {
    const result = await cgDebug(['-n', 'cg-restricted', 'app', '--', 'sh', '-c', `id -u; cat /proc/1/root${FIXTURE.configPath}`]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(String(FIXTURE.nonrootUid));
    expect(result.stdout).toContain(FIXTURE.secret);
    expect(result.stderr).toMatch(/profile auto -> restricted/);
  });

  it('as root in a privileged namespace can install packages and still read the app files', async () => {
    const result = await cgDebug(['-n', 'cg-privileged', 'app', '--as-root', '--', 'sh', '-c', `id -u; apk add curl; cat /proc/1/root${FIXTURE.configPath}`]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^0$/m);
    expect(result.stdout).toContain(FIXTURE.apkBanner);
    expect(result.stdout).toContain(FIXTURE.secret);
  });

  it('as root in a baseline namespace says the app files will not be readable, and they are not', async () => {
    const result = await cgDebug(['-n', 'cg-baseline', 'app', '--as-root', '--', 'ls', `/proc/1/root/`]);
    expect(result.stderr).toMatch(/not be readable|cannot read/);
    expect(result.exitCode).not.toBe(0);
  });

  // kubectl's spellings of a workload all reach the same pod.
  it.each(['deploy/web', 'Deployment/web', 'deployments.apps/web'])('resolves %s to its running pod', async (arg) => {
    const result = await cgDebug(['-n', 'cg-baseline', arg, '--dry-run', '-o', 'json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ pod: 'cg-baseline/web-1' });
  });
});

describe('dry run and the image mapping', () => {
  it('prints the ephemeral container and the exact patch, and changes nothing', async () => {
    const before = (await pod('cg-baseline', 'two')).spec.ephemeralContainers ?? [];
    const result = await cgDebug(['-n', 'cg-baseline', 'two', '--dry-run', '-o', 'json', '--new']);
    expect(result.exitCode, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout) as { patch: { body: { spec: { ephemeralContainers: unknown[] } } } };
    expect(doc).toMatchObject({
      pod: 'cg-baseline/two',
      target: 'app',
      image: { image: IMAGES.appDev, rule: 'tag-dev', verified: 'exists' },
      // Pinned: the -dev digest the registry answered is the one that runs.
      ephemeralContainer: { image: expect.stringMatching(new RegExp(`^${IMAGES.appDev.replaceAll('.', '\\.')}@sha256:[0-9a-f]{64}$`)), targetContainerName: 'app', stdin: true, command: expect.arrayContaining(['cg-debug-holder']) },
      patch: { body: { spec: { ephemeralContainers: [{ targetContainerName: 'app' }] } } },
    });
    expect(doc.patch.body.spec.ephemeralContainers).toHaveLength(1);
    expect(doc).not.toHaveProperty('ephemeralContainer.tty');
    expect((await pod('cg-baseline', 'two')).spec.ephemeralContainers ?? []).toEqual(before);
  });

  it('dev-image names the -dev sibling the registry has, and the default image when there is none', async () => {
    const app = await cgDebug(['dev-image', IMAGES.app]);
    expect(app.exitCode, app.stderr).toBe(0);
    // The first line is the exact reference the debug container would run: pinned by the digest checked.
    expect(app.stdout.split('\n')[0]).toMatch(new RegExp(`^${IMAGES.appDev.replaceAll('.', '\\.')}@sha256:[0-9a-f]{64}$`));
    expect(app.stderr).toMatch(/tag-dev/);
    const nodev = await cgDebug(['dev-image', IMAGES.nodev, '-o', 'json']);
    expect(JSON.parse(nodev.stdout)).toMatchObject({ image: IMAGES.wolfiBase, rule: 'default-image', verified: 'exists' });
  });
});

describe('honest guesses', () => {
  it('an image that is not Chainguard\'s gets the default debug image offline, not a made-up -dev tag', async () => {
    const result = await cgDebug(['-n', 'cg-baseline', 'nodev', '--offline', '--dry-run', '-o', 'json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ image: { image: IMAGES.wolfiBase, rule: 'default-image' } });
    expect(result.stderr).toMatch(/nodev:1\.0-dev is only a guess/);
  });
});

describe('errors name the problem and the fix', () => {
  it('a shell without a terminal is refused before anything changes', async () => {
    const before = (await pod('cg-baseline', 'two')).spec.ephemeralContainers ?? [];
    const result = await cgDebug(['-n', 'cg-baseline', 'two', '--new']);
    expect(result.stderr).toMatch(/needs a terminal[\s\S]*hint: .*-- COMMAND/);
    expect(result.exitCode).toBe(64);
    expect((await pod('cg-baseline', 'two')).spec.ephemeralContainers ?? []).toEqual(before);
  });


  it.each([
    {
      name: 'a pod that does not exist suggests the close name',
      args: ['-n', 'cg-baseline', 'ap', '--', 'true'],
      code: 67,
      stderr: /pod.*"?ap"? not found[\s\S]*app/i,
    },
    {
      name: 'a container that does not exist lists the containers',
      args: ['-n', 'cg-baseline', 'two', '--target', 'nope', '--', 'true'],
      code: 67,
      stderr: /nope[\s\S]*app[\s\S]*sidecar/,
    },
    {
      name: 'a privileged profile in a restricted namespace names the violation and a profile that passes',
      args: ['-n', 'cg-restricted', 'app', '--profile', 'sysadmin', '--new', '--', 'true'],
      code: 70,
      stderr: /privileged[\s\S]*--profile (auto|restricted)/,
    },
    {
      name: 'a non-existent --image fails with the kubelet reason',
      args: ['-n', 'cg-baseline', 'nodev', '--image', `${IMAGES.nodev.replace(':1.0', '')}:does-not-exist`, '--new', '--timeout', '30s', '--', 'true'],
      code: 72,
      stderr: /(ErrImagePull|ImagePullBackOff)[\s\S]*does-not-exist/,
    },
  ])('$name', async ({ args, code, stderr }) => {
    const result = await cgDebug(args);
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr).toMatch(/hint: /);
    expect(result.exitCode).toBe(code);
  });

  it('a user without patch pods/ephemeralcontainers is told which permission is missing', async () => {
    const result = await cgDebug(['-n', 'cg-baseline', 'app', '--new', '--', 'true'], cluster.viewerKubeconfig);
    expect(result.stderr).toMatch(/patch pods\/ephemeralcontainers/);
    expect(result.exitCode).toBe(69);
  });

  it('a kubeconfig context that does not exist is a config error', async () => {
    const result = await cgDebug(['--context', 'nope', '-n', 'cg-baseline', 'app', '--', 'true']);
    expect(result.stderr).toMatch(/nope/);
    expect(result.exitCode).toBe(65);
  });
});
