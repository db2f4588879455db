// `cg-debug doctor`: what must hold for a debug session to work, as checks that each say pass or fail and
// the fix. The facts are gathered by kube/ and registry/; here they are judged and formatted. Pure.
import type { V1NodeSystemInfo, V1Pod } from '@kubernetes/client-node';
import { PERMISSIONS, permissionName, resourceName, sessionVerdict, type Permission } from './permissions.js';
import { profilesAdmittedBy, type PodSecurityLevel } from './profiles.js';
import { sanitizeText } from './sanitize.js';

/** pass and fail decide the exit code; info says what could not be checked, and why. */
export type CheckStatus = 'pass' | 'fail' | 'info';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** The access review's answer for one permission, or why it could not be asked. */
export type PermissionAnswer = { allowed: boolean; reason?: string } | { error: string };

/**
 * One check per row of the permission table, judged by the session's own rule (sessionVerdict for a
 * shell that adds a container): a denied row fails exactly when it would stop that session; a denied
 * row the session does without (attach where exec works, the optional namespace read) is info.
 */
export function permissionChecks(namespace: string, answers: ReadonlyMap<Permission, PermissionAnswer>): Check[] {
  const verdict = sessionVerdict((p) => {
    const answer = answers.get(p);
    return answer && 'allowed' in answer ? answer.allowed : undefined;
  }, { commandMode: false, reuse: false });
  return PERMISSIONS.map((p) => {
    const answer = answers.get(p) ?? { error: 'not asked' };
    const check = permissionCheck(p, namespace, answer);
    if (check.status !== 'fail' || 'error' in answer || verdict.missing.includes(p)) return check;
    const instead =
      p.need === 'attach'
        ? 'not needed while pods/exec is allowed'
        : p.need === 'exec'
          ? 'shells attach instead (pods/attach is allowed); commands, stop, cp and packages need it'
          : p.need === 'copy'
            ? `only --copy needs it (to ${p.why})`
            : 'optional';
    return { name: check.name, status: 'info', detail: `not allowed in namespace ${namespace}: ${instead}` };
  });
}

export function permissionCheck(p: Permission, namespace: string, answer: PermissionAnswer): Check {
  const name = `permission: ${permissionName(p)}`;
  if ('error' in answer) {
    return { name, status: 'fail', detail: `cannot ask the API server (${answer.error})`, fix: 'cg-debug needs to create selfsubjectaccessreviews, which every authenticated user may' };
  }
  if (answer.allowed) return { name, status: 'pass', detail: `allowed in namespace ${namespace} (to ${p.why})` };
  return {
    name,
    status: 'fail',
    detail: `not allowed in namespace ${namespace}: cg-debug cannot ${p.why}`,
    fix: `ask for a Role in ${namespace} with verbs [${p.verb}] on resources [${resourceName(p)}] (check: kubectl auth can-i ${permissionName(p)} -n ${namespace})`,
  };
}

/** Kubernetes `major.minor` from a version string such as v1.34.4 or v1.29.3-gke.100; undefined if unreadable. */
export function minorVersion(version: string | undefined): { major: number; minor: number } | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** Ephemeral containers are GA (on by default, not removable) since 1.25. */
export function apiServerCheck(version: string | undefined): Check {
  const v = minorVersion(version);
  if (!v) return { name: 'ephemeral containers', status: 'info', detail: `the API server's version ${JSON.stringify(version ?? '')} is unreadable` };
  if (v.major > 1 || v.minor >= 25) return { name: 'ephemeral containers', status: 'pass', detail: `Kubernetes ${version} serves pods/ephemeralcontainers (GA since 1.25)` };
  return {
    name: 'ephemeral containers',
    status: 'fail',
    detail: `Kubernetes ${version} is older than 1.25: ephemeral containers are missing or behind the EphemeralContainers feature gate`,
    fix: 'upgrade the cluster to 1.25 or later, or enable the EphemeralContainers feature gate (1.23-1.24)',
  };
}

export function podSecurityCheck(namespace: string, level: PodSecurityLevel | undefined, readable: boolean): Check {
  const name = 'pod security';
  if (!readable) return { name, status: 'info', detail: `cannot read namespace ${namespace}: its Pod Security level is unknown (cg-debug then plans for restricted)` };
  if (level === undefined) return { name, status: 'info', detail: `namespace ${namespace} has an enforce label cg-debug does not know` };
  const profiles = profilesAdmittedBy(level).filter((p) => p !== 'auto');
  const root =
    level === 'privileged'
      ? '--as-root works and can read the app\'s files (SYS_PTRACE)'
      : level === 'baseline'
        ? '--as-root works but cannot read another user\'s files (SYS_PTRACE is not allowed)'
        : '--as-root is refused (root is not allowed)';
  return { name, status: 'pass', detail: `namespace ${namespace} enforces ${level}: profiles ${profiles.join(', ')} pass; ${root}` };
}

/**
 * The node's OS, runtime and kubelet. Sharing a target container's process namespace needs Linux and a
 * kubelet with ephemeral containers; the runtime is shown (the API does not tell whether it supports
 * a target namespace; if not, the container starts with its own, and the shell's banner says so).
 */
export function nodeCheck(nodeName: string, info: V1NodeSystemInfo | undefined): Check {
  const name = 'node';
  if (!info) return { name, status: 'info', detail: `cannot read node ${nodeName} (get nodes is not allowed): its OS and runtime are unknown` };
  const facts = `${nodeName}: ${info.operatingSystem}/${info.architecture}, ${info.containerRuntimeVersion}, kubelet ${info.kubeletVersion}`;
  if (info.operatingSystem !== 'linux') {
    return { name, status: 'fail', detail: `${facts}: sharing a target container's processes needs Linux`, fix: 'debug a pod on a Linux node' };
  }
  const kubelet = minorVersion(info.kubeletVersion);
  if (kubelet && kubelet.major === 1 && kubelet.minor < 25) {
    return { name, status: 'fail', detail: `${facts}: the kubelet is older than 1.25`, fix: 'debug a pod on a node whose kubelet is 1.25 or later' };
  }
  return { name, status: 'pass', detail: facts };
}

/** hostUsers: false puts the pod in a user namespace: the debug container joins it. */
export function userNamespaceCheck(pod: V1Pod): Check {
  const name = 'user namespace';
  if (pod.spec?.hostUsers === false) {
    return {
      name,
      status: 'pass',
      detail: 'the pod runs in a user namespace (hostUsers: false): the debug container joins it, so root in it is not root on the node, and files are read as the same user as the app',
    };
  }
  return { name, status: 'pass', detail: 'the pod shares the node\'s user namespace (hostUsers is not false)' };
}

/** The parts of a webhook configuration (mutating or validating) that tell what it intercepts. */
export interface WebhookConfig {
  kind: 'mutating' | 'validating';
  name: string;
  webhooks: { name: string; failurePolicy?: string; rules: { operations?: string[]; resources?: string[]; apiGroups?: string[] }[] }[];
}

function interceptsEphemeral(rule: WebhookConfig['webhooks'][number]['rules'][number]): boolean {
  const group = (rule.apiGroups ?? []).some((g) => g === '' || g === '*');
  const operation = (rule.operations ?? []).some((o) => o === 'UPDATE' || o === '*');
  const resource = (rule.resources ?? []).some((r) => r === '*' || r === '*/*' || r === 'pods/*' || r === 'pods/ephemeralcontainers');
  return group && operation && resource;
}

/** Webhooks that see every ephemeral container patch and can reject or change it. */
export function webhookCheck(configs: WebhookConfig[] | undefined): Check {
  const name = 'admission webhooks';
  if (configs === undefined) return { name, status: 'info', detail: 'cannot list webhook configurations: webhooks that intercept ephemeral containers are unknown' };
  const hits = configs.flatMap((c) =>
    c.webhooks.filter((w) => w.rules.some(interceptsEphemeral)).map((w) => `${c.kind} ${c.name}/${w.name}${w.failurePolicy === 'Fail' ? ' (failurePolicy Fail)' : ''}`),
  );
  if (hits.length === 0) return { name, status: 'pass', detail: `none of ${configs.length} webhook configurations intercepts pods/ephemeralcontainers` };
  return {
    name,
    status: 'fail',
    detail: `intercept pods/ephemeralcontainers and can reject or change the debug container: ${hits.join(', ')}`,
    fix: 'check these webhooks admit a debug container (or exempt the namespace); a rejection names the webhook',
  };
}

/** Whether the -dev image can be pulled: it exists, and the pod's pull credentials cover its registry. */
export function registryCheck(input: {
  image: string;
  verified: 'exists' | 'unchecked' | 'unreachable';
  devRegistry: string;
  appRegistry: string;
  pullSecrets: string[];
}): Check {
  const name = 'debug image';
  if (input.verified === 'unreachable') {
    return {
      name,
      status: 'fail',
      detail: `the registry ${input.devRegistry} did not answer from here, so ${input.image} is a guess`,
      fix: `check the network path to ${input.devRegistry}, or pass --image with an image you know the node can pull`,
    };
  }
  const exists = input.verified === 'exists' ? 'exists' : 'was not checked';
  if (input.devRegistry === input.appRegistry) {
    const how = input.pullSecrets.length > 0 ? `its imagePullSecrets (${input.pullSecrets.join(', ')})` : "the node's own credentials";
    return { name, status: 'pass', detail: `${input.image} ${exists}; it is on the app's registry ${input.devRegistry}, pulled with ${how} like the app` };
  }
  return {
    name,
    status: 'fail',
    detail: `${input.image} ${exists}, but it is on ${input.devRegistry} and the app's image on ${input.appRegistry}: the pod's pull credentials may not cover it`,
    fix: `make sure the node can pull from ${input.devRegistry} (an imagePullSecret on the pod's service account, or node credentials), or pass --image from ${input.appRegistry}`,
  };
}

/** 0 only when no check failed. */
export function doctorExitCode(checks: Check[], failCode: number): number {
  return checks.some((c) => c.status === 'fail') ? failCode : 0;
}

const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', info: '·' };

/**
 * The checks as lines: mark, name, detail, and the fix under a failure. Details and fixes quote the API
 * server (its version, Status messages), the node (its runtime and kubelet versions) and webhook names:
 * each is sanitized here, one line each.
 */
export function formatChecks(checks: Check[]): string {
  return checks
    .map((c) => `${MARK[c.status]} ${sanitizeText(c.name)}: ${sanitizeText(c.detail)}\n${c.fix && c.status !== 'pass' ? `    fix: ${sanitizeText(c.fix)}\n` : ''}`)
    .join('');
}
