import { describe, expect, it } from 'vitest';
import { ContainerFailedError } from '../../src/core/errors.js';
import { exitCodeFromStatus } from '../../src/kube/attach.js';
import { attachEndFromClose } from '../../src/kube/exec-socket.js';
import { enforceLevelOf } from '../../src/kube/pod-security.js';

describe('enforceLevelOf', () => {
  it.each([
    { name: 'no labels: built-in default', labels: undefined, want: 'privileged' },
    { name: 'other labels only', labels: { team: 'a' }, want: 'privileged' },
    { name: 'baseline', labels: { 'pod-security.kubernetes.io/enforce': 'baseline' }, want: 'baseline' },
    { name: 'restricted', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' }, want: 'restricted' },
    { name: 'warn only is not enforce', labels: { 'pod-security.kubernetes.io/warn': 'restricted' }, want: 'privileged' },
    { name: 'garbage', labels: { 'pod-security.kubernetes.io/enforce': 'strict' }, want: undefined },
  ] as { name: string; labels?: Record<string, string>; want?: string }[])('$name', ({ labels, want }) => {
    expect(enforceLevelOf(labels)).toBe(want);
  });
});

describe('exitCodeFromStatus', () => {
  it.each([
    { name: 'success', status: { status: 'Success', metadata: {} }, want: 0 },
    {
      name: 'non-zero',
      status: {
        status: 'Failure',
        reason: 'NonZeroExitCode',
        message: 'command terminated with non-zero exit code: exit status 7',
        details: { causes: [{ reason: 'ExitCode', message: '7' }] },
      },
      want: 7,
    },
  ])('$name', ({ status, want }) => {
    expect(exitCodeFromStatus(status)).toBe(want);
  });

  it('other failures are the container failing to run the command', () => {
    expect(() =>
      exitCodeFromStatus({ status: 'Failure', reason: 'InternalError', message: 'exec: "nope": executable file not found in $PATH' }),
    ).toThrow(ContainerFailedError);
  });
});

describe('attachEndFromClose', () => {
  it.each([
    { code: 1000, reason: '', want: { kind: 'closed' } },
    { code: 1006, reason: '', want: { kind: 'lost', reason: 'connection closed (code 1006)' } },
    { code: 1011, reason: 'internal', want: { kind: 'lost', reason: 'connection closed (code 1011: internal)' } },
  ])('$code', ({ code, reason, want }) => {
    expect(attachEndFromClose(code, reason)).toEqual(want);
  });
});
