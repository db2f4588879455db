import { describe, expect, it } from 'vitest';
import type { V1EphemeralContainer, V1Pod } from '@kubernetes/client-node';
import { buildDebugContainer, ephemeralContainerPatch, newDebugContainerName } from '../../src/core/debug-container.js';
import type { DebugContainerInput } from '../../src/core/debug-container.js';

// A random source that replays `values`, repeating the last one.
function replay(values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] ?? 0;
}

function podWith(names: { containers?: string[]; init?: string[]; ephemeral?: string[] }): V1Pod {
  return {
    metadata: { name: 'web-1' },
    spec: {
      containers: (names.containers ?? ['app']).map((name) => ({ name })),
      initContainers: (names.init ?? []).map((name) => ({ name })),
      ephemeralContainers: (names.ephemeral ?? []).map((name) => ({ name })),
    },
  };
}

// Each char index i of [a-z0-9] is produced by random() = (i + 0.5) / 36.
const at = (i: number) => (i + 0.5) / 36;
const A = at(0);
const B = at(1);
const NINE = at(35);

describe('newDebugContainerName', () => {
  it.each<{ name: string; input: { pod: V1Pod; random: number[] }; want: string }>([
    { name: 'first letters', input: { pod: podWith({}), random: [A] }, want: 'cg-debug-aaaaa' },
    { name: 'mixed alphabet', input: { pod: podWith({}), random: [at(2), at(25), at(26), NINE, B] }, want: 'cg-debug-cz09b' },
    { name: '0 maps to a', input: { pod: podWith({}), random: [0] }, want: 'cg-debug-aaaaa' },
    { name: 'a random of 1 stays in range', input: { pod: podWith({}), random: [1] }, want: 'cg-debug-99999' },
    { name: 'retries past an ephemeral clash', input: { pod: podWith({ ephemeral: ['cg-debug-aaaaa'] }), random: [A, A, A, A, A, B] }, want: 'cg-debug-bbbbb' },
    { name: 'retries past an app container clash', input: { pod: podWith({ containers: ['cg-debug-aaaaa'] }), random: [A, A, A, A, A, B] }, want: 'cg-debug-bbbbb' },
    { name: 'retries past an init container clash', input: { pod: podWith({ init: ['cg-debug-aaaaa'] }), random: [A, A, A, A, A, B] }, want: 'cg-debug-bbbbb' },
    { name: 'pod with no spec', input: { pod: { metadata: { name: 'x' } }, random: [B] }, want: 'cg-debug-bbbbb' },
  ])('$name', ({ input, want }) => {
    expect(newDebugContainerName(input.pod, replay(input.random))).toBe(want);
  });

  it('gives up on a random source that only repeats a taken name', () => {
    expect(() => newDebugContainerName(podWith({ ephemeral: ['cg-debug-aaaaa'] }), () => 0)).toThrow(/no free debug container name/);
  });

  it('names are valid container names (DNS-1123 label)', () => {
    const name = newDebugContainerName(podWith({}), Math.random);
    expect(name).toMatch(/^cg-debug-[a-z0-9]{5}$/);
  });
});

describe('buildDebugContainer', () => {
  it.each<{ name: string; input: DebugContainerInput; want: V1EphemeralContainer }>([
    {
      name: 'restricted non-root debug container',
      input: {
        name: 'cg-debug-abcde',
        image: 'cgr.dev/chainguard/python:3.12-dev',
        target: 'app',
        securityContext: { runAsUser: 65532, runAsNonRoot: true },
        command: ['sh', '-c', 'script', 'cg-debug', 'app', 'own'],
        connectBy: 'attach',
      },
      want: {
        name: 'cg-debug-abcde',
        image: 'cgr.dev/chainguard/python:3.12-dev',
        command: ['sh', '-c', 'script', 'cg-debug', 'app', 'own'],
        stdin: true,
        tty: true,
        targetContainerName: 'app',
        securityContext: { runAsUser: 65532, runAsNonRoot: true },
        terminationMessagePolicy: 'File',
      },
    },
    {
      name: 'a holder as root with SYS_PTRACE: stdin without a TTY, no pull policy set',
      input: {
        name: 'cg-debug-00000',
        image: 'cgr.dev/chainguard/wolfi-base:latest',
        target: 'sidecar',
        securityContext: { runAsUser: 0, capabilities: { add: ['SYS_PTRACE'] } },
        command: ['sh'],
        connectBy: 'exec',
      },
      want: {
        name: 'cg-debug-00000',
        image: 'cgr.dev/chainguard/wolfi-base:latest',
        command: ['sh'],
        stdin: true,
        targetContainerName: 'sidecar',
        securityContext: { runAsUser: 0, capabilities: { add: ['SYS_PTRACE'] } },
        terminationMessagePolicy: 'File',
      },
    },
  ])('$name', ({ input, want }) => {
    const got = buildDebugContainer(input);
    // toStrictEqual: no stray keys such as an imagePullPolicy or args.
    expect(got).toStrictEqual(want);
    expect(got.command).not.toBe(input.command);
  });
});

describe('ephemeralContainerPatch', () => {
  it('carries only the new container', () => {
    const c: V1EphemeralContainer = { name: 'cg-debug-abcde', image: 'x', stdin: true, tty: true };
    expect(ephemeralContainerPatch(c)).toStrictEqual({ spec: { ephemeralContainers: [c] } });
  });
});
