import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { debugFacts, debugRows, runningSummary, stateText, userText, type DebugFacts, type DebugRow } from '../../src/core/debug-rows.js';
import { debugContainersOf } from '../../src/core/target.js';
import { holderCommand } from '../../src/core/holder.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const DIGEST = `sha256:${'a'.repeat(64)}`;

function pod(ephemeral: { name: string; command?: string[]; runAsUser?: number; state?: object; imageID?: string }[]): V1Pod {
  return {
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      containers: [{ name: 'app' }],
      ephemeralContainers: ephemeral.map((e) => ({
        name: e.name,
        image: 'reg/app:1-dev',
        targetContainerName: 'app',
        ...(e.command ? { command: e.command } : {}),
        ...(e.runAsUser === undefined ? {} : { securityContext: { runAsUser: e.runAsUser } }),
      })),
    },
    status: {
      ephemeralContainerStatuses: ephemeral
        .filter((e) => e.state)
        .map((e) => ({ name: e.name, image: 'reg/app:1-dev', imageID: e.imageID ?? '', ready: false, restartCount: 0, state: e.state as object })),
    },
  } as V1Pod;
}

const base: DebugRow = {
  namespace: 'shop',
  pod: 'web',
  container: 'cg-debug-aaaaa',
  target: 'app',
  image: 'reg/app:1-dev',
  digest: null,
  uid: null,
  state: 'running',
  connectBy: 'exec',
  ttlSeconds: 3600,
  ttlLeftSeconds: 3000,
  reason: null,
  exitCode: null,
  startedAt: '2026-11-30T11:50:00Z',
  finishedAt: null,
  ageSeconds: 600,
  shells: null,
};

describe('debugRows', () => {
  it.each<{ name: string; input: V1Pod; want: DebugRow[] }>([
    {
      name: 'a running holder: TTL left and age from its start',
      input: pod([{ name: 'cg-debug-aaaaa', command: holderCommand(3600), state: { running: { startedAt: '2026-11-30T11:50:00Z' } } }]),
      want: [base],
    },
    {
      name: 'a holder past its TTL shows none left, the digest the runtime runs, and the user',
      input: pod([
        { name: 'cg-debug-aaaaa', command: holderCommand(60), runAsUser: 0, imageID: `reg/app@${DIGEST}`, state: { running: { startedAt: '2026-11-30T11:50:00Z' } } },
      ]),
      want: [{ ...base, ttlSeconds: 60, ttlLeftSeconds: 0, uid: 0, digest: DIGEST }],
    },
    {
      name: 'a terminated holder: reason and exit code, no TTL left',
      input: pod([
        {
          name: 'cg-debug-aaaaa',
          command: holderCommand(3600),
          state: { terminated: { exitCode: 137, reason: 'Error', startedAt: '2026-11-30T11:50:00Z', finishedAt: '2026-11-30T11:55:00Z' } },
        },
      ]),
      want: [{ ...base, state: 'terminated', ttlLeftSeconds: null, exitCode: 137, reason: 'Error', finishedAt: '2026-11-30T11:55:00Z' }],
    },
    {
      name: 'an attached shell of the fallback, waiting',
      input: pod([{ name: 'cg-debug-bbbbb', command: ['sh', '-c', 'x', 'cg-debug', 'app', 'own'], state: { waiting: { reason: 'ErrImagePull' } } }]),
      want: [{ ...base, container: 'cg-debug-bbbbb', state: 'waiting', connectBy: 'attach', ttlSeconds: null, ttlLeftSeconds: null, reason: 'ErrImagePull', startedAt: null, ageSeconds: null }],
    },
    { name: 'other ephemeral containers are not listed', input: pod([{ name: 'debugger-x', state: { running: {} } }]), want: [] },
  ])('$name', ({ input, want }) => {
    expect(debugRows([input], NOW)).toEqual(want);
  });
});

describe('state and user text', () => {
  it.each<{ name: string; input: Partial<DebugRow>; want: [string, string] }>([
    { name: 'running with TTL', input: {}, want: ['running, 50m left', "image's user"] },
    { name: 'running without TTL', input: { ttlSeconds: 0, ttlLeftSeconds: null, uid: 65532 }, want: ['running, no ttl', 'uid 65532'] },
    { name: 'attached shell', input: { connectBy: 'attach', ttlSeconds: null, ttlLeftSeconds: null, uid: 0 }, want: ['running (attached shell)', 'root'] },
    { name: 'terminated', input: { state: 'terminated', reason: 'Completed', exitCode: 0 }, want: ['terminated: Completed (exit 0)', "image's user"] },
    { name: 'waiting', input: { state: 'waiting', reason: 'ContainerCreating' }, want: ['waiting: ContainerCreating', "image's user"] },
  ])('$name', ({ input, want }) => {
    const row = { ...base, ...input };
    expect([stateText(row), userText(row)]).toEqual(want);
  });
});

describe('runningSummary: what the TUI shows of a running debug container', () => {
  const started = Date.parse('2026-11-30T11:42:00Z');
  it.each<{ name: string; input: DebugFacts; want: string }>([
    { name: 'a holder', input: { uid: 65532, connectBy: 'exec', ttlSeconds: 3600, startedAt: started }, want: 'uid 65532, 42m left, up 18m' },
    { name: 'a holder without TTL', input: { uid: 0, connectBy: 'exec', ttlSeconds: 0, startedAt: started }, want: 'root, no ttl, up 18m' },
    { name: 'an attached shell', input: { uid: null, connectBy: 'attach', ttlSeconds: null, startedAt: started }, want: "image's user, (attached shell), up 18m" },
    { name: 'not started yet', input: { uid: 1000, connectBy: 'exec', ttlSeconds: 3600, startedAt: null }, want: 'uid 1000' },
  ])('$name', ({ input, want }) => {
    expect(runningSummary(input, NOW)).toBe(want);
  });

  it('debugFacts reads them from the container', () => {
    const [info] = debugContainersOf(pod([{ name: 'cg-debug-aaaaa', command: holderCommand(600), runAsUser: 7, state: { running: { startedAt: '2026-11-30T11:42:00Z' } } }]));
    expect(info && debugFacts(info)).toEqual({ uid: 7, connectBy: 'exec', ttlSeconds: 600, startedAt: started });
  });
});
