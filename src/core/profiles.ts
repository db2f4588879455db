// CONTRACT STUB: the core helper replaces the bodies; signatures are shared with other modules.
import type { V1SecurityContext } from '@kubernetes/client-node';
import type { TargetFacts } from './target.js';

export const PROFILE_NAMES = ['auto', 'restricted', 'baseline', 'general', 'netadmin', 'sysadmin'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

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

/**
 * Builds the debug container's security context from the profile, the namespace's level and the target.
 * Throws UsageError for combinations that can never be admitted (e.g. --as-root with restricted).
 */
export function planSecurity(input: SecurityInput): SecurityPlan {
  throw new Error(`unimplemented: ${input.profile}`);
}

/** The profiles that Pod Security `level` admits, most useful first (for hints after a rejection). */
export function profilesAdmittedBy(level: PodSecurityLevel): ProfileName[] {
  throw new Error(`unimplemented: ${level}`);
}
