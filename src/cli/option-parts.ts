// The parts of options several commands share: the connection, the debug request, the audit trail and
// the checks on names, each computed by one function the commands call.
import { effectiveConfig, imageMappingOf, type EffectiveConfig, type LoadedConfig } from '../config/effective-config.js';
import { parseSeconds } from '../core/duration-text.js';
import { UsageError } from '../core/errors.js';
import { MAX_TTL_SECONDS } from '../core/holder.js';
import { parseImageRef } from '../core/image-ref.js';
import { isDnsLabel } from '../core/kube-names.js';
import { parsePodArg, type PodArg } from '../core/pod-arg.js';
import { assertRootAllowed, PROFILE_NAMES, type ProfileName } from '../core/profiles.js';
import { IMAGE_PULL_POLICIES, type ImagePullPolicy } from '../core/debug-container.js';
import { MOUNT_MODES, type MountMode } from '../core/volume-mounts.js';
import type { ConnectOptions } from '../kube/client.js';
import type { Impersonation } from '../kube/request-policy.js';
import type { DebugRequest, DebugWhere } from '../session/debug-session.js';
import type { Environment, OutputFormat } from './command.js';
import { parseDuration } from './duration.js';
import type { FlagName, ParsedArgv } from './parse-argv.js';
import { checkCustomSpec, type CustomSpec } from '../core/custom-spec.js';

/** --kubeconfig, --context, -n, --as*, --request-timeout: exactly what kube/client.ts's connect takes. */
export type Connection = ConnectOptions;

/** --record FILE (and --record-input): the session as an asciicast v2 file. */
export interface RecordOption {
  file: string;
  input: boolean;
}

/** What every session that touches a pod leaves behind: a line in the audit log, unless turned off. */
export interface TrailOptions {
  /** The audit log file; absent when `audit: false`, or when it has no place to go. */
  auditLog?: string;
  /** The audit log is on but has no place to go: why (each audited run warns with it). */
  auditUnavailable?: string;
  record?: RecordOption;
}

export type Flags = ParsedArgv['flags'];

export const DEFAULT_TIMEOUT_MS = 120_000;

const NO_CONFIG_FILE: LoadedConfig = { file: { path: '', source: 'default', found: false }, config: { mirrors: [], devTags: [] } };

/** flag > env > file > default, for the settings the config file can hold. */
export function settingsOf(flags: Flags, env: Environment): EffectiveConfig {
  return effectiveConfig(
    env.configFile ?? NO_CONFIG_FILE,
    { CG_DEBUG_DEFAULT_IMAGE: env.defaultImage, ...env.stateEnv },
    { profile: flags.profile === LEGACY ? LEGACY_AS : flags.profile, ttlSeconds: flags.ttl === undefined ? undefined : ttlOf(flags.ttl) },
  );
}

// kubectl's legacy profile sets nothing on an ephemeral container: cg-debug's baseline does the same.
const LEGACY = 'legacy';
const LEGACY_AS = 'baseline';
const LEGACY_NOTE = "--profile legacy is kubectl's old default, which adds nothing to an ephemeral container: using baseline (kubectl's new default is general)";

/** --ttl: `0` (no limit) or a duration up to a week. */
function ttlOf(value: string): number {
  const seconds = parseSeconds(value);
  if (seconds === undefined || seconds > MAX_TTL_SECONDS) {
    throw new UsageError(`--ttl ${JSON.stringify(value)} is not a duration from 1s to 168h, or 0`, {
      hint: 'e.g. --ttl 30m, --ttl 8h, or --ttl 0 for a debug container that runs until cg-debug stop',
    });
  }
  return seconds;
}

/** The audit log (unless the config turns it off) and --record: refused where no single session records. */
export function trailOf(flags: Flags, env: Environment, settings: EffectiveConfig = settingsOf(flags, env)): TrailOptions {
  // --dry-run changes nothing, so it leaves no audit line.
  const { audit } = settings;
  const auditLog: TrailOptions =
    !audit.value || flags['dry-run'] ? {} : audit.path === undefined ? { auditUnavailable: audit.pathSource } : { auditLog: audit.path };
  if (flags.record === undefined) {
    if (flags['record-input']) throw new UsageError('--record-input needs --record FILE', { hint: 'cg-debug POD --record session.cast --record-input' });
    return auditLog;
  }
  if (flags.record === '' || flags.record === '-') {
    throw new UsageError(`--record needs a file name${flags.record === '-' ? ', not -' : ''}`, { hint: 'cg-debug POD --record session.cast' });
  }
  if (flags['dry-run']) throw new UsageError('--record records a session, and --dry-run starts none', { hint: 'drop --record, or --dry-run' });
  // One file holds one session: asciinema plays one terminal, from one header.
  if (flags.loop) throw new UsageError('--record records one session, and --loop starts one after another', { hint: 'drop --loop to record the next session you pick' });
  return { ...auditLog, record: { file: flags.record, input: flags['record-input'] ?? false } };
}

export function connectionOf(flags: Flags): Connection {
  if (flags.namespace !== undefined) validateName('--namespace', flags.namespace);
  const impersonate = impersonationOf(flags);
  const requestTimeoutMs = flags['request-timeout'] === undefined || flags['request-timeout'] === '0' ? undefined : parseDuration('--request-timeout', flags['request-timeout'], REQUEST_TIMEOUT_BOUNDS);
  return {
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
    ...(impersonate ? { impersonate } : {}),
    ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
  };
}

// kube/request-options.ts's REQUEST_TIMEOUT_MS, the built-in per-request deadline, stays the upper bound
// (a test keeps the two equal; importing it would load the Kubernetes client for every --help).
export const MAX_REQUEST_TIMEOUT_MS = 30_000;
const REQUEST_TIMEOUT_BOUNDS = { minMs: 1_000, maxMs: MAX_REQUEST_TIMEOUT_MS };

// They become HTTP header values: printable ASCII only, so nothing can end a header line early.
const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

function impersonationOf(flags: Flags): Impersonation | undefined {
  const user = flags.as;
  const groups = flags['as-group'] ?? [];
  const uid = flags['as-uid'];
  if (user === undefined) {
    if (groups.length > 0 || uid !== undefined) {
      throw new UsageError(`${groups.length > 0 ? '--as-group' : '--as-uid'} needs --as USER`, {
        hint: 'the API server impersonates groups and a uid only along with a user: cg-debug --as USER --as-group GROUP ...',
      });
    }
    return undefined;
  }
  for (const [flag, value] of [['--as', user], ...groups.map((g) => ['--as-group', g]), ...(uid === undefined ? [] : [['--as-uid', uid]])] as const) {
    if (!HEADER_VALUE.test(value)) {
      throw new UsageError(`${flag} ${JSON.stringify(value)} is not a user, group or uid name`, {
        hint: 'names are printable ASCII without leading or trailing spaces, e.g. --as jane@example.com --as-group oncall',
      });
    }
  }
  return { user, groups, ...(uid === undefined ? {} : { uid }) };
}

export function validateProfile(profile: string, flag: string | undefined): asserts profile is ProfileName {
  if (!PROFILE_NAMES.includes(profile as ProfileName)) {
    throw new UsageError(`unknown profile ${JSON.stringify(flag ?? profile)}`, { hint: `use one of: ${PROFILE_NAMES.join(', ')}, or a profile of the config file (profiles:)` });
  }
}

/** Where to debug: the pod argument and --target (the namespace is the kube client's). */
export function whereOf(pod: string, flags: Flags): DebugWhere {
  const parsed = podArgOf(pod);
  if (flags.target !== undefined) validateName('--target', flags.target);
  return { pod: parsed, ...(flags.target === undefined ? {} : { target: flags.target }) };
}

/** How to debug, from the flags and the effective config: the whole request, built once. */
export function requestOf(argv: ParsedArgv, env: Environment, settings: EffectiveConfig = settingsOf(argv.flags, env)): DebugRequest {
  const { flags, command } = argv;
  const profile = settings.defaultProfile.value;
  validateProfile(profile, flags.profile);
  const asRoot = flags['as-root'] ?? false;
  // Refused here, before any API call, by the rule the plan applies.
  assertRootAllowed({ profile, asRoot });
  if (flags.image !== undefined) parseImageRef(flags.image);
  const name = containerNameOf(flags);
  if (flags['app-env'] && command !== undefined) {
    throw new UsageError("--app-env applies to the interactive shell, not to a command", {
      hint: "drop --app-env for a command (--env KEY=VAL sets single variables), or open a shell with it: cg-debug POD --app-env",
    });
  }
  const envPairs = (flags.env ?? []).map(envPair);
  const pullPolicy = flags['image-pull-policy'];
  if (pullPolicy !== undefined && !IMAGE_PULL_POLICIES.includes(pullPolicy as ImagePullPolicy)) {
    throw new UsageError(`--image-pull-policy ${JSON.stringify(pullPolicy)} is not a policy`, { hint: `use one of: ${IMAGE_PULL_POLICIES.join(', ')}` });
  }
  if (command !== undefined && command.length === 0) {
    throw new UsageError('nothing after --', { hint: 'cg-debug POD -- COMMAND [ARGS...], or leave out -- for a shell' });
  }
  const mountVolumes = flags['mount-volumes'];
  if (mountVolumes !== undefined && !MOUNT_MODES.includes(mountVolumes as MountMode)) {
    throw new UsageError(`--mount-volumes=${mountVolumes} is not a mode`, { hint: 'use --mount-volumes (read-only) or --mount-volumes=rw' });
  }
  const copy = copyOf(flags);
  return {
    ...(flags.image === undefined ? {} : { image: flags.image }),
    profile,
    asRoot,
    ...(name === undefined ? {} : { name }),
    forceNew: flags.new ?? false,
    timeoutMs: timeoutOf(flags),
    ttlSeconds: settings.ttl.value,
    offline: flags.offline ?? false,
    mapping: imageMappingOf(settings),
    ...(command === undefined ? {} : { command }),
    ...(mountVolumes === undefined ? {} : { mountVolumes: mountVolumes as MountMode }),
    ...(flags['app-env'] ? { importEnv: true } : {}),
    ...(envPairs.length > 0 ? { env: envPairs } : {}),
    ...(pullPolicy === undefined ? {} : { imagePullPolicy: pullPolicy as ImagePullPolicy }),
    ...customOf(argv, env, pullPolicy !== undefined),
    ...(flags.profile === LEGACY ? { notes: [LEGACY_NOTE] } : {}),
    ...(copy ? { copy } : {}),
  };
}

/**
 * --copy and its flags; the ones that make no sense in a copy are refused here, before any API call. The
 * copy's app container is the app's own: its volumes and environment are already there. --env KEY=VAL
 * still works: it is given to the exec'd shell or command, not written into a container spec.
 */
function copyOf(flags: Flags): DebugRequest['copy'] {
  if (!flags.copy) {
    const stray = (['keep-labels', 'same-node'] as const).find((f) => flags[f]);
    if (stray) throw new UsageError(`--${stray} only applies to --copy`, { hint: `cg-debug POD --copy --${stray}` });
    return undefined;
  }
  const inert = (['mount-volumes', 'app-env'] as const).find((f) => flags[f] !== undefined);
  if (inert) {
    throw new UsageError(`--${inert} does not apply to --copy`, { hint: "the copy's container already has the app's volumes and environment: drop it" });
  }
  // The copy is built from the pod's own spec: a partial container spec or a pull policy has no container to go into.
  const unbuilt = (['custom', 'image-pull-policy'] as const).find((f) => flags[f] !== undefined);
  if (unbuilt) throw new UsageError(`--${unbuilt} does not apply to --copy`, { hint: 'it shapes a new ephemeral container; drop --copy or drop it' });
  return { keepLabels: flags['keep-labels'] ?? false, sameNode: flags['same-node'] ?? false };
}

/** -c NAME, as kubectl debug spells it, or --name NAME: one name. */
function containerNameOf(flags: Flags): string | undefined {
  const { container, name } = flags;
  if (container !== undefined && name !== undefined && container !== name) {
    throw new UsageError(`-c ${container} and --name ${name} name two containers`, { hint: 'give one: -c NAME (as kubectl debug) or --name NAME' });
  }
  const chosen = container ?? name;
  if (chosen !== undefined) validateName(container !== undefined ? '-c' : '--name', chosen);
  return chosen;
}

// kubectl's rule for variable names (a C identifier, plus '.' and '-').
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** --env KEY=VAL, as kubectl debug takes it: the name checked, the value anything. */
function envPair(pair: string): string {
  const eq = pair.indexOf('=');
  const key = eq === -1 ? pair : pair.slice(0, eq);
  if (eq === -1 || !ENV_NAME.test(key)) {
    throw new UsageError(`--env ${JSON.stringify(pair)} is not KEY=VAL`, {
      hint: eq === -1 ? "--env sets one variable: --env LOG_LEVEL=debug; the app's whole environment is --app-env" : 'a name is letters, digits, "_", "." and "-", not starting with a digit',
    });
  }
  return pair;
}

export function timeoutOf(flags: Flags): number {
  return flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration('--timeout', flags.timeout);
}

/** -o, checked against the formats a command prints. */
export function outputOf(flags: Flags, name: string, outputs: readonly OutputFormat[] = []): OutputFormat | undefined {
  const format = flags.output;
  if (format === undefined) return undefined;
  if (outputs.includes(format as OutputFormat)) return format as OutputFormat;
  throw new UsageError(`-o ${format} is not supported by ${name}`, {
    hint: outputs.length === 0 ? `${name} prints text only: drop -o` : `use ${outputs.map((o) => `-o ${o}`).join(' or ')}, or no -o for plain text`,
  });
}

/** Refuses a pod argument the parser in core/ would refuse, before any API call. */
export function validatePodArg(arg: string): void {
  parsePodArg(arg);
}

/** The pod argument, parsed once here (refused before any API call) and carried to the lookup. */
export function podArgOf(arg: string): PodArg {
  return parsePodArg(arg);
}

export function validateName(flag: string, value: string): void {
  if (!isDnsLabel(value)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a valid name`, {
      hint: 'names are at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
    });
  }
}

/**
 * --profile NAME of a profile in the config file: its settings as the flags they stand for, filled in
 * only where the command line left them out and only those `takes` (the command's flags).
 */
export function withTeamProfile(argv: ParsedArgv, env: Environment, takes: readonly FlagName[]): ParsedArgv {
  const name = argv.flags.profile;
  const preset = name === undefined ? undefined : env.configFile?.config.profiles?.[name];
  if (name === undefined || preset === undefined) return argv;
  const flags: Flags = { ...argv.flags, profile: preset.profile };
  if (preset.profile === undefined) delete flags.profile;
  const fill = <K extends FlagName>(flag: K, value: Flags[K] | undefined): void => {
    if (value !== undefined && flags[flag] === undefined && takes.includes(flag)) flags[flag] = value;
  };
  fill('image', preset.image);
  fill('ttl', preset.ttl === undefined ? undefined : preset.ttl === 0 ? '0' : `${preset.ttl}s`);
  fill('as-root', preset.asRoot);
  fill('mount-volumes', preset.mountVolumes);
  if (preset.env && takes.includes('env')) flags.env = [...preset.env, ...(flags.env ?? [])];
  return { ...argv, flags, preset: { name, ...(preset.custom && takes.includes('custom') ? { custom: preset.custom } : {}) } };
}

/** --custom FILE (JSON or YAML) over the config profile's custom spec, checked; --image-pull-policy wins. */
function customOf(argv: ParsedArgv, env: Environment, pullPolicyFlag: boolean): { custom?: CustomSpec } {
  const file = argv.flags.custom;
  let fromFile: CustomSpec | undefined;
  if (file !== undefined) {
    if (env.readFile === undefined) throw new UsageError('--custom cannot read files here', { hint: 'drop --custom' });
    let text: string;
    try {
      text = env.readFile(file);
    } catch (error) {
      throw new UsageError(`--custom ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { hint: 'check the path', cause: error });
    }
    let value: unknown;
    try {
      // JSON is YAML; the YAML parser is loaded by main only when --custom is given (--help stays light).
      value = (env.parseYaml ?? JSON.parse)(text);
    } catch (error) {
      throw new UsageError(`--custom ${file}: neither JSON nor YAML: ${(error as Error).message.split('\n')[0] ?? ''}`, { hint: 'e.g. {"env": [{"name": "LOG_LEVEL", "value": "debug"}]}', cause: error });
    }
    fromFile = checkCustomSpec(value, `--custom ${file}`);
  }
  const merged = argv.preset?.custom || fromFile ? { ...argv.preset?.custom, ...fromFile } : undefined;
  if (merged === undefined) return {};
  if (pullPolicyFlag) delete merged.imagePullPolicy;
  return { custom: merged };
}

/** What a subcommand that runs in a debug container (cp, packages) takes, each part computed once. */
export function sessionPartsOf(argv: ParsedArgv, env: Environment, where: DebugWhere) {
  const settings = settingsOf(argv.flags, env);
  return {
    connection: connectionOf(argv.flags),
    where,
    request: requestOf(argv, env, settings),
    quiet: argv.flags.quiet ?? false,
    trail: trailOf(argv.flags, env, settings),
  };
}
