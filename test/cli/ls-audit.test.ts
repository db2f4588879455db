// N15: ls execs the shell count into every running holder it lists: that touches pods, so it is audited.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { V1ContainerState } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { runLs } from '../../src/cli/ls-command.js';
import { toOptions } from '../../src/cli/options.js';
import { output } from '../../src/cli/output.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { frame, type FakeSocket } from '../session/support/fake-api.js';
import { auditLines } from '../session/support/temp-audit.js';
import { exitStatus, fakeApis, firstPlan, withDebugContainer } from '../session/support/web-pod.js';

const api = fakeApis();

describe('ls audit', () => {
  it('names the containers the shell count ran in', async () => {
    const plan = await firstPlan(api);
    const onExec = (socket: FakeSocket): void => {
      socket.send(frame(1, '1\n'));
      socket.send(exitStatus(0));
      socket.close(1000);
    };
    const fake = await api({ pod: withDebugContainer(plan, { running: {} } as V1ContainerState), onExec });
    const dir = mkdtempSync(join(tmpdir(), 'cg-ls-audit-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, fake.kube.kc.exportConfig());
    const options = toOptions(parseArgv(['ls', 'web', '-n', 'shop', '--kubeconfig', kubeconfig]), {
      stdoutIsTTY: false,
      stdinIsTTY: false,
      stateEnv: { XDG_STATE_HOME: join(dir, 'state') },
    });
    if (options.kind !== 'ls') throw new Error('not ls');
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    expect(await runLs(options, output({ stdout, stderr }), new AbortController().signal)).toBe(0);
    expect(String(stdout.read())).toMatch(/web\s+cg-debug-aaaaa\s+app\s[\s\S]*\s1$/m);
    expect(auditLines(join(dir, 'state', 'cg-debug', 'audit.jsonl'))).toEqual([
      expect.objectContaining({ action: 'ls', namespace: 'shop', pod: 'web', counted: ['shop/web/cg-debug-aaaaa'], exitCode: 0 }),
    ]);
  });
});
