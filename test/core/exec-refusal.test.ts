import { describe, expect, it } from 'vitest';
import { classifyExecRefusal, isKubeletRefusal, type ExecRefusal, type ExecRefusalInput } from '../../src/core/exec-refusal.js';

const RUNC_NOT_FOUND =
  'error executing command in container: failed to exec in container: failed to start exec "0c1d": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown';

describe('classifyExecRefusal', () => {
  it.each<{ name: string; input: ExecRefusalInput; want: ExecRefusal }>([
    // Passing states, as the translator reports them (Status on the error channel, code 500)...
    { name: 'container not found (translator)', input: { code: 500, message: 'Internal error occurred: unable to upgrade connection: container not found ("cg-debug-x")' }, want: 'container-starting' },
    { name: 'pod does not exist (translator)', input: { code: 500, message: 'Internal error occurred: unable to upgrade connection: pod does not exist' }, want: 'pod-unknown' },
    { name: 'kubelet down (translator)', input: { code: 500, message: 'Internal error occurred: dial tcp 127.0.0.1:10250: connect: connection refused' }, want: 'kubelet-unreachable' },
    // ...and as the kubelet or the API server's proxy answers an upgrade (HTTP status, plain body).
    { name: 'pod does not exist (kubelet, 404)', input: { code: 404, message: 'pod does not exist\n' }, want: 'pod-unknown' },
    { name: 'container not found (kubelet, 500)', input: { code: 500, message: 'container not found ("cg-debug-x")' }, want: 'container-starting' },
    { name: 'kubelet down (proxy)', input: { code: 500, message: 'error dialing backend: dial tcp 127.0.0.1:10250: connect: connection refused' }, want: 'kubelet-unreachable' },
    { name: 'kubelet down (proxy, 502)', input: { code: 502, message: 'error dialing backend: EOF' }, want: 'kubelet-unreachable' },
    { name: 'a runtime that says not running', input: { code: 500, message: 'container 0c1d is not running' }, want: 'container-starting' },
    { name: 'a runtime that says created', input: { code: 500, message: 'rpc error: code = Unknown desc = container is in CONTAINER_CREATED state' }, want: 'container-starting' },
    { name: 'without a code', input: { message: 'unable to upgrade connection: pod does not exist' }, want: 'pod-unknown' },
    // Real failures: never retried.
    { name: 'command not found', input: { code: 500, message: `Internal error occurred: ${RUNC_NOT_FOUND}` }, want: 'failure' },
    { name: 'permission denied', input: { code: 500, message: 'Internal error occurred: error executing command in container: exec: "/bin/sh": permission denied' }, want: 'failure' },
    { name: 'a command named like a passing state', input: { code: 500, message: `Internal error occurred: ${RUNC_NOT_FOUND.replace('nosuch', 'pod does not exist')}` }, want: 'failure' },
    { name: 'an exited container', input: { code: 500, message: 'rpc error: code = Unknown desc = container is in CONTAINER_EXITED state' }, want: 'failure' },
    { name: 'the pod is gone (API server 404)', input: { code: 404, message: 'pods "app" not found' }, want: 'failure' },
    { name: 'forbidden, whatever the text', input: { code: 403, message: 'pod does not exist' }, want: 'failure' },
    { name: 'a bad request', input: { code: 400, message: 'container app-x is not valid for pod app' }, want: 'failure' },
    { name: 'no message', input: { code: 500 }, want: 'failure' },
    { name: 'a passing head later in the message', input: { code: 500, message: 'exec failed: pod does not exist' }, want: 'failure' },
  ])('$name', ({ input, want }) => {
    expect(classifyExecRefusal(input)).toBe(want);
  });
});

describe('isKubeletRefusal', () => {
  it.each<{ name: string; input: ExecRefusal; want: boolean }>([
    { name: 'pod unknown', input: 'pod-unknown', want: true },
    { name: 'kubelet unreachable', input: 'kubelet-unreachable', want: true },
    { name: 'container starting', input: 'container-starting', want: false },
    { name: 'failure', input: 'failure', want: false },
  ])('$name', ({ input, want }) => {
    expect(isKubeletRefusal(input)).toBe(want);
  });
});
