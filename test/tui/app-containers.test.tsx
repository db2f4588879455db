import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { makePod } from './support/pods.js';
import { KEYS, NOW, renderApp } from './support/harness.js';

afterEach(() => cleanup());

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const name = (i: number) => `cg-debug-${String(i).padStart(5, '0')}`;

/** A pod with an app container, a sidecar and 30 running holders (the oldest first), each 10 minutes apart. */
const crowded = makePod({
  name: 'checkout',
  namespace: 'shop',
  containers: [
    { name: 'app', image: 'cgr.dev/chainguard/python:3.12' },
    { name: 'sidecar', image: 'cgr.dev/chainguard/nginx:1.27' },
  ],
  defaultContainer: 'app',
  debug: Array.from({ length: 30 }, (_, i) => ({
    name: name(i),
    image: `127.0.0.1:5000/chainguard/python:3.12-dev@${DIGEST}`,
    target: 'app',
    running: true,
    ttlSeconds: 86_400,
    uid: i % 2 ? 0 : 65532,
    started: new Date(NOW - (30 - i) * 600_000).toISOString(),
  })),
});

async function picker(size: { columns: number; rows: number }) {
  const app = renderApp({ size });
  await app.settle();
  app.list([crowded]);
  await app.settle();
  await app.press(KEYS.enter);
  return app;
}

const lines = (frame: string) => frame.replace(/\n$/, '').split('\n');

function fits(frame: string, size: { columns: number; rows: number }): void {
  const all = lines(frame);
  expect(all.length).toBeLessThanOrEqual(size.rows - 1);
  for (const line of all) expect(line.length).toBeLessThanOrEqual(size.columns);
}

describe('container picker with 30 debug containers', () => {
  it('fits 80x24: title, rows with user, TTL left, age and shells, the selected image, hints', async () => {
    const size = { columns: 80, rows: 24 };
    const app = await picker(size);
    let frame = app.frame();
    fits(frame, size);
    const all = lines(frame);
    expect(all[0]).toMatch(/^Debug shop\/checkout: which container\? {2}↑0 ↓\d+$/);
    expect(frame).toMatch(/^> app\s+cgr\.dev\/chainguard\/python:3\.12\s+default$/m);
    expect(frame).toMatch(/^ {2}NAME\s+TARGET\s+USER\s+TTL LEFT\s+AGE\s+SHELLS$/m);
    // Started 300 minutes ago with a 24h TTL; counting its shells has not answered yet.
    expect(frame).toMatch(/^ {2}cg-debug-00000\s+app\s+uid 65532\s+19h\s+5h\s+…$/m);
    expect(frame).not.toContain(DIGEST);
    expect(frame).toContain('  image cgr.dev/chainguard/python:3.12');
    expect(all[all.length - 1]).toMatch(/^↑↓\/jk move {2}Enter choose {2}Esc back/);

    // Every running holder is asked for its shells; the answers fill the column.
    expect(app.shellCounts.map((c) => c.target.container)).toEqual(Array.from({ length: 30 }, (_, i) => name(i)));
    app.shellCounts[0]?.result.resolve(2);
    app.shellCounts[1]?.result.resolve(null);
    await app.settle();
    frame = app.frame();
    expect(frame).toMatch(/^ {2}cg-debug-00000\s+app\s+uid 65532\s+19h\s+5h\s+2$/m);
    expect(frame).toMatch(/^ {2}cg-debug-00001\s+app\s+root\s+19h10m\s+4h50m\s+\?$/m);

    // To the last one: it scrolls into view, the titles stay on top, the digest shows for it alone.
    await app.press('G');
    frame = app.frame();
    fits(frame, size);
    expect(lines(frame)[0]).toMatch(/^Debug shop\/checkout: which container\? {2}↑\d+ ↓0$/);
    expect(lines(frame)[1]).toMatch(/^ {2}NAME\s+TARGET/);
    expect(frame).toMatch(/^> cg-debug-00029\s+app\s+root\s+23h50m\s+10m\s+…$/m);
    expect(frame).not.toContain('cg-debug-00000');
    expect(frame).toContain('  image 127.0.0.1:5000/chainguard/python:3.12-dev@sha256:0123456789abcdef012345…');
    await app.press(KEYS.enter);
    expect(app.plans[0]?.choice).toEqual({ namespace: 'shop', pod: 'checkout', target: 'app', reattach: name(29) });
  });

  it('fits 50x12 and keeps the selection in view while moving', async () => {
    const size = { columns: 50, rows: 12 };
    const app = await picker(size);
    for (let i = 0; i < 31; i++) {
      await app.press('j');
      const frame = app.frame();
      fits(frame, size);
      const all = lines(frame);
      expect(all[0]).toContain('Debug shop/checkout: which');
      expect(all[all.length - 1]).toContain('move');
      expect(frame).toMatch(/^> /m);
    }
    const frame = app.frame();
    expect(frame).toMatch(/^> cg-debug-00029 +root +23h50m +10m +…$/m);
    // Leaving the picker stops the counts still running.
    await app.press(KEYS.esc);
    expect(app.shellCounts.every((c) => c.signal.aborted)).toBe(true);
  });
});
