// N10/M3: every command that reaches the cluster ends a running exec credential plugin at the first
// Ctrl-C. The plugin here sleeps; the run is aborted once it has started; the command must end with
// InterruptedError at once (without the signal it would wait for the plugin's 60 s deadline).
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOptions } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { runSubcommand, type SubcommandOptions } from '../../src/cli/subcommands.js';
import { InterruptedError } from '../../src/core/errors.js';

let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cg-debug-plugin-signal-'));
  await writeFile(path.join(dir, 'plugin'), '#!/bin/sh\ntouch "$MARK"\nexec sleep 30\n');
  await chmod(path.join(dir, 'plugin'), 0o755);
  kubeconfig = path.join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1' } }],
      users: [{ name: 'u', user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: path.join(dir, 'plugin'), env: [{ name: 'MARK', value: path.join(dir, 'started') }], interactiveMode: 'Never' } } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      'current-context': 'x',
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function started(file: string): Promise<void> {
  while (!existsSync(file)) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('the first signal ends an exec credential plugin', () => {
  it.each([
    { name: 'ls', argv: ['ls'] },
    { name: 'stop', argv: ['stop', 'web'] },
    { name: 'cp', argv: ['cp', 'web:/etc/hostname', 'OUT'] },
    { name: 'packages', argv: ['packages', 'web'] },
    { name: 'doctor', argv: ['doctor'] },
  ])('$name', async ({ argv }) => {
    await rm(path.join(dir, 'started'), { force: true });
    const args = [...argv.map((a) => a.replace('OUT', path.join(dir, 'out'))), '--kubeconfig', kubeconfig];
    const options = toOptions(parseArgv(args), { stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: false, stateEnv: { XDG_STATE_HOME: path.join(dir, 'state') } });
    const controller = new AbortController();
    const io = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
    const run = runSubcommand(options as SubcommandOptions, { io: io as never, signal: controller.signal });
    const outcome = run.then(
      (code) => ({ code }),
      (error: unknown) => ({ error }),
    );
    await started(path.join(dir, 'started'));
    controller.abort(new InterruptedError('interrupted by SIGINT'));
    const result = await outcome;
    if ('code' in result) {
      // doctor reports a failed check instead of throwing: the kubeconfig check names the interruption.
      expect(argv[0]).toBe('doctor');
      expect(io.stdout.read()?.toString()).toMatch(/interrupted while the credential plugin/);
    } else {
      expect(result.error).toBeInstanceOf(InterruptedError);
    }
  }, 20_000);
});
