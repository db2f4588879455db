import { describe, expect, it } from 'vitest';
import type { V1NodeSystemInfo } from '@kubernetes/client-node';
import {
  apiServerCheck,
  doctorExitCode,
  formatChecks,
  nodeCheck,
  permissionCheck,
  podSecurityCheck,
  registryCheck,
  userNamespaceCheck,
  webhookCheck,
  type Check,
  type WebhookConfig,
} from '../../src/core/doctor.js';
import { PERMISSIONS } from '../../src/core/permissions.js';

const PATCH = PERMISSIONS.find((p) => p.subresource === 'ephemeralcontainers');
if (!PATCH) throw new Error('patch pods/ephemeralcontainers is not among the needed permissions');

describe('permissionCheck', () => {
  it.each<{ name: string; input: Parameters<typeof permissionCheck>[2]; want: Check }>([
    {
      name: 'allowed',
      input: { allowed: true },
      want: { name: 'permission: patch pods/ephemeralcontainers', status: 'pass', detail: 'allowed in namespace shop (to add the debug container)' },
    },
    {
      name: 'denied: names the permission and the Role to ask for',
      input: { allowed: false },
      want: {
        name: 'permission: patch pods/ephemeralcontainers',
        status: 'fail',
        detail: 'not allowed in namespace shop: cg-debug cannot add the debug container',
        fix: 'ask for a Role in shop with verbs [patch] on resources [pods/ephemeralcontainers] (check: kubectl auth can-i patch pods/ephemeralcontainers -n shop)',
      },
    },
    {
      name: 'the review itself failed',
      input: { error: 'cannot reach https://k:6443 (ECONNREFUSED)' },
      want: {
        name: 'permission: patch pods/ephemeralcontainers',
        status: 'fail',
        detail: 'cannot ask the API server (cannot reach https://k:6443 (ECONNREFUSED))',
        fix: 'cg-debug needs to create selfsubjectaccessreviews, which every authenticated user may',
      },
    },
  ])('$name', ({ input, want }) => {
    expect(permissionCheck(PATCH, 'shop', input)).toEqual(want);
  });
});

describe('apiServerCheck', () => {
  it.each([
    { name: 'current', input: 'v1.34.4', want: 'pass' },
    { name: 'a vendor suffix', input: 'v1.29.3-gke.1093000', want: 'pass' },
    { name: 'exactly 1.25', input: 'v1.25.0', want: 'pass' },
    { name: 'before GA', input: 'v1.23.17', want: 'fail' },
    { name: 'unreadable', input: 'banana', want: 'info' },
  ])('$name', ({ input, want }) => {
    expect(apiServerCheck(input).status).toBe(want);
  });
});

describe('podSecurityCheck', () => {
  it.each([
    { name: 'restricted', input: { level: 'restricted' as const, readable: true }, want: { status: 'pass', detail: 'namespace shop enforces restricted: profiles restricted pass; --as-root is refused (root is not allowed)' } },
    { name: 'baseline', input: { level: 'baseline' as const, readable: true }, want: { status: 'pass', detail: /profiles baseline, restricted pass; --as-root works but cannot read/ } },
    { name: 'privileged', input: { level: 'privileged' as const, readable: true }, want: { status: 'pass', detail: /profiles general, sysadmin, netadmin, baseline, restricted pass; --as-root works and can read/ } },
    { name: 'unreadable namespace', input: { level: undefined, readable: false }, want: { status: 'info', detail: /cannot read namespace shop/ } },
  ])('$name', ({ input, want }) => {
    const check = podSecurityCheck('shop', input.level, input.readable);
    expect(check.status).toBe(want.status);
    expect(check.detail).toMatch(want.detail);
  });
});

const LINUX: V1NodeSystemInfo = {
  architecture: 'amd64',
  bootID: '',
  containerRuntimeVersion: 'containerd://1.7.20',
  kernelVersion: '6.1',
  kubeProxyVersion: '',
  kubeletVersion: 'v1.34.4',
  machineID: '',
  operatingSystem: 'linux',
  osImage: 'Debian',
  systemUUID: '',
};

describe('nodeCheck', () => {
  it.each([
    { name: 'linux', input: LINUX, want: { status: 'pass', detail: 'n1: linux/amd64, containerd://1.7.20, kubelet v1.34.4' } },
    { name: 'windows', input: { ...LINUX, operatingSystem: 'windows' }, want: { status: 'fail', detail: /needs Linux/ } },
    { name: 'an old kubelet', input: { ...LINUX, kubeletVersion: 'v1.22.1' }, want: { status: 'fail', detail: /older than 1.25/ } },
    { name: 'nodes not readable', input: undefined, want: { status: 'info', detail: /get nodes is not allowed/ } },
  ])('$name', ({ input, want }) => {
    const check = nodeCheck('n1', input);
    expect(check.status).toBe(want.status);
    expect(check.detail).toMatch(want.detail);
  });
});

describe('userNamespaceCheck', () => {
  it.each([
    { name: 'hostUsers false', input: false, want: /runs in a user namespace \(hostUsers: false\): the debug container joins it/ },
    { name: 'hostUsers unset', input: undefined, want: /shares the node's user namespace/ },
  ])('$name', ({ input, want }) => {
    expect(userNamespaceCheck({ spec: { containers: [], ...(input === undefined ? {} : { hostUsers: input }) } }).detail).toMatch(want);
  });
});

const webhook = (kind: WebhookConfig['kind'], resources: string[], operations = ['UPDATE'], failurePolicy = 'Fail'): WebhookConfig => ({
  kind,
  name: `${kind}-cfg`,
  webhooks: [{ name: 'hook.example.com', failurePolicy, rules: [{ apiGroups: [''], operations, resources }] }],
});

describe('webhookCheck', () => {
  it.each([
    { name: 'none', input: [], want: { status: 'pass', detail: /none of 0/ } },
    { name: 'pods CREATE only (a sidecar injector)', input: [webhook('mutating', ['pods'], ['CREATE'])], want: { status: 'pass', detail: /none of 1/ } },
    { name: 'pods/ephemeralcontainers', input: [webhook('validating', ['pods/ephemeralcontainers'])], want: { status: 'fail', detail: /validating validating-cfg\/hook.example.com \(failurePolicy Fail\)/ } },
    { name: 'every subresource', input: [webhook('mutating', ['*/*'], ['*'], 'Ignore')], want: { status: 'fail', detail: /mutating mutating-cfg\/hook.example.com$/ } },
    { name: 'not listable', input: undefined, want: { status: 'info', detail: /cannot list/ } },
  ])('$name', ({ input, want }) => {
    const check = webhookCheck(input);
    expect(check.status).toBe(want.status);
    expect(check.detail).toMatch(want.detail);
  });
});

describe('registryCheck', () => {
  const base = { image: 'reg.corp/app:1-dev', verified: 'exists' as const, devRegistry: 'reg.corp', appRegistry: 'reg.corp', pullSecrets: [] as string[] };
  it.each([
    { name: 'same registry, node credentials', input: base, want: { status: 'pass', detail: /on the app's registry reg.corp, pulled with the node's own credentials/ } },
    { name: 'same registry, pull secrets', input: { ...base, pullSecrets: ['corp-pull'] }, want: { status: 'pass', detail: /imagePullSecrets \(corp-pull\)/ } },
    { name: 'another registry', input: { ...base, image: 'cgr.dev/chainguard/wolfi-base:latest', devRegistry: 'cgr.dev' }, want: { status: 'fail', detail: /on cgr.dev and the app's image on reg.corp/ } },
    { name: 'unreachable', input: { ...base, verified: 'unreachable' as const }, want: { status: 'fail', detail: /did not answer from here/ } },
  ])('$name', ({ input, want }) => {
    const check = registryCheck(input);
    expect(check.status).toBe(want.status);
    expect(check.detail).toMatch(want.detail);
  });
});

describe('doctorExitCode and formatChecks', () => {
  const pass: Check = { name: 'a', status: 'pass', detail: 'fine', fix: 'never shown' };
  const info: Check = { name: 'b', status: 'info', detail: 'unknown' };
  const fail: Check = { name: 'c', status: 'fail', detail: 'broken', fix: 'mend it' };
  it.each([
    { name: 'all pass', input: [pass, info], want: 0 },
    { name: 'one fails', input: [pass, fail], want: 1 },
  ])('$name', ({ input, want }) => {
    expect(doctorExitCode(input, 1)).toBe(want);
  });

  it('marks each check and puts the fix under a failure', () => {
    expect(formatChecks([pass, info, fail])).toBe('✓ a: fine\n· b: unknown\n✗ c: broken\n    fix: mend it\n');
  });

  // N5: the server's version, Status messages, webhook names and the node's runtime and kubelet versions
  // are quoted in details and fixes: none of their escape sequences reach the terminal.
  it('sanitizes every server string in a check', () => {
    const esc = '\u001b]0;pwned\u0007\u001b[2J';
    const hostile: Check = { name: `webhook ${esc}`, status: 'fail', detail: `reachable, Kubernetes v1.31.0${esc}\nforged line`, fix: `run ${esc}x` };
    expect(formatChecks([hostile])).toBe('✗ webhook : reachable, Kubernetes v1.31.0 forged line\n    fix: run x\n');
  });
});
