import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { App } from '../../src/tui/App.js';
import { colorEnabled } from '../../src/tui/model/theme.js';
import { makePod } from './support/pods.js';
import { NOW } from './support/harness.js';
import type { PodListEvent } from '../../src/kube/watch-running-pods.js';
import { DEFAULT_IMAGE_MAPPING } from '../../src/core/dev-image.js';

/** A terminal whose size the test controls; ink writes whole frames to it (debug mode). */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
  get lastFrame(): string {
    return this.frames[this.frames.length - 1] ?? '';
  }
}

class FakeInput extends EventEmitter {
  isTTY = true;
  setRawMode = () => this;
  setEncoding = () => this;
  read = () => null;
  ref = () => this;
  unref = () => this;
  resume = () => this;
  pause = () => this;
}

const wait = (ms = 60) => new Promise((r) => setTimeout(r, ms));

async function mount(columns: number, rows: number, pods: number) {
  const stdout = new FakeTerminal(columns, rows);
  let emit: ((e: PodListEvent) => void) | undefined;
  const instance = render(
    <App
      deps={{
        watchPods: (_ns, signal, onEvent) => {
          emit = onEvent;
          return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        },
        listNamespaces: async () => [],
        countShells: async () => null,
        plan: () => new Promise(() => undefined),
        start: () => new Promise(() => undefined),
        checkDevImage: () => new Promise(() => undefined),
        now: () => NOW,
      }}
      namespace="shop"
      allNamespaces
      yes={false}
      mapping={DEFAULT_IMAGE_MAPPING}
      kubeContext="kind-test"
      color={false}
      onOutcome={() => undefined}
    />,
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: new FakeInput() as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    },
  );
  await wait();
  emit?.({
    type: 'reset',
    pods: Array.from({ length: pods }, (_, i) =>
      makePod({
        name: `checkout-service-with-a-long-name-${String(i).padStart(3, '0')}`,
        namespace: i % 2 ? 'payments-production' : 'shop',
        image: 'cgr.dev/chainguard/python:3.12.4@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
      }),
    ),
  });
  await wait();
  return { stdout, instance };
}

const lines = (frame: string) => frame.replace(/\n$/, '').split('\n');

describe('terminal size', () => {
  it('fits 80x24: no line wider than 80, one line less than the terminal, rows windowed', async () => {
    const { stdout, instance } = await mount(80, 24, 500);
    const frame = lines(stdout.lastFrame);
    expect(frame.length).toBeLessThanOrEqual(23);
    for (const line of frame) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame.filter((l) => l.includes('checkout'))).toHaveLength(19);
    expect(frame.join('\n')).toMatch(/NAMESPACE\s+POD/);
    expect(frame.join('\n')).toContain('500 pods, 500 distroless');
    instance.unmount();
  });

  it('redraws for the new size on resize', async () => {
    const { stdout, instance } = await mount(80, 24, 100);
    stdout.resize(160, 40);
    await vi.waitFor(() => expect(lines(stdout.lastFrame).filter((l) => l.includes('checkout'))).toHaveLength(35));
    let frame = lines(stdout.lastFrame);
    expect(frame.join('\n')).toMatch(/NODE/);
    expect(Math.max(...frame.map((l) => l.length))).toBeGreaterThan(100);
    stdout.resize(60, 12);
    await vi.waitFor(() => expect(lines(stdout.lastFrame).filter((l) => l.includes('checkout'))).toHaveLength(7));
    frame = lines(stdout.lastFrame);
    expect(frame.length).toBeLessThanOrEqual(11);
    for (const line of frame) expect(line.length).toBeLessThanOrEqual(60);
    instance.unmount();
  });
});

describe('NO_COLOR', () => {
  it.each([
    { env: {}, want: true },
    { env: { NO_COLOR: '' }, want: true },
    { env: { NO_COLOR: '1' }, want: false },
  ])('$env -> color $want', ({ env, want }) => {
    expect(colorEnabled(env)).toBe(want);
  });
});
