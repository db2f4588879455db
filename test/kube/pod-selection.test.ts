import type { V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { NotRunningError } from '../../src/core/errors.js';
import { compareAttachable, pickAttachablePod } from '../../src/kube/attachable-pod.js';
import { closeNames, levenshtein } from '../../src/kube/close-names.js';
import { labelSelectorString } from '../../src/kube/label-selector.js';
import { assertRunning, notRunningReason } from '../../src/kube/pods.js';

describe('labelSelectorString', () => {
  it.each([
    { name: 'nothing', selector: undefined, want: undefined },
    { name: 'empty', selector: {}, want: undefined },
    { name: 'labels sorted', selector: { matchLabels: { tier: 'web', app: 'shop' } }, want: 'app=shop,tier=web' },
    {
      name: 'every operator',
      selector: {
        matchLabels: { app: 'shop' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['prod', 'canary'] },
          { key: 'track', operator: 'NotIn', values: ['legacy'] },
          { key: 'team', operator: 'Exists' },
          { key: 'deprecated', operator: 'DoesNotExist' },
        ],
      },
      want: 'app=shop,env in (canary,prod),track notin (legacy),team,!deprecated',
    },
  ] as { name: string; selector?: V1LabelSelector; want?: string }[])('$name', ({ selector, want }) => {
    expect(labelSelectorString(selector)).toBe(want);
  });
});

function pod(name: string, opts: { node?: string; phase?: string; ready?: string; restarts?: number; created?: string }): V1Pod {
  return {
    metadata: { name, creationTimestamp: opts.created ? new Date(opts.created) : undefined },
    spec: { containers: [], nodeName: opts.node },
    status: {
      phase: opts.phase,
      conditions: opts.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: new Date(opts.ready) }] : [],
      containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: !!opts.ready, restartCount: opts.restarts ?? 0 }],
    },
  };
}

describe('pickAttachablePod (kubectl order)', () => {
  const base = { node: 'n1', phase: 'Running', ready: '2024-01-01T00:00:00Z', created: '2024-01-01T00:00:00Z' };
  it.each([
    { name: 'scheduled over unscheduled', pods: [pod('a', { ...base, node: undefined }), pod('b', base)], want: 'b' },
    { name: 'Running over Pending', pods: [pod('a', { ...base, phase: 'Pending' }), pod('b', base)], want: 'b' },
    { name: 'Unknown over Pending', pods: [pod('a', { phase: 'Pending', node: 'n' }), pod('b', { phase: 'Unknown', node: 'n' })], want: 'b' },
    { name: 'ready over not ready', pods: [pod('a', { ...base, ready: undefined }), pod('b', base)], want: 'b' },
    { name: 'ready longer', pods: [pod('a', { ...base, ready: '2024-02-01T00:00:00Z' }), pod('b', base)], want: 'b' },
    { name: 'fewer restarts', pods: [pod('a', { ...base, restarts: 3 }), pod('b', base)], want: 'b' },
    { name: 'older', pods: [pod('a', { ...base, created: '2024-03-01T00:00:00Z' }), pod('b', base)], want: 'b' },
    { name: 'none', pods: [], want: undefined },
  ])('$name', ({ pods, want }) => {
    expect(pickAttachablePod(pods)?.metadata?.name).toBe(want);
    expect(pickAttachablePod([...pods].reverse())?.metadata?.name).toBe(want);
  });

  it('is a consistent order', () => {
    const a = pod('a', base);
    expect(compareAttachable(a, a)).toBe(0);
  });
});

describe('closeNames', () => {
  const names = ['web-7d9f8c-x2x4q', 'web-7d9f8c-abcde', 'worker-0', 'app', 'api', 'nginx', 'two'];
  it.each([
    { wanted: 'ap', want: ['api', 'app'] },
    { wanted: 'appp', want: ['app', 'api'] },
    { wanted: 'web', want: ['web-7d9f8c-abcde', 'web-7d9f8c-x2x4q'] },
    { wanted: 'web-7d9f8c-x2x4z', want: ['web-7d9f8c-x2x4q', 'web-7d9f8c-abcde'] },
    { wanted: 'ngnix', want: ['nginx'] },
    { wanted: 'database', want: [] },
    { wanted: 'app', want: ['api'] },
  ])('$wanted', ({ wanted, want }) => {
    expect(closeNames(wanted, names)).toEqual(want);
  });

  it.each([
    { a: '', b: 'abc', want: 3 },
    { a: 'kitten', b: 'sitting', want: 3 },
    { a: 'same', b: 'same', want: 0 },
  ])('levenshtein($a, $b)', ({ a, b, want }) => {
    expect(levenshtein(a, b)).toBe(want);
  });
});

describe('assertRunning', () => {
  const meta = { name: 'p', namespace: 'ns' };
  it.each([
    {
      name: 'pending on image pull',
      pod: { metadata: meta, status: { phase: 'Pending', containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } },
      message: 'pod "p" is Pending (ImagePullBackOff), not Running',
      hint: /kubectl get pod p -n ns -w/,
    },
    {
      name: 'succeeded',
      pod: { metadata: meta, status: { phase: 'Succeeded' } },
      message: 'pod "p" is Succeeded, not Running',
      hint: /ephemeral containers cannot start/,
    },
    {
      name: 'evicted',
      pod: { metadata: meta, status: { phase: 'Failed', reason: 'Evicted' } },
      message: 'pod "p" is Failed (Evicted), not Running',
      hint: /debug a copy of it: cg-debug -n ns p --copy$/,
    },
    {
      name: 'terminating',
      pod: { metadata: { ...meta, deletionTimestamp: new Date() }, status: { phase: 'Running' } },
      message: 'pod "p" is Running (Terminating), not Running',
      hint: /describe/,
    },
    {
      name: 'unschedulable',
      pod: { metadata: meta, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }] } },
      message: 'pod "p" is Pending (Unschedulable), not Running',
      hint: /describe/,
    },
  ])('$name', ({ pod, message, hint }) => {
    let thrown: unknown;
    try {
      assertRunning(pod as V1Pod);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NotRunningError);
    expect((thrown as NotRunningError).message).toBe(message);
    expect((thrown as NotRunningError).hint).toMatch(hint);
  });

  it('returns a running pod', () => {
    const running = { metadata: meta, status: { phase: 'Running' } };
    expect(assertRunning(running)).toBe(running);
    expect(notRunningReason(running)).toBeUndefined();
  });
});
