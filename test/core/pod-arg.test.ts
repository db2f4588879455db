import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { formatPodArg, parsePodArg } from '../../src/core/pod-arg.js';

describe('parsePodArg', () => {
  it.each([
    { name: 'a pod name', input: 'app', want: { kind: 'pod', name: 'app' } },
    { name: 'pod/', input: 'pod/app', want: { kind: 'pod', name: 'app' } },
    { name: 'pods/', input: 'pods/app', want: { kind: 'pod', name: 'app' } },
    { name: 'po/', input: 'po/app', want: { kind: 'pod', name: 'app' } },
    { name: 'deploy/', input: 'deploy/web', want: { kind: 'deployment', name: 'web' } },
    { name: 'the kind as kubectl prints it', input: 'Deployment/web', want: { kind: 'deployment', name: 'web' } },
    { name: 'resource.group', input: 'deployments.apps/web', want: { kind: 'deployment', name: 'web' } },
    { name: 'a dotted pod name', input: 'web.v2', want: { kind: 'pod', name: 'web.v2' } },
    { name: 'sts/', input: 'sts/db', want: { kind: 'statefulset', name: 'db' } },
    { name: 'statefulsets.apps/', input: 'statefulsets.apps/db', want: { kind: 'statefulset', name: 'db' } },
    { name: 'ds/', input: 'ds/agent', want: { kind: 'daemonset', name: 'agent' } },
    { name: 'DaemonSet/', input: 'DaemonSet/agent', want: { kind: 'daemonset', name: 'agent' } },
    { name: 'job/', input: 'job/migrate', want: { kind: 'job', name: 'migrate' } },
    { name: 'jobs.batch/', input: 'jobs.batch/migrate', want: { kind: 'job', name: 'migrate' } },
    { name: 'rs/', input: 'rs/web-5d9', want: { kind: 'replicaset', name: 'web-5d9' } },
    { name: 'replicaset/', input: 'replicaset/web-5d9', want: { kind: 'replicaset', name: 'web-5d9' } },
  ])('$name: $input', ({ input, want }) => {
    expect(parsePodArg(input)).toEqual(want);
  });

  it.each([
    { name: 'nothing', input: '', want: /no pod given/ },
    { name: 'a service', input: 'svc/web', want: /cannot debug a "svc"/ },
    { name: 'a cronjob', input: 'cronjob/nightly', want: /cannot debug a "cronjob"/ },
    { name: 'the wrong group', input: 'deployments.batch/web', want: /cannot debug a "deployments.batch"/ },
    { name: 'no name', input: 'deploy/', want: /"deploy\/" is not KIND\/NAME/ },
    { name: 'two slashes', input: 'deploy/a/b', want: /is not KIND\/NAME/ },
    { name: 'upper case pod', input: 'My_Pod', want: /"My_Pod" is not a pod name/ },
    { name: 'upper case workload name', input: 'Deployment/Web', want: /"Deployment\/Web" is not a pod name/ },
    { name: 'a path in the name', input: 'pod/..%2f', want: /is not a pod name/ },
  ])('rejects $name', ({ input, want }) => {
    expect(() => parsePodArg(input)).toThrow(UsageError);
    expect(() => parsePodArg(input)).toThrow(want);
  });
});

describe('formatPodArg', () => {
  it.each([
    { name: 'a pod by its name', input: { kind: 'pod', name: 'app' } as const, want: 'app' },
    { name: 'a workload by kind/name', input: { kind: 'deployment', name: 'web' } as const, want: 'deployment/web' },
  ])('$name', ({ input, want }) => {
    expect(formatPodArg(input)).toBe(want);
  });
});
