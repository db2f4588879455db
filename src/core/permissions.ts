// The one table of the Kubernetes permissions cg-debug uses: what each is for and which commands need it.
// The session's preflight asks it before anything is changed, `doctor` asks all of it, the missing-
// permission error names its rows, and the README's list is checked against it (test/core/permissions).
// A new permission is one row here; a new way of using rows is a new `need` judged in sessionVerdict,
// as a copy's create and delete pods are.
import { ForbiddenError } from './errors.js';
import type { ConnectBy } from './target.js';

/**
 * What a row is for, as the session judges it. read: the pod itself (its GET fails without it); follow:
 * the wait for a new container; patch: adding it; exec: shells and commands; attach: a shell where exec is
 * forbidden; level: the namespace's Pod Security level (optional: unknown means plan for restricted);
 * copy: `--copy` creates a copy of the pod and `stop` deletes it (the copy's preflight asks both).
 */
export type PermissionNeed = 'read' | 'follow' | 'patch' | 'exec' | 'attach' | 'level' | 'copy';

/** The commands a row serves: debug is `cg-debug POD` (a shell or `-- CMD`), tui the picker. */
export type PermissionUser = 'debug' | 'tui' | 'ls' | 'stop' | 'cp' | 'packages';

/** One permission, as a SelfSubjectAccessReview asks it. */
export interface Permission {
  verb: string;
  resource: string;
  subresource?: string;
  /** Completes "cg-debug cannot ..." and "allowed (to ...)". */
  why: string;
  need: PermissionNeed;
  commands: readonly PermissionUser[];
}

/** cp and packages plan, start and exec like a session; only shells attach. */
const SESSION: readonly PermissionUser[] = ['debug', 'tui', 'cp', 'packages'];
const SHELLS: readonly PermissionUser[] = ['debug', 'tui'];
const EXEC_USERS: readonly PermissionUser[] = ['debug', 'tui', 'stop', 'cp', 'packages'];

export const PERMISSIONS: readonly Permission[] = [
  { verb: 'get', resource: 'pods', why: 'read the pod', need: 'read', commands: ['debug', 'tui', 'ls', 'stop', 'cp', 'packages'] },
  { verb: 'list', resource: 'pods', why: 'list the pods (the wait for the debug container, workloads, the picker, ls)', need: 'follow', commands: [...SESSION, 'ls', 'stop'] },
  { verb: 'watch', resource: 'pods', why: 'follow the debug container as it starts', need: 'follow', commands: [...SESSION, 'stop'] },
  { verb: 'patch', resource: 'pods', subresource: 'ephemeralcontainers', why: 'add the debug container', need: 'patch', commands: SESSION },
  // The websocket upgrade is a GET that RBAC also checks as create: a role needs both verbs.
  { verb: 'create', resource: 'pods', subresource: 'exec', why: 'run the shell or a command', need: 'exec', commands: EXEC_USERS },
  { verb: 'get', resource: 'pods', subresource: 'exec', why: 'open the shell or command stream', need: 'exec', commands: EXEC_USERS },
  { verb: 'create', resource: 'pods', subresource: 'attach', why: 'attach a shell where exec is forbidden', need: 'attach', commands: SHELLS },
  { verb: 'get', resource: 'pods', subresource: 'attach', why: 'open the attached shell stream', need: 'attach', commands: SHELLS },
  { verb: 'get', resource: 'namespaces', why: "read the namespace's Pod Security level (optional: unknown plans for restricted)", need: 'level', commands: SESSION },
  { verb: 'create', resource: 'pods', why: 'create a copy of a pod that does not run (--copy)', need: 'copy', commands: SESSION },
  { verb: 'delete', resource: 'pods', why: 'delete the copies of a pod (stop)', need: 'copy', commands: ['stop'] },
];

/** What a SelfSubjectAccessReview asks: may this client `verb` the resource in the namespace. */
export interface AccessQuestion {
  verb: string;
  /** e.g. `pods` */
  resource: string;
  /** e.g. `exec` */
  subresource?: string;
  namespace: string;
}

/** A row as the access review asks it, in a namespace. */
export function reviewQuestion(p: Permission, namespace: string): AccessQuestion {
  return { verb: p.verb, resource: p.resource, ...(p.subresource ? { subresource: p.subresource } : {}), namespace };
}

/** The review questions of one need, in a namespace, in the table's order. */
export function reviewQuestions(need: PermissionNeed, namespace: string): AccessQuestion[] {
  return PERMISSIONS.filter((p) => p.need === need).map((p) => reviewQuestion(p, namespace));
}

export function resourceName(p: Pick<Permission, 'resource' | 'subresource'>): string {
  return `${p.resource}${p.subresource ? `/${p.subresource}` : ''}`;
}

/** `create pods/exec`, as `kubectl auth can-i` takes it. */
export function permissionName(p: Pick<Permission, 'verb' | 'resource' | 'subresource'>): string {
  return `${p.verb} ${resourceName(p)}`;
}

/** The answer for one row: undefined when it was not asked or could not be (the step itself then tells). */
export type AllowedFn = (p: Permission) => boolean | undefined;

export interface SessionMode {
  /** `-- CMD`: exec only, no attach fallback. */
  commandMode: boolean;
  /**
   * A running debug container (or copy) is reused: nothing is added, so neither patch nor create is
   * needed, nor (for a debug container) follow.
   */
  reuse: boolean;
  /**
   * --copy: a copy of the pod is created (create pods) instead of a container added (patch), always
   * followed until it runs, and reached by exec only.
   */
  copy?: boolean;
}

export interface PermissionVerdict {
  /** none: neither exec nor (for a shell) attach is allowed. */
  connectBy: ConnectBy | 'none';
  /** Every row whose denial stops the session: read, patch or create, exec (and attach), follow. */
  missing: Permission[];
  /** Denied rows the session does without, said before it starts: a copy's delete pods (stop cannot remove it). */
  without: Permission[];
}

/** Whether a session may run with these answers, and how it connects: the rule preflight and doctor share. */
export function sessionVerdict(allowed: AllowedFn, mode: SessionMode): PermissionVerdict {
  const denied = (need: PermissionNeed) => PERMISSIONS.filter((p) => p.need === need && allowed(p) === false);
  const canAttach = !mode.commandMode && mode.copy !== true;
  const exec = denied('exec');
  const attach = canAttach ? denied('attach') : [];
  const connectBy = exec.length === 0 ? 'exec' : canAttach && attach.length === 0 ? 'attach' : 'none';
  const cannotConnect = connectBy === 'none' ? [...exec, ...attach] : [];
  const notAdding = (rows: Permission[]) => (mode.reuse ? [] : rows);
  if (mode.copy === true) {
    // Once the copy cannot be created, its delete is named too: every missing permission at once.
    const copy = notAdding(denied('copy'));
    const create = copy.filter((p) => p.verb === 'create');
    const remove = copy.filter((p) => p.verb !== 'create');
    const missing = [...denied('read'), ...(create.length > 0 ? copy : []), ...cannotConnect, ...denied('follow')];
    return { connectBy, missing, without: create.length > 0 ? [] : remove };
  }
  return { connectBy, missing: [...denied('read'), ...notAdding(denied('patch')), ...cannotConnect, ...notAdding(denied('follow'))], without: [] };
}

/**
 * One error naming every missing permission, with the `kubectl auth can-i` to check each; for a copy
 * (mode.copy) it says that the copy needs them.
 */
export function missingPermissionsError(
  namespace: string,
  missing: readonly Permission[],
  impersonate?: { user: string; groups: readonly string[] },
  mode: Pick<SessionMode, 'copy'> = {},
): ForbiddenError {
  const first = missing[0];
  if (!first) throw new Error('missingPermissionsError without a missing permission');
  const order: PermissionNeed[] = ['read', 'copy', 'patch', 'exec', 'follow'];
  const phrases = order.flatMap((need) => {
    const rows = missing.filter((p) => p.need === need);
    const row = rows[0];
    if (!row) return [];
    // Creating and deleting a copy are two acts: each is named on its own.
    if (need === 'copy') return rows.map(permissionName);
    const attachToo = need === 'exec' && missing.some((p) => p.need === 'attach') ? ` (nor ${resourceName({ resource: 'pods', subresource: 'attach' })})` : '';
    return [`${rows.map((p) => p.verb).join(' and ')} ${resourceName(row)}${attachToo}`];
  });
  // With --as, the access reviews answered for the impersonated user: the message and the checks name them.
  const as = impersonate ? ` --as ${impersonate.user}${impersonate.groups.map((g) => ` --as-group ${g}`).join('')}` : '';
  const checks = missing.map((p) => `kubectl auth can-i ${permissionName(p)} -n ${namespace}${as}`);
  const who = impersonate ? `${impersonate.user} (impersonated with --as) ` : '';
  const why = mode.copy === true ? ': a copy of the pod needs them' : '';
  return new ForbiddenError(`${who}cannot ${phrases.join(', nor ')} in namespace ${namespace}${why}`, { verb: first.verb, resource: resourceName(first), namespace }, {
    hint: `ask for RBAC; check with: ${checks.join('; ')}`,
  });
}

/** The README's permission table, rows in the table's order. */
export function permissionsMarkdown(): string {
  const rows = PERMISSIONS.map((p) => `| \`${p.verb}\` | \`${resourceName(p)}\` | ${p.why} | ${p.commands.join(', ')} |`);
  return ['| verb | resource | to | commands |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
