import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ForbiddenError,
  InterruptedError,
  NotFoundError,
  PodSecurityError,
  UnreachableError,
  UnsupportedError,
  UsageError,
} from '../../src/core/errors.js';
import { systemErrorCode } from '../../src/core/system-error.js';
import { httpStatusOf, parsePodSecurityMessage, toKubeError, type ApiAction } from '../../src/kube/api-errors.js';

const patch: ApiAction = {
  verb: 'patch',
  resource: 'pods/ephemeralcontainers',
  namespace: 'cg-restricted',
  name: 'app',
  server: 'https://127.0.0.1:6443',
  context: 'cg',
  container: 'cg-debug-x1',
};

function status(code: number, reason: string, message: string, details?: object): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details, code });
}

function api(code: number, body?: string): ApiException<unknown> {
  return new ApiException(code, 'Unknown API Status Code!', body, {});
}

function systemError(code: string): Error {
  return Object.assign(new Error(`request to https://127.0.0.1:6443/api failed, reason: connect ${code}`), {
    type: 'system',
    code,
    errno: code,
  });
}

const PSA_RESTRICTED =
  'pods "app" is forbidden: violates PodSecurity "restricted:latest": privileged (container "cg-debug-x1" must not set securityContext.privileged=true), ' +
  'allowPrivilegeEscalation != false (container "cg-debug-x1" must set securityContext.allowPrivilegeEscalation=false), ' +
  'unrestricted capabilities (container "cg-debug-x1" must set securityContext.capabilities.drop=["ALL"]), ' +
  'runAsNonRoot != true (pod or container "cg-debug-x1" must set securityContext.runAsNonRoot=true), ' +
  'seccompProfile (pod or container "cg-debug-x1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")';

const PSA_OLD_CONTAINER =
  'pods "app" is forbidden: violates PodSecurity "baseline:latest": privileged (containers "cg-debug-old", "cg-debug-x1" must not set securityContext.privileged=true)';

const RBAC =
  'pods "app" is forbidden: User "system:serviceaccount:default:viewer" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "cg-baseline"';

describe('parsePodSecurityMessage', () => {
  it.each([
    {
      name: 'restricted, five violations with commas and quotes inside',
      message: PSA_RESTRICTED,
      want: {
        level: 'restricted',
        violations: [
          'privileged (container "cg-debug-x1" must not set securityContext.privileged=true)',
          'allowPrivilegeEscalation != false (container "cg-debug-x1" must set securityContext.allowPrivilegeEscalation=false)',
          'unrestricted capabilities (container "cg-debug-x1" must set securityContext.capabilities.drop=["ALL"])',
          'runAsNonRoot != true (pod or container "cg-debug-x1" must set securityContext.runAsNonRoot=true)',
          'seccompProfile (pod or container "cg-debug-x1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
        ],
        containers: ['cg-debug-x1'],
      },
    },
    {
      name: 'baseline, two containers in one violation',
      message: PSA_OLD_CONTAINER,
      want: {
        level: 'baseline',
        violations: ['privileged (containers "cg-debug-old", "cg-debug-x1" must not set securityContext.privileged=true)'],
        containers: ['cg-debug-old', 'cg-debug-x1'],
      },
    },
    {
      name: 'capabilities with a list',
      message:
        'pods "p" is forbidden: violates PodSecurity "baseline:v1.30": non-default capabilities (container "d" must not include "NET_ADMIN", "SYS_PTRACE" in securityContext.capabilities.add)',
      want: {
        level: 'baseline',
        violations: ['non-default capabilities (container "d" must not include "NET_ADMIN", "SYS_PTRACE" in securityContext.capabilities.add)'],
        containers: ['d'],
      },
    },
    { name: 'RBAC denial is not Pod Security', message: RBAC, want: undefined },
  ])('$name', ({ message, want }) => {
    expect(parsePodSecurityMessage(message)).toEqual(want);
  });
});

describe('toKubeError', () => {
  it.each([
    {
      name: 'Pod Security rejection names violations and admitted profiles',
      error: api(403, status(403, 'Forbidden', PSA_RESTRICTED, { name: 'app', kind: 'pods' })),
      type: PodSecurityError,
      message: /Pod Security "restricted" in namespace cg-restricted rejected the debug container: privileged/,
      hint: /--profile auto or --profile restricted$/,
    },
    {
      name: 'Pod Security rejection caused by an older debug container says so',
      error: api(403, status(403, 'Forbidden', PSA_OLD_CONTAINER)),
      type: PodSecurityError,
      message: /also names "cg-debug-old", not the new container/,
      hint: /checks every container of the pod on each patch, so "cg-debug-old" blocks new debug containers/,
    },
    {
      name: 'RBAC denial names verb, resource, namespace and user',
      error: api(403, status(403, 'Forbidden', RBAC)),
      action: { ...patch, namespace: 'cg-baseline' },
      type: ForbiddenError,
      message: /^cannot patch pods\/ephemeralcontainers in namespace cg-baseline \(as system:serviceaccount:default:viewer\)$/,
      hint: /^ask for RBAC: kubectl auth can-i patch pods\/ephemeralcontainers -n cg-baseline$/,
    },
    {
      name: '401 is a credentials problem',
      error: api(401),
      type: ConfigError,
      message: /https:\/\/127.0.0.1:6443 rejected the credentials of context cg/,
      hint: /log in again/,
    },
    {
      name: '404 on the subresource without a named object: unsupported cluster',
      error: api(404, status(404, 'NotFound', 'the server could not find the requested resource', {})),
      type: UnsupportedError,
      message: /no pods\/ephemeralcontainers API/,
      hint: /Kubernetes 1.25\+/,
    },
    {
      name: '404 naming the pod: the pod is gone',
      error: api(404, status(404, 'NotFound', 'pods "app" not found', { name: 'app', kind: 'pods' })),
      type: NotFoundError,
      message: /^pod "app" not found in namespace cg-restricted$/,
      hint: /kubectl get pods -n cg-restricted/,
    },
    {
      name: '422 carries the API message',
      error: api(
        422,
        status(422, 'Invalid', 'Pod "app" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "cg-debug-x1"'),
      ),
      type: UsageError,
      message: /Duplicate value: "cg-debug-x1"/,
      hint: /container name/,
    },
    {
      name: 'connection refused names the server',
      error: systemError('ECONNREFUSED'),
      type: UnreachableError,
      message: /^cannot reach https:\/\/127.0.0.1:6443 \(ECONNREFUSED\)$/,
      hint: /check --context \/ kubeconfig, VPN/,
    },
    {
      name: 'DNS failure nested as cause',
      error: new Error('fetch failed', { cause: systemError('ENOTFOUND') }),
      type: UnreachableError,
      message: /\(ENOTFOUND\)/,
      hint: /VPN/,
    },
    {
      name: 'TLS trouble',
      error: systemError('CERT_HAS_EXPIRED'),
      type: UnreachableError,
      message: /TLS: CERT_HAS_EXPIRED/,
      hint: /kubeconfig/,
    },
    {
      name: 'websocket handshake refused with 403',
      error: new Error('Unexpected server response: 403'),
      action: { verb: 'create', resource: 'pods/exec', namespace: 'ns' },
      type: ForbiddenError,
      message: /^cannot create pods\/exec in namespace ns$/,
      hint: /kubectl auth can-i create pods\/exec -n ns/,
    },
    {
      name: 'aborted request, the caller aborted',
      error: Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' }),
      action: { verb: 'get', resource: 'pods', signal: AbortSignal.abort() },
      type: InterruptedError,
      message: /^interrupted while trying to get pods$/,
      hint: undefined,
    },
    {
      name: 'aborted request, its deadline passed (the caller did not abort)',
      error: Object.assign(new Error('The user aborted a request.'), { name: 'AbortError', type: 'aborted' }),
      action: { verb: 'get', resource: 'pods', server: 'https://k:6443', signal: new AbortController().signal, timeoutMs: 30_000 },
      type: UnreachableError,
      message: /^https:\/\/k:6443 did not answer within 30s to get pods$/,
      hint: /accepts connections but does not answer/,
    },
    {
      name: 'a DOM TimeoutError without a caller signal',
      error: Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
      action: { verb: 'create', resource: 'pods/exec' },
      type: UnreachableError,
      message: /^the API server did not answer to create pods\/exec$/,
      hint: /readyz/,
    },
    {
      name: 'server error',
      error: api(503, status(503, 'ServiceUnavailable', 'etcd is down')),
      type: UnreachableError,
      message: /answered HTTP 503 to patch pods\/ephemeralcontainers: etcd is down/,
      hint: /readyz/,
    },
  ])('$name', ({ error, action, type, message, hint }) => {
    const typed = toKubeError(error, action ?? patch);
    expect(typed).toBeInstanceOf(type);
    expect(typed.message).toMatch(message);
    expect(typed.hint).toEqual(hint === undefined ? undefined : expect.stringMatching(hint));
  });

  it('keeps the violations and the permission as data', () => {
    const psa = toKubeError(api(403, status(403, 'Forbidden', PSA_OLD_CONTAINER)), patch) as PodSecurityError;
    expect(psa.violations).toEqual(['privileged (containers "cg-debug-old", "cg-debug-x1" must not set securityContext.privileged=true)']);
    const rbac = toKubeError(api(403, status(403, 'Forbidden', RBAC)), patch) as ForbiddenError;
    expect(rbac.permission).toEqual({ verb: 'patch', resource: 'pods/ephemeralcontainers', namespace: 'cg-restricted' });
  });

  it('passes typed errors through', () => {
    const typed = new NotFoundError('x');
    expect(toKubeError(typed, patch)).toBe(typed);
  });
});

describe('error field readers', () => {
  it.each([
    { name: 'ApiException', error: api(403), want: 403 },
    { name: 'watch error', error: Object.assign(new Error('Forbidden'), { statusCode: 403 }), want: 403 },
    { name: 'ws handshake', error: new Error('Unexpected server response: 401'), want: 401 },
    { name: 'system error', error: systemError('ECONNREFUSED'), want: undefined },
  ])('httpStatusOf: $name', ({ error, want }) => {
    expect(httpStatusOf(error)).toBe(want);
  });

  it('systemErrorCode reads AggregateError from dual-stack connects', () => {
    const aggregate = Object.assign(new AggregateError([systemError('ECONNREFUSED'), systemError('ECONNREFUSED')]), {});
    expect(systemErrorCode(new Error('fetch failed', { cause: aggregate }))).toBe('ECONNREFUSED');
  });
});
