import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Kube } from '../../src/kube/client.js';
import { runTui, type TuiFlags, type TuiHost } from '../../src/tui/run-tui.js';
import { localKube } from '../support/local-kube.js';
import { makePod } from './support/pods.js';
import { DEFAULT_IMAGE_MAPPING } from '../../src/core/dev-image.js';
import { fakeApi as sessionApi, frame, type FakeApi } from '../session/support/fake-api.js';
import { APP, exitStatus, REQUEST } from '../session/support/web-pod.js';

class FakeTerminal extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  output = '';
  write = (chunk: string): boolean => {
    this.output += chunk;
    return true;
  };
}

class FakeKeyboard extends EventEmitter {
  isTTY = true;
  isRaw = false;
  rawModes: boolean[] = [];
  private queue: string[] = [];
  setRawMode = (raw: boolean) => {
    this.isRaw = raw;
    this.rawModes.push(raw);
    return this;
  };
  setEncoding = () => this;
  ref = () => this;
  unref = () => this;
  resume = () => this;
  pause = () => this;
  read = () => this.queue.shift() ?? null;
  type(text: string): void {
    this.queue.push(text);
    this.emit('readable');
  }
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

/** An API server with two running pods in `shop`; watches stay open. */
async function fakeApi(): Promise<Kube> {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.includes('watch=true')) return;
    if (req.url?.startsWith('/api/v1/namespaces/shop/pods')) {
      res.end(JSON.stringify({ kind: 'PodList', metadata: { resourceVersion: '1' }, items: [makePod({ name: 'web', namespace: 'shop' })] }));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  return localKube(server);
}

const FLAGS: TuiFlags = {
  namespace: 'shop',
  allNamespaces: false,
  yes: false,
  loop: false,
  quiet: false,
  request: {
    profile: 'auto',
    asRoot: false,
    forceNew: false,
    timeoutMs: 1000,
    ttlSeconds: 3600,
    offline: true,
    mapping: DEFAULT_IMAGE_MAPPING,
  },
};

function host(kube: Kube, stdout: FakeTerminal, stdin: FakeKeyboard, signal: AbortSignal): TuiHost {
  return {
    kube,
    signal,
    io: {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: stdout as unknown as NodeJS.WriteStream,
    },
    now: () => Date.parse('2024-01-01T01:00:00Z'),
    env: { NO_COLOR: '1' },
  };
}

describe('runTui', () => {
  it('lists pods from the API and restores the terminal when the user quits', async () => {
    const kube = await fakeApi();
    const stdout = new FakeTerminal();
    const stdin = new FakeKeyboard();
    const done = runTui(FLAGS, host(kube, stdout, stdin, new AbortController().signal));
    await vi.waitFor(() => expect(stdout.output).toContain('web'));
    expect(stdout.output.startsWith('\u001b[?1049h\u001b[H\u001b[2J')).toBe(true);
    expect(stdin.isRaw).toBe(true);
    stdin.type('q');
    await expect(done).resolves.toBe(0);
    expect(stdout.output.endsWith('\u001b[?1049l\u001b[?25h')).toBe(true);
    expect(stdin.rawModes[stdin.rawModes.length - 1]).toBe(false);
  });

  it('an abort (SIGTERM) closes the UI with 130 and restores the terminal', async () => {
    const kube = await fakeApi();
    const stdout = new FakeTerminal();
    const stdin = new FakeKeyboard();
    const controller = new AbortController();
    const done = runTui(FLAGS, host(kube, stdout, stdin, controller.signal));
    await vi.waitFor(() => expect(stdout.output).toContain('web'));
    controller.abort();
    await expect(done).resolves.toBe(130);
    expect(stdout.output.endsWith('\u001b[?1049l\u001b[?25h')).toBe(true);
    expect(stdin.isRaw).toBe(false);
  });
});

describe('runTui starting a shell', () => {
  let api: FakeApi | undefined;
  afterEach(() => api?.close());

  it('execs as soon as the runtime runs the container, before the pod status says Running (as direct mode does)', async () => {
    let attempts = 0;
    api = await sessionApi({
      pod: APP,
      // The status never gets to Running: only an exec that does not wait for it reaches the shell.
      states: [{ waiting: { reason: 'ContainerCreating' } }],
      onExec: (socket) => {
        attempts++;
        if (attempts === 1) {
          // The kubelet's answer while the runtime does not run the container yet.
          socket.send(frame(3, JSON.stringify({ status: 'Failure', code: 500, message: 'unable to upgrade connection: container not found ("cg-debug-aaaaa")' })));
        } else {
          socket.send(frame(1, 'prompt$ '));
          socket.send(exitStatus(0));
        }
        socket.close(1000);
      },
    });
    const stdout = new FakeTerminal();
    const stdin = new FakeKeyboard();
    const done = runTui({ ...FLAGS, yes: true, request: REQUEST }, host(api.kube, stdout, stdin, new AbortController().signal));
    await vi.waitFor(() => expect(stdout.output).toContain('web'));
    stdin.type('\r');
    const code = await Promise.race([done, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(code).toBe(0);
    expect(attempts).toBe(2);
    expect(api.pod().status?.ephemeralContainerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    // The picker is gone before the shell prints; the start's progress went on to the terminal.
    const afterPicker = stdout.output.slice(stdout.output.lastIndexOf('\u001b[?1049l'));
    expect(afterPicker).toContain('prompt$ ');
    expect(afterPicker).toMatch(/shell in cg-debug-/);
  });
});
