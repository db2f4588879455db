// Security profiles as data plus small mutators (after kubectl's pkg/cmd/debug/profiles.go), and the
// user decision (the target's uid, or root) kept apart from them.
import type { V1SecurityContext } from '@kubernetes/client-node';
import { UsageError } from './errors.js';
import type { TargetFacts } from './target.js';

export const PROFILE_NAMES = ['auto', 'restricted', 'baseline', 'general', 'netadmin', 'sysadmin'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

/** What each profile does, in the help's words (the help's profile list is built from this table). */
export const PROFILE_SUMMARIES: Readonly<Record<ProfileName, string>> = {
  auto: "(default) the app's user, no added capabilities, restricted hardening; with --as-root: root, plus SYS_PTRACE where the namespace allows it (privileged)",
  restricted: 'non-root, drop ALL, no privilege escalation, RuntimeDefault seccomp',
  baseline: 'nothing added',
  general: 'adds SYS_PTRACE',
  netadmin: 'adds NET_ADMIN, NET_RAW',
  sysadmin: 'privileged',
};

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export type Ability = 'yes' | 'no' | 'unknown';

/** What the debug shell will be able to do, each with the reason in words. */
export interface Abilities {
  readAppFiles: Ability;
  readAppFilesWhy: string;
  installPackages: Ability;
  installPackagesWhy: string;
}

export interface SecurityInput {
  profile: ProfileName;
  /** The namespace's enforced Pod Security level; undefined when it could not be read. */
  level: PodSecurityLevel | undefined;
  asRoot: boolean;
  target: TargetFacts;
}

export interface SecurityPlan {
  /** The profile asked for. */
  profile: ProfileName;
  /** For auto: the kubectl profile whose rules were applied; otherwise the same as profile. */
  applied: Exclude<ProfileName, 'auto'>;
  securityContext: V1SecurityContext;
  uid?: number;
  gid?: number;
  abilities: Abilities;
  warnings: string[];
}

export type AppliedProfile = Exclude<ProfileName, 'auto'>;

/** The profile and the shell's user as the plan's lines say them: `auto -> restricted`, `uid 65532`, `root`. */
export function securitySummary(security: Pick<SecurityPlan, 'profile' | 'applied' | 'uid'>): { profile: string; user: string } {
  return {
    profile: security.profile === 'auto' ? `auto -> ${security.applied}` : security.applied,
    user: security.uid === undefined ? "the image's user" : security.uid === 0 ? 'root' : `uid ${security.uid}`,
  };
}

/** Chainguard images' nonroot user: the best guess when the app's user is unknown. */
export const NONROOT_UID = 65532;

// --- mutators: each returns a new security context and touches only its own fields ---

export function runAs(sc: V1SecurityContext, uid: number, gid: number | undefined): V1SecurityContext {
  const out: V1SecurityContext = { ...sc, runAsUser: uid };
  if (gid !== undefined) out.runAsGroup = gid;
  // Explicit, so a pod-level runAsNonRoot: true is not inherited by a root debug container.
  if (uid === 0) out.runAsNonRoot = false;
  return out;
}

export function disallowRoot(sc: V1SecurityContext): V1SecurityContext {
  return { ...sc, runAsNonRoot: true };
}

export function dropAllCapabilities(sc: V1SecurityContext): V1SecurityContext {
  return { ...sc, capabilities: { drop: ['ALL'] } };
}

export function disallowPrivilegeEscalation(sc: V1SecurityContext): V1SecurityContext {
  return { ...sc, allowPrivilegeEscalation: false };
}

export function runtimeDefaultSeccomp(sc: V1SecurityContext): V1SecurityContext {
  return { ...sc, seccompProfile: { type: 'RuntimeDefault' } };
}

export function addCapabilities(sc: V1SecurityContext, add: string[]): V1SecurityContext {
  const capabilities = { ...sc.capabilities, add: [...(sc.capabilities?.add ?? []), ...add] };
  return { ...sc, capabilities };
}

export function setPrivileged(sc: V1SecurityContext): V1SecurityContext {
  return { ...sc, privileged: true };
}

/** What each profile does to the debug container's security context (ephemeral containers only). */
export const PROFILES: Readonly<Record<AppliedProfile, (sc: V1SecurityContext) => V1SecurityContext>> = {
  restricted: (sc) => runtimeDefaultSeccomp(disallowPrivilegeEscalation(dropAllCapabilities(disallowRoot(sc)))),
  // kubectl's baseline adds nothing to an ephemeral container.
  baseline: (sc) => sc,
  general: (sc) => addCapabilities(sc, ['SYS_PTRACE']),
  netadmin: (sc) => addCapabilities(sc, ['NET_ADMIN', 'NET_RAW']),
  sysadmin: (sc) => setPrivileged(sc),
};

/** The profiles that Pod Security `level` admits, most useful first (for hints after a rejection). */
export function profilesAdmittedBy(level: PodSecurityLevel): ProfileName[] {
  switch (level) {
    case 'restricted':
      return ['auto', 'restricted'];
    // general (SYS_PTRACE), netadmin (NET_ADMIN) and sysadmin (privileged) are beyond baseline.
    case 'baseline':
      return ['auto', 'baseline', 'restricted'];
    case 'privileged':
      return ['auto', 'general', 'sysadmin', 'netadmin', 'baseline', 'restricted'];
  }
}

/** The one rule for --as-root with the restricted profile: the options apply it before any API call, the plan again. */
export function assertRootAllowed({ profile, asRoot }: Pick<SecurityInput, 'profile' | 'asRoot'>): void {
  if (asRoot && profile === 'restricted') throw rootForbidden('under the restricted profile');
}

function rootForbidden(where: string): UsageError {
  return new UsageError(`--as-root cannot run ${where}: Pod Security restricted forbids root`, {
    hint: 'drop --as-root, or use a namespace that enforces Pod Security baseline or privileged',
  });
}

function hasPtrace(sc: V1SecurityContext): boolean {
  return sc.privileged === true || (sc.capabilities?.add ?? []).includes('SYS_PTRACE');
}

function readAppFiles(sc: V1SecurityContext, uid: number, gid: number | undefined, input: SecurityInput): Pick<Abilities, 'readAppFiles' | 'readAppFilesWhy'> {
  const { target, level } = input;
  // Capabilities reach only root: a non-root process loses them at exec (no ambient capabilities).
  if (uid === 0 && hasPtrace(sc)) {
    const how = sc.privileged === true ? 'root in a privileged container' : 'root with CAP_SYS_PTRACE';
    return { readAppFiles: 'yes', readAppFilesWhy: `${how} can read any process's files` };
  }
  if (target.uid === undefined) {
    return { readAppFiles: 'unknown', readAppFilesWhy: `the app's user is unknown` };
  }
  // The kernel lets a process into another's /proc/<pid>/root only with the same uid and gid, or CAP_SYS_PTRACE.
  if (uid === target.uid) {
    if (gid !== undefined && target.gid !== undefined && gid !== target.gid) {
      return { readAppFiles: 'no', readAppFilesWhy: `same uid ${uid} as the app but a different group (gid ${gid}, the app's is ${target.gid})` };
    }
    return { readAppFiles: 'yes', readAppFilesWhy: `same user as the app (uid ${uid})` };
  }
  if (uid === 0) {
    const why = `root without CAP_SYS_PTRACE cannot read uid ${target.uid}'s files`;
    const suffix =
      level === 'privileged'
        ? '; --profile general adds it'
        : level === undefined
          ? "; the namespace's Pod Security level is unknown, so it was not added"
          : `; Pod Security ${level} forbids adding it`;
    return { readAppFiles: 'no', readAppFilesWhy: why + suffix };
  }
  const why = `uid ${uid} cannot read uid ${target.uid}'s files`;
  const suffix =
    target.uid !== 0 ? '' : level === 'restricted' ? '; the app runs as root, which Pod Security restricted forbids here' : '; the app runs as root: rerun with --as-root';
  return { readAppFiles: 'no', readAppFilesWhy: why + suffix };
}

function installPackages(uid: number, input: SecurityInput): Pick<Abilities, 'installPackages' | 'installPackagesWhy'> {
  if (uid === 0) return { installPackages: 'yes', installPackagesWhy: 'running as root' };
  const why =
    input.level === 'restricted'
      ? 'apk add needs root, which Pod Security restricted forbids here'
      : input.profile === 'restricted'
        ? 'apk add needs root, which the restricted profile forbids'
        : 'apk add needs root: rerun with --as-root';
  return { installPackages: 'no', installPackagesWhy: why };
}

function appliedProfile(input: SecurityInput): AppliedProfile {
  const { profile, level, asRoot } = input;
  if (profile !== 'auto') return profile;
  // Non-root: restricted hardening costs nothing when the uid matches the target, and passes every level.
  if (!asRoot) return 'restricted';
  // Root can read the target only with SYS_PTRACE, which only the privileged level admits.
  return level === 'privileged' ? 'general' : 'baseline';
}

/**
 * Builds the debug container's security context from the profile, the namespace's level and the target.
 * Throws UsageError for combinations that can never be admitted (e.g. --as-root with restricted).
 */
export function planSecurity(input: SecurityInput): SecurityPlan {
  const { profile, level, asRoot, target } = input;
  assertRootAllowed(input);
  if (asRoot && level === 'restricted') throw rootForbidden(`in namespace ${target.namespace}`);

  const applied = appliedProfile(input);
  const warnings: string[] = [];

  let uid: number;
  let gid: number | undefined;
  if (asRoot) {
    uid = 0;
    gid = 0;
  } else if (target.uid === undefined) {
    uid = NONROOT_UID;
    gid = target.gid;
    warnings.push(`the app's user is unknown; the debug shell runs as uid ${NONROOT_UID} (Chainguard's nonroot user)`);
  } else if (target.uid === 0 && applied === 'restricted') {
    // restricted forbids uid 0; the target's gid would not make the files readable either.
    uid = NONROOT_UID;
    gid = undefined;
  } else {
    uid = target.uid;
    gid = target.gid;
  }

  const securityContext = PROFILES[applied](runAs({}, uid, gid));

  if (profile === 'auto' && asRoot && level === undefined) {
    warnings.push("the namespace's Pod Security level could not be read; CAP_SYS_PTRACE was not added (baseline forbids it)");
  }
  if (profile !== 'auto' && level !== undefined && !profilesAdmittedBy(level).includes(profile)) {
    warnings.push(
      `Pod Security ${level} in namespace ${target.namespace} will likely reject --profile ${profile}; it admits ${profilesAdmittedBy(level).join(', ')}`,
    );
  }

  const abilities: Abilities = { ...readAppFiles(securityContext, uid, gid, input), ...installPackages(uid, input) };
  if (abilities.readAppFiles === 'no') warnings.push(`the app's files will not be readable: ${abilities.readAppFilesWhy}`);

  const plan: SecurityPlan = { profile, applied, securityContext, uid, abilities, warnings };
  if (gid !== undefined) plan.gid = gid;
  return plan;
}
