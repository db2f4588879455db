// Upstream `kubectl debug` against the local cluster, independent of cg-debug: proves that an
// ephemeral -dev container targeting the distroless app sees its processes and its filesystem.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { FIXTURE, IMAGES, KUBECTL, commandLine } from './support/cluster.js';
import { TmuxSession } from './support/tmux.js';

const cluster = inject('cluster');

describe('kubectl debug baseline', () => {
  let tmux: TmuxSession | undefined;
  afterEach(async () => {
    await tmux?.kill();
    tmux = undefined;
  });

  it('opens a shell in the -dev image that sees the app as PID 1 and its files', async () => {
    tmux = await TmuxSession.start(
      commandLine([
        KUBECTL,
        '--kubeconfig',
        cluster.kubeconfig,
        'debug',
        '-it',
        '-n',
        'cg-privileged',
        'app',
        `--image=${IMAGES.appDev}`,
        '--target=app',
        '--',
        'sh',
      ]),
      { cols: 140, rows: 40 },
    );
    // busybox sh's prompt for a non-root user.
    await tmux.waitForText(/^\/ \$$/m, 60_000);

    await tmux.sendText('ps -o pid,user,args\n');
    await tmux.waitForText(new RegExp(`^\\s*1\\s+nonroot\\s+${FIXTURE.appProcess}$`, 'm'));

    await tmux.sendText(`cat /proc/1/root${FIXTURE.configPath}\n`);
    await tmux.waitForText(new RegExp(`^token=${FIXTURE.secret}$`, 'm'));

    await tmux.sendText('cat /etc/cg-fixture-image; id -u\n');
    await tmux.waitForText(new RegExp(`^${FIXTURE.markers.appDev}\\n${String(FIXTURE.nonrootUid)}$`, 'm'));

    await tmux.sendText('apk add curl\n');
    await tmux.waitForText(new RegExp(FIXTURE.apkNonRootError));

    await tmux.sendText('exit\n');
    expect(await tmux.exitCode()).toBe(0);
    await tmux.expectTerminalIntact();
  });
});
