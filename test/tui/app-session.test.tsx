import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { ForbiddenError, ImagePullError } from '../../src/core/errors.js';
import { makePod } from './support/pods.js';
import { makePlan } from './support/plan.js';
import { KEYS, renderApp } from './support/harness.js';

afterEach(() => cleanup());

// Both are distroless: two sorts first, web last.
const web = makePod({ name: 'web', namespace: 'shop' });
const two = makePod({
  name: 'two',
  namespace: 'shop',
  containers: [
    { name: 'sidecar', image: 'nginx:1.25' },
    { name: 'main', image: 'cgr.dev/chainguard/go:1.22' },
  ],
  defaultContainer: 'main',
  debug: [{ name: 'cg-debug-k2x9q', image: 'cgr.dev/chainguard/go:1.22-dev', target: 'main', running: true }],
});

async function listed(options: Parameters<typeof renderApp>[0] = {}) {
  const app = renderApp(options);
  await app.settle();
  app.list([web, two]);
  await app.settle();
  return app;
}

describe('namespaces', () => {
  it('Tab lists all namespaces with a namespace column, and back', async () => {
    const app = await listed();
    await app.press(KEYS.tab);
    expect(app.watches.map((w) => w.namespace)).toEqual(['shop', undefined]);
    expect(app.watches[0]?.signal.aborted).toBe(true);
    app.list([web, makePod({ name: 'coredns', namespace: 'kube-system', image: 'registry.k8s.io/coredns/coredns:v1.11.1' })]);
    await app.settle();
    const frame = app.frame();
    expect(frame).toContain('all namespaces');
    expect(frame).toMatch(/NAMESPACE\s+POD/);
    expect(frame).toMatch(/kube-system\s+coredns/);
    await app.press(KEYS.tab);
    expect(app.watches.map((w) => w.namespace)).toEqual(['shop', undefined, 'shop']);
  });

  it('n picks a namespace by typing part of its name', async () => {
    const app = await listed({ namespaces: ['default', 'kube-system', 'shop', 'staging'] });
    await app.press('n');
    let frame = app.frame();
    expect(frame).toContain('Namespace');
    expect(frame).toMatch(/staging/);
    await app.press('s', 't', 'g');
    frame = app.frame();
    expect(frame).toMatch(/^> staging/m);
    expect(frame).not.toContain('kube-system');
    await app.press(KEYS.enter);
    expect(app.watches[app.watches.length - 1]?.namespace).toBe('staging');
    expect(app.frame()).toContain('namespace staging');
  });

  // N6: a hostile API server's namespace list reaches the picker: no escape sequence reaches the terminal.
  it('never prints escape sequences from namespace names', async () => {
    const app = await listed({ namespaces: ['default', 'ns\u001b]0;pwned\u0007\u001b[2J', 'shop'] });
    await app.press('n');
    const frame = app.frame();
    expect(frame).toMatch(/default/);
    expect(frame).not.toContain('pwned');
    expect(frame).not.toContain('\u001b');
  });

  it('offers known namespaces when listing them is forbidden', async () => {
    const app = await listed({ namespaces: new Error('namespaces is forbidden') });
    await app.press('n');
    const frame = app.frame();
    expect(frame).toContain('cannot list namespaces: namespaces is forbidden');
    expect(frame).toMatch(/^> shop \(current\)/m);
    await app.press(KEYS.esc);
    expect(app.frame()).toContain('POD');
  });
});

describe('container picker', () => {
  it('marks the default container and lists running cg-debug containers to reattach', async () => {
    const app = await listed();
    await app.press('/', 't', 'w', 'o', KEYS.enter);
    const frame = app.frame();
    expect(frame).toContain('Debug shop/two: which container?');
    expect(frame).toMatch(/^ {2}sidecar\s+nginx:1\.25/m);
    expect(frame).toMatch(/^> main\s+cgr\.dev\/chainguard\/go:1\.22\s+default/m);
    expect(frame).toContain('Running cg-debug containers (1)');
    // An attached shell (no holder): its TTL column says so, and it is its own one shell.
    expect(frame).toMatch(/^ {2}cg-debug-k2x9q\s+main\s+image's user\s+attached\s+\S+\s+1$/m);
    expect(app.shellCounts).toEqual([]);
    await app.press(KEYS.down, KEYS.enter);
    expect(app.plans[0]?.choice).toEqual({ namespace: 'shop', pod: 'two', target: 'main', reattach: 'cg-debug-k2x9q' });
  });
});

describe('plan, progress and errors', () => {
  it('shows steps while planning, then the plan; Enter starts and the outcome hands off', async () => {
    const app = await listed();
    await app.press('G', KEYS.enter);
    const plan = app.plans[0];
    expect(plan?.choice).toEqual({ namespace: 'shop', pod: 'web', target: 'app' });
    plan?.onStep({ id: 'pod', status: 'start', message: 'reading pod shop/web', at: 10 });
    plan?.onStep({ id: 'pod', status: 'done', message: 'pod shop/web is running', at: 120 });
    plan?.onStep({ id: 'image', status: 'start', message: 'checking cgr.dev/chainguard/nginx:1.25-dev', at: 130 });
    await app.settle();
    let frame = app.frame();
    expect(frame).toContain('Planning…');
    expect(frame).toContain('✓ pod shop/web is running  +0.1s');
    expect(frame).toContain('… checking cgr.dev/chainguard/nginx:1.25-dev');
    expect(frame).toContain('Esc back');

    plan?.result.resolve(makePlan({ warnings: ['the app runs as 65532: reading its files needs the same uid'] }));
    await app.settle();
    frame = app.frame();
    expect(frame).toContain('Debug shop/web');
    expect(frame).toMatch(/target\s+app {2}uid 65532 \(from image\), read-only root filesystem/);
    expect(frame).toMatch(/image\s+cgr\.dev\/chainguard\/nginx:1\.25-dev/);
    expect(frame).toContain('tag-dev, exact, found in the registry: cgr.dev tag 1.25 -> 1.25-dev');
    expect(frame).toMatch(/profile\s+auto -> baseline {2}\(namespace enforces baseline\)/);
    expect(frame).toMatch(/container\s+new cg-debug-abcde/);
    expect(frame).toContain("✓ can read the app's files and processes: runs as the app user 65532");
    expect(frame).toContain('✗ cannot install packages (apk add): apk needs root');
    expect(frame).toContain('! the app runs as 65532');
    // The one key that changes the cluster says so.
    expect(frame).toContain('Enter start (changes the cluster)  Esc back');
    expect(app.starts).toEqual([]);

    await app.press(KEYS.enter);
    expect(app.frame()).toContain('Starting the debug container…');
    const start = app.starts[0];
    start?.onStep({ id: 'wait', status: 'info', message: 'waiting for cg-debug-abcde', reason: 'ContainerCreating', at: 900 });
    start?.onStep({ id: 'wait', status: 'info', message: 'waiting for cg-debug-abcde', reason: 'ContainerCreating', at: 1400 });
    await app.settle();
    frame = app.frame();
    expect(frame.match(/\(ContainerCreating\)/g)).toHaveLength(1);
    expect(frame).toContain('+1.4s');
    start?.result.resolve({ container: 'cg-debug-abcde', reused: false, connectBy: 'exec' });
    await app.settle();
    expect(app.outcomes).toEqual([
      {
        kind: 'started',
        choice: { namespace: 'shop', pod: 'web', target: 'app' },
        plan: start?.plan,
        run: { started: { container: 'cg-debug-abcde', reused: false, connectBy: 'exec' }, connect: expect.any(Function) as unknown },
      },
    ]);
  });

  it('--yes skips the plan screen', async () => {
    const app = await listed({ yes: true });
    await app.press('G', KEYS.enter);
    app.plans[0]?.result.resolve(makePlan());
    await app.settle();
    expect(app.starts).toHaveLength(1);
    expect(app.frame()).toContain('Starting the debug container…');
  });

  it('Esc while planning cancels it and returns to the list', async () => {
    const app = await listed();
    await app.press('G', KEYS.enter, KEYS.esc);
    expect(app.plans[0]?.signal.aborted).toBe(true);
    expect(app.frame()).toContain('POD');
    app.plans[0]?.result.resolve(makePlan());
    await app.settle();
    expect(app.frame()).toContain('POD');
  });

  it('Esc on the plan goes back to the list with the cursor where it was', async () => {
    const app = await listed();
    await app.press('j', KEYS.enter);
    app.plans[0]?.result.resolve(makePlan());
    await app.settle();
    await app.press(KEYS.esc);
    expect(app.frame()).toMatch(/^> web/m);
  });

  it('an error while starting shows message, hint and the failed step; Enter returns to the list', async () => {
    const app = await listed({ yes: true });
    await app.press('G', KEYS.enter);
    app.plans[0]?.result.resolve(makePlan());
    await app.settle();
    app.starts[0]?.onStep({ id: 'wait', status: 'start', message: 'waiting for cg-debug-abcde', at: 200 });
    app.starts[0]?.onStep({ id: 'wait', status: 'info', message: 'waiting', reason: 'ImagePullBackOff', at: 2200 });
    app.starts[0]?.result.reject(
      new ImagePullError('cannot pull cgr.dev/chainguard/nginx:1.25-dev', { hint: 'pass --image with an image the nodes can pull' }),
    );
    await app.settle();
    const frame = app.frame();
    expect(frame).toContain('✗ waiting for cg-debug-abcde');
    expect(frame).toContain('(ImagePullBackOff)');
    expect(frame).toContain('✗ cannot pull cgr.dev/chainguard/nginx:1.25-dev');
    expect(frame).toContain('hint: pass --image with an image the nodes can pull');
    expect(frame).toContain('Esc back');
    await app.press(KEYS.enter);
    expect(app.frame()).toContain('POD');
    expect(app.outcomes).toEqual([]);
  });

  it('a planning error (RBAC) shows its hint too', async () => {
    const app = await listed();
    await app.press('G', KEYS.enter);
    app.plans[0]?.result.reject(
      new ForbiddenError('cannot get pods in namespace shop', { verb: 'get', resource: 'pods' }, { hint: 'ask for RBAC' }),
    );
    await app.settle();
    expect(app.frame()).toContain('✗ cannot get pods in namespace shop');
    expect(app.frame()).toContain('hint: ask for RBAC');
  });

  it('Ctrl-C while starting quits with 130', async () => {
    const app = await listed({ yes: true });
    await app.press('G', KEYS.enter);
    app.plans[0]?.result.resolve(makePlan());
    await app.settle();
    expect(app.frame()).toContain('Ctrl-C cancel and quit');
    await app.press(KEYS.ctrlC);
    expect(app.outcomes).toEqual([{ kind: 'quit', exitCode: 130 }]);
  });
});
