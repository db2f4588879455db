import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  addCapabilities,
  disallowPrivilegeEscalation,
  disallowRoot,
  dropAllCapabilities,
  planSecurity,
  profilesAdmittedBy,
  runAs,
  runtimeDefaultSeccomp,
  securitySummary,
  setPrivileged,
} from '../../src/core/profiles.js';
import type { PodSecurityLevel, ProfileName, SecurityInput, SecurityPlan } from '../../src/core/profiles.js';
import type { V1SecurityContext } from '@kubernetes/client-node';
import type { TargetFacts } from '../../src/core/target.js';

function target(uid?: number, gid?: number): TargetFacts {
  return {
    namespace: 'shop',
    pod: 'web-1',
    container: 'app',
    image: 'cgr.dev/chainguard/python:3.12',
    ...(uid === undefined ? {} : { uid }),
    ...(gid === undefined ? {} : { gid }),
    uidSource: uid === undefined ? 'unknown' : 'container',
    readOnlyRootFilesystem: true,
    shareProcessNamespace: false,
    running: true,
  };
}

function input(profile: ProfileName, level: PodSecurityLevel | undefined, asRoot: boolean, t: TargetFacts): SecurityInput {
  return { profile, level, asRoot, target: t };
}

const RESTRICTED = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};
const ROOT = { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false };
const SAME_65532 = { readAppFiles: 'yes', readAppFilesWhy: 'same user as the app (uid 65532)' } as const;
const NO_APK = { installPackages: 'no', installPackagesWhy: 'apk add needs root: rerun with --as-root' } as const;
const APK = { installPackages: 'yes', installPackagesWhy: 'running as root' } as const;
const UNKNOWN_USER = "the app's user is unknown; the debug shell runs as uid 65532 (Chainguard's nonroot user)";
const ROOT_NO_PTRACE_BASELINE = "root without CAP_SYS_PTRACE cannot read uid 65532's files; Pod Security baseline forbids adding it";

describe('planSecurity', () => {
  it.each<{ name: string; input: SecurityInput; want: SecurityPlan }>([
    {
      name: 'auto, non-root, restricted namespace: restricted hardening as the app user',
      input: input('auto', 'restricted', false, target(65532, 65532)),
      want: {
        profile: 'auto',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 65532, runAsGroup: 65532 },
        uid: 65532,
        gid: 65532,
        abilities: { ...SAME_65532, installPackages: 'no', installPackagesWhy: 'apk add needs root, which Pod Security restricted forbids here' },
        warnings: [],
      },
    },
    {
      name: 'auto, non-root, privileged namespace: still restricted hardening',
      input: input('auto', 'privileged', false, target(65532, 65532)),
      want: {
        profile: 'auto',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 65532, runAsGroup: 65532 },
        uid: 65532,
        gid: 65532,
        abilities: { ...SAME_65532, ...NO_APK },
        warnings: [],
      },
    },
    {
      name: 'auto, non-root, target gid unknown: runAsGroup left to the runtime',
      input: input('auto', 'baseline', false, target(1000)),
      want: {
        profile: 'auto',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 1000 },
        uid: 1000,
        abilities: { readAppFiles: 'yes', readAppFilesWhy: 'same user as the app (uid 1000)', ...NO_APK },
        warnings: [],
      },
    },
    {
      name: 'auto, non-root, target user unknown: assume 65532 and say so',
      input: input('auto', 'baseline', false, target()),
      want: {
        profile: 'auto',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 65532 },
        uid: 65532,
        abilities: { readAppFiles: 'unknown', readAppFilesWhy: "the app's user is unknown", ...NO_APK },
        warnings: [UNKNOWN_USER],
      },
    },
    {
      name: 'auto, non-root, target uid unknown but gid known: keep the gid',
      input: input('auto', undefined, false, target(undefined, 3000)),
      want: {
        profile: 'auto',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 65532, runAsGroup: 3000 },
        uid: 65532,
        gid: 3000,
        abilities: { readAppFiles: 'unknown', readAppFilesWhy: "the app's user is unknown", ...NO_APK },
        warnings: [UNKNOWN_USER],
      },
    },
    {
      name: 'auto, non-root, app runs as root: 65532, files not readable',
      input: input('auto', 'privileged', false, target(0, 0)),
      want: {
        profile: 'auto',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 65532 },
        uid: 65532,
        abilities: {
          readAppFiles: 'no',
          readAppFilesWhy: "uid 65532 cannot read uid 0's files; the app runs as root: rerun with --as-root",
          ...NO_APK,
        },
        warnings: ["the app's files will not be readable: uid 65532 cannot read uid 0's files; the app runs as root: rerun with --as-root"],
      },
    },
    {
      name: 'auto, as root, privileged namespace: root + SYS_PTRACE',
      input: input('auto', 'privileged', true, target(65532, 65532)),
      want: {
        profile: 'auto',
        applied: 'general',
        securityContext: { ...ROOT, capabilities: { add: ['SYS_PTRACE'] } },
        uid: 0,
        gid: 0,
        abilities: { readAppFiles: 'yes', readAppFilesWhy: "root with CAP_SYS_PTRACE can read any process's files", ...APK },
        warnings: [],
      },
    },
    {
      name: 'auto, as root, baseline namespace: root without capabilities, files not readable',
      input: input('auto', 'baseline', true, target(65532, 65532)),
      want: {
        profile: 'auto',
        applied: 'baseline',
        securityContext: ROOT,
        uid: 0,
        gid: 0,
        abilities: { readAppFiles: 'no', readAppFilesWhy: ROOT_NO_PTRACE_BASELINE, ...APK },
        warnings: [`the app's files will not be readable: ${ROOT_NO_PTRACE_BASELINE}`],
      },
    },
    {
      name: 'auto, as root, level unknown: as baseline, and say the level was not read',
      input: input('auto', undefined, true, target(65532)),
      want: {
        profile: 'auto',
        applied: 'baseline',
        securityContext: ROOT,
        uid: 0,
        gid: 0,
        abilities: {
          readAppFiles: 'no',
          readAppFilesWhy: "root without CAP_SYS_PTRACE cannot read uid 65532's files; the namespace's Pod Security level is unknown, so it was not added",
          ...APK,
        },
        warnings: [
          "the namespace's Pod Security level could not be read; CAP_SYS_PTRACE was not added (baseline forbids it)",
          "the app's files will not be readable: root without CAP_SYS_PTRACE cannot read uid 65532's files; the namespace's Pod Security level is unknown, so it was not added",
        ],
      },
    },
    {
      name: 'auto, as root, baseline namespace, app is root too: readable',
      input: input('auto', 'baseline', true, target(0)),
      want: {
        profile: 'auto',
        applied: 'baseline',
        securityContext: ROOT,
        uid: 0,
        gid: 0,
        abilities: { readAppFiles: 'yes', readAppFilesWhy: 'same user as the app (uid 0)', ...APK },
        warnings: [],
      },
    },
    {
      name: 'auto, as root, app user unknown',
      input: input('auto', 'baseline', true, target()),
      want: {
        profile: 'auto',
        applied: 'baseline',
        securityContext: ROOT,
        uid: 0,
        gid: 0,
        abilities: { readAppFiles: 'unknown', readAppFilesWhy: "the app's user is unknown", ...APK },
        warnings: [],
      },
    },
    {
      name: 'restricted, different uid and gid from the app',
      input: input('restricted', undefined, false, target(1000, 2000)),
      want: {
        profile: 'restricted',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 1000, runAsGroup: 2000 },
        uid: 1000,
        gid: 2000,
        abilities: {
          readAppFiles: 'yes',
          readAppFilesWhy: 'same user as the app (uid 1000)',
          installPackages: 'no',
          installPackagesWhy: 'apk add needs root, which the restricted profile forbids',
        },
        warnings: [],
      },
    },
    {
      name: 'restricted, app runs as root: 65532 with a warning',
      input: input('restricted', 'baseline', false, target(0)),
      want: {
        profile: 'restricted',
        applied: 'restricted',
        securityContext: { ...RESTRICTED, runAsUser: 65532 },
        uid: 65532,
        abilities: {
          readAppFiles: 'no',
          readAppFilesWhy: "uid 65532 cannot read uid 0's files; the app runs as root: rerun with --as-root",
          installPackages: 'no',
          installPackagesWhy: 'apk add needs root, which the restricted profile forbids',
        },
        warnings: ["the app's files will not be readable: uid 65532 cannot read uid 0's files; the app runs as root: rerun with --as-root"],
      },
    },
    {
      name: 'baseline, non-root: the app user, nothing else',
      input: input('baseline', 'baseline', false, target(65532, 65532)),
      want: {
        profile: 'baseline',
        applied: 'baseline',
        securityContext: { runAsUser: 65532, runAsGroup: 65532 },
        uid: 65532,
        gid: 65532,
        abilities: { ...SAME_65532, ...NO_APK },
        warnings: [],
      },
    },
    {
      name: 'baseline, app is root: the debug shell matches it',
      input: input('baseline', 'privileged', false, target(0)),
      want: {
        profile: 'baseline',
        applied: 'baseline',
        securityContext: { runAsUser: 0, runAsNonRoot: false },
        uid: 0,
        abilities: { readAppFiles: 'yes', readAppFilesWhy: 'same user as the app (uid 0)', ...APK },
        warnings: [],
      },
    },
    {
      name: 'baseline under a restricted namespace: warn it will be rejected',
      input: input('baseline', 'restricted', false, target(65532, 65532)),
      want: {
        profile: 'baseline',
        applied: 'baseline',
        securityContext: { runAsUser: 65532, runAsGroup: 65532 },
        uid: 65532,
        gid: 65532,
        abilities: { ...SAME_65532, installPackages: 'no', installPackagesWhy: 'apk add needs root, which Pod Security restricted forbids here' },
        warnings: ['Pod Security restricted in namespace shop will likely reject --profile baseline; it admits auto, restricted'],
      },
    },
    {
      name: 'general, as root, privileged namespace',
      input: input('general', 'privileged', true, target(65532, 65532)),
      want: {
        profile: 'general',
        applied: 'general',
        securityContext: { ...ROOT, capabilities: { add: ['SYS_PTRACE'] } },
        uid: 0,
        gid: 0,
        abilities: { readAppFiles: 'yes', readAppFilesWhy: "root with CAP_SYS_PTRACE can read any process's files", ...APK },
        warnings: [],
      },
    },
    {
      name: 'general, non-root other uid: SYS_PTRACE does not reach a non-root shell',
      input: input('general', 'privileged', false, target(1000, 1000)),
      want: {
        profile: 'general',
        applied: 'general',
        securityContext: { runAsUser: 1000, runAsGroup: 1000, capabilities: { add: ['SYS_PTRACE'] } },
        uid: 1000,
        gid: 1000,
        abilities: { readAppFiles: 'yes', readAppFilesWhy: 'same user as the app (uid 1000)', ...NO_APK },
        warnings: [],
      },
    },
    {
      name: 'general under baseline: warn it will be rejected',
      input: input('general', 'baseline', false, target(65532, 65532)),
      want: {
        profile: 'general',
        applied: 'general',
        securityContext: { runAsUser: 65532, runAsGroup: 65532, capabilities: { add: ['SYS_PTRACE'] } },
        uid: 65532,
        gid: 65532,
        abilities: { ...SAME_65532, ...NO_APK },
        warnings: ['Pod Security baseline in namespace shop will likely reject --profile general; it admits auto, baseline, restricted'],
      },
    },
    {
      name: 'netadmin, as root: network capabilities, no SYS_PTRACE',
      input: input('netadmin', 'privileged', true, target(65532, 65532)),
      want: {
        profile: 'netadmin',
        applied: 'netadmin',
        securityContext: { ...ROOT, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } },
        uid: 0,
        gid: 0,
        abilities: { readAppFiles: 'no', readAppFilesWhy: "root without CAP_SYS_PTRACE cannot read uid 65532's files; --profile general adds it", ...APK },
        warnings: ["the app's files will not be readable: root without CAP_SYS_PTRACE cannot read uid 65532's files; --profile general adds it"],
      },
    },
    {
      name: 'sysadmin, as root: privileged',
      input: input('sysadmin', 'privileged', true, target(65532, 65532)),
      want: {
        profile: 'sysadmin',
        applied: 'sysadmin',
        securityContext: { ...ROOT, privileged: true },
        uid: 0,
        gid: 0,
        abilities: { readAppFiles: 'yes', readAppFilesWhy: "root in a privileged container can read any process's files", ...APK },
        warnings: [],
      },
    },
    {
      name: 'sysadmin, non-root, level unknown: no level warning',
      input: input('sysadmin', undefined, false, target(65532, 65532)),
      want: {
        profile: 'sysadmin',
        applied: 'sysadmin',
        securityContext: { runAsUser: 65532, runAsGroup: 65532, privileged: true },
        uid: 65532,
        gid: 65532,
        abilities: { ...SAME_65532, ...NO_APK },
        warnings: [],
      },
    },
  ])('$name', ({ input, want }) => {
    expect(planSecurity(input)).toEqual(want);
  });

  it.each<{ name: string; input: SecurityInput; want: { message: string; hint: string } }>([
    {
      name: '--as-root with the restricted profile',
      input: input('restricted', 'privileged', true, target(65532)),
      want: {
        message: '--as-root cannot run under the restricted profile: Pod Security restricted forbids root',
        hint: 'drop --as-root, or use a namespace that enforces Pod Security baseline or privileged',
      },
    },
    {
      name: '--as-root with auto in a restricted namespace',
      input: input('auto', 'restricted', true, target(65532)),
      want: {
        message: '--as-root cannot run in namespace shop: Pod Security restricted forbids root',
        hint: 'drop --as-root, or use a namespace that enforces Pod Security baseline or privileged',
      },
    },
    {
      name: '--as-root with sysadmin in a restricted namespace',
      input: input('sysadmin', 'restricted', true, target(65532)),
      want: {
        message: '--as-root cannot run in namespace shop: Pod Security restricted forbids root',
        hint: 'drop --as-root, or use a namespace that enforces Pod Security baseline or privileged',
      },
    },
  ])('rejects $name', ({ input, want }) => {
    let thrown: unknown;
    try {
      planSecurity(input);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect({ message: (thrown as UsageError).message, hint: (thrown as UsageError).hint }).toEqual(want);
  });
});

describe('profilesAdmittedBy', () => {
  it.each<{ name: string; input: PodSecurityLevel; want: ProfileName[] }>([
    { name: 'restricted', input: 'restricted', want: ['auto', 'restricted'] },
    { name: 'baseline', input: 'baseline', want: ['auto', 'baseline', 'restricted'] },
    { name: 'privileged', input: 'privileged', want: ['auto', 'general', 'sysadmin', 'netadmin', 'baseline', 'restricted'] },
  ])('$name', ({ input, want }) => {
    expect(profilesAdmittedBy(input)).toEqual(want);
  });
});

describe('mutators', () => {
  const base: V1SecurityContext = Object.freeze({ runAsUser: 7, capabilities: Object.freeze({ add: Object.freeze(['CHOWN']) as string[] }) });
  it.each<{ name: string; input: (sc: V1SecurityContext) => V1SecurityContext; want: V1SecurityContext }>([
    { name: 'runAs non-root', input: (sc) => runAs(sc, 1000, undefined), want: { runAsUser: 1000, capabilities: { add: ['CHOWN'] } } },
    { name: 'runAs root with group', input: (sc) => runAs(sc, 0, 0), want: { runAsUser: 0, runAsGroup: 0, runAsNonRoot: false, capabilities: { add: ['CHOWN'] } } },
    { name: 'disallowRoot', input: disallowRoot, want: { runAsUser: 7, runAsNonRoot: true, capabilities: { add: ['CHOWN'] } } },
    { name: 'dropAllCapabilities removes added ones', input: dropAllCapabilities, want: { runAsUser: 7, capabilities: { drop: ['ALL'] } } },
    { name: 'disallowPrivilegeEscalation', input: disallowPrivilegeEscalation, want: { runAsUser: 7, allowPrivilegeEscalation: false, capabilities: { add: ['CHOWN'] } } },
    { name: 'runtimeDefaultSeccomp', input: runtimeDefaultSeccomp, want: { runAsUser: 7, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { add: ['CHOWN'] } } },
    { name: 'addCapabilities appends', input: (sc) => addCapabilities(sc, ['SYS_PTRACE']), want: { runAsUser: 7, capabilities: { add: ['CHOWN', 'SYS_PTRACE'] } } },
    { name: 'setPrivileged', input: setPrivileged, want: { runAsUser: 7, privileged: true, capabilities: { add: ['CHOWN'] } } },
  ])('$name returns a new object and leaves its input alone', ({ input, want }) => {
    const got = input(base);
    expect(got).toEqual(want);
    expect(got).not.toBe(base);
    expect(base).toEqual({ runAsUser: 7, capabilities: { add: ['CHOWN'] } });
  });
});

describe('securitySummary', () => {
  it.each<{ name: string; input: Pick<SecurityPlan, 'profile' | 'applied' | 'uid'>; want: { profile: string; user: string } }>([
    { name: 'auto names what it applied', input: { profile: 'auto', applied: 'restricted', uid: 65532 }, want: { profile: 'auto -> restricted', user: 'uid 65532' } },
    { name: 'an explicit profile as it is', input: { profile: 'general', applied: 'general', uid: 0 }, want: { profile: 'general', user: 'root' } },
    { name: 'no uid: the image decides', input: { profile: 'baseline', applied: 'baseline' }, want: { profile: 'baseline', user: "the image's user" } },
  ])('$name', ({ input, want }) => expect(securitySummary(input)).toEqual(want));
});
