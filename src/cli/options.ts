import { effectiveConfig, imageMappingOf, type EffectiveConfig, type LoadedConfig } from '../config/effective-config.js';
import type { ImageMapping } from '../core/dev-image.js';
import { parseSeconds } from '../core/duration-text.js';
import { parseCopyOperands, type CopyDirection } from '../core/cp-operands.js';
import { UsageError } from '../core/errors.js';
import { MAX_TTL_SECONDS } from '../core/holder.js';
import { parseImageRef } from '../core/image-ref.js';
import { parsePodArg, type PodArg } from '../core/pod-arg.js';
import { isDnsLabel } from '../core/kube-names.js';
import { assertRootAllowed, PROFILE_NAMES, type ProfileName } from '../core/profiles.js';
import { MOUNT_MODES, type MountMode } from '../core/volume-mounts.js';
import type { DebugRequest, DebugWhere } from '../session/debug-session.js';
import { COMPLETION_SHELLS, isSubcommand, SUBCOMMANDS, type CompletionShell, type SubcommandName } from './subcommands.js';
import { parseDuration } from './duration.js';
import type { FlagName, ParsedArgv } from './parse-argv.js';

export interface Connection {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

export type Options =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'dev-image';
      image: string;
      offline: boolean;
      json: boolean;
      quiet: boolean;
      mapping: ImageMapping;
    }
  | { kind: 'config'; json: boolean; effective: EffectiveConfig }
  | {
      kind: 'debug';
      connection: Connection;
      where: DebugWhere;
      request: DebugRequest;
      dryRun?: 'yaml' | 'json';
      quiet: boolean;
      trail: TrailOptions;
    }
  | { kind: 'ls'; connection: Connection; podArg?: PodArg; allNamespaces: boolean; json: boolean; trail: TrailOptions }
  | { kind: 'stop'; connection: Connection; podArg: PodArg; container?: string; all: boolean; timeoutMs: number; quiet: boolean; trail: TrailOptions }
  | {
      kind: 'doctor';
      connection: Connection;
      podArg?: PodArg;
      target?: string;
      json: boolean;
      mapping: ImageMapping;
    }
  | { kind: 'cp'; connection: Connection; where: DebugWhere; request: DebugRequest; copy: CopyDirection; quiet: boolean; stderrIsTTY: boolean; trail: TrailOptions }
  | { kind: 'packages'; connection: Connection; where: DebugWhere; request: DebugRequest; json: boolean; quiet: boolean; trail: TrailOptions }
  | { kind: 'completion'; shell: CompletionShell }
  /** Hidden: names for the completion scripts. */
  | { kind: '__complete'; what: 'pods' | 'namespaces'; connection: Connection }
  | { kind: 'tui'; connection: Connection; allNamespaces: boolean; yes: boolean; loop: boolean; request: DebugRequest; quiet: boolean; trail: TrailOptions };

export interface Environment {
  stdoutIsTTY: boolean;
  /** An interactive shell needs a terminal to read keys from. */
  stdinIsTTY: boolean;
  /** cp draws its progress line only on a terminal. */
  stderrIsTTY?: boolean;
  /** CG_DEBUG_DEFAULT_IMAGE: the debug image for apps without a -dev variant. */
  defaultImage?: string;
  /** The config file, read and schema-checked by the caller; absent: no file. */
  configFile?: LoadedConfig;
  /** Where the audit log goes: $XDG_STATE_HOME, else under $HOME. */
  stateEnv?: { XDG_STATE_HOME?: string | undefined; HOME?: string | undefined };
}

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

const DEFAULT_TIMEOUT_MS = 120_000;

const TUI_ONLY: FlagName[] = ['all-namespaces', 'yes', 'loop'];

/** The audit log (unless the config turns it off) and --record: refused where no single session records. */
function trailOf(flags: ParsedArgv['flags'], settings: EffectiveConfig): TrailOptions {
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
const DOCTOR_USAGE = 'cg-debug doctor [POD] [-n NS] [--context NAME] [--kubeconfig PATH] [--target CONTAINER] [-o json]';
const NO_CONFIG_FILE: LoadedConfig = { file: { path: '', source: 'default', found: false }, config: { mirrors: [], devTags: [] } };

/** flag > env > file > default, for the settings the config file can hold. */
function settingsOf(flags: ParsedArgv['flags'], env: Environment): EffectiveConfig {
  return effectiveConfig(
    env.configFile ?? NO_CONFIG_FILE,
    { CG_DEBUG_DEFAULT_IMAGE: env.defaultImage, ...env.stateEnv },
    { profile: flags.profile, ttlSeconds: flags.ttl === undefined ? undefined : ttlOf(flags.ttl) },
  );
}

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

function configOptions({ flags, positionals }: ParsedArgv, env: Environment): Options {
  if (positionals.length > 1) throw new UsageError('config takes no arguments', { hint: 'cg-debug config [-o json]' });
  if (flags.output !== undefined && flags.output !== 'json') {
    throw new UsageError(`-o ${flags.output} is not supported by config`, { hint: 'use -o json, or no -o for plain text' });
  }
  const effective = settingsOf(flags, env);
  validateProfile(effective.defaultProfile.value, flags.profile);
  imageMappingOf(effective);
  return { kind: 'config', json: flags.output === 'json', effective };
}

/** A subcommand's options, after refusing the flags its row in the table does not list. */
function subcommandOptions(name: SubcommandName, argv: ParsedArgv, env: Environment): Options {
  const row = SUBCOMMANDS[name];
  const misplaced = (Object.keys(argv.flags) as FlagName[]).find((f) => argv.flags[f] !== undefined && !row.flags.includes(f));
  if (misplaced) throw new UsageError(`--${misplaced} does not apply to ${name}`, { hint: `cg-debug ${row.usage}` });
  switch (name) {
    case 'dev-image':
      return devImageOptions(argv, env);
    case 'completion':
      return completionOptions(argv);
    case '__complete':
      return completeOptions(argv);
    case 'config':
      return configOptions(argv, env);
    case 'ls':
      return lsOptions(argv, env);
    case 'stop':
      return stopOptions(argv, env);
    case 'doctor':
      return doctorOptions(argv, env);
    case 'cp':
      return cpOptions(argv, env);
    case 'packages':
      return packagesOptions(argv, env);
  }
}

/** Completes defaults and validates everything that can be checked without the cluster. */
export function toOptions(argv: ParsedArgv, env: Environment): Options {
  const { flags, positionals, command } = argv;
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };
  if (isSubcommand(positionals[0])) return subcommandOptions(positionals[0], argv, env);
  if (flags.all) throw new UsageError('--all only applies to stop', { hint: 'cg-debug stop POD --all' });

  if (positionals.length > 1) {
    throw new UsageError(`unexpected argument ${JSON.stringify(positionals[1])}`, {
      hint: `to run a command in the debug container, put it after --: cg-debug ${positionals[0]} -- ${positionals.slice(1).join(' ')}`,
    });
  }
  const connection = connectionOf(flags);
  // The effective settings (and --ttl), computed once for the request and the trail.
  const settings = settingsOf(flags, env);
  const request = requestOf(argv, settings);
  const quiet = flags.quiet ?? false;
  const podArg = positionals[0];

  if (podArg === undefined) {
    if (command) throw new UsageError('a command needs a pod', { hint: 'cg-debug POD -- COMMAND [ARGS...]' });
    if (flags['dry-run']) throw new UsageError('--dry-run needs a pod', { hint: 'cg-debug POD --dry-run' });
    if (flags.target) throw new UsageError('--target needs a pod', { hint: 'cg-debug POD --target CONTAINER' });
    if (!env.stdoutIsTTY) {
      throw new UsageError('no pod given, and stdout is not a terminal for the pod picker', {
        hint: 'name the pod: cg-debug [-n NS] POD, or run cg-debug in a terminal to pick one',
      });
    }
    return {
      kind: 'tui',
      connection,
      allNamespaces: flags['all-namespaces'] ?? false,
      yes: flags.yes ?? false,
      loop: flags.loop ?? false,
      request,
      quiet,
      trail: trailOf(flags, settings),
    };
  }

  for (const flag of TUI_ONLY) {
    if (flags[flag]) throw new UsageError(`--${flag} only applies to the pod picker`, { hint: 'run cg-debug without a pod to pick one' });
  }
  const pod = podArgOf(podArg);
  if (flags.target !== undefined) validateName('--target', flags.target);
  if (!command && !flags['dry-run'] && !env.stdinIsTTY) {
    throw new UsageError('an interactive shell needs a terminal, and stdin is not one', {
      hint: `run one command instead: cg-debug ${podArg} -- COMMAND (stdin is passed to it), or use --dry-run`,
    });
  }
  return {
    kind: 'debug',
    connection,
    where: whereOf(pod, flags),
    request,
    ...dryRunOf(flags),
    quiet,
    trail: trailOf(flags, settings),
  };
}

function devImageOptions({ flags, positionals }: ParsedArgv, env: Environment): Options {
  const image = positionals[1];
  if (image === undefined || positionals.length > 2) {
    throw new UsageError('dev-image takes exactly one image', { hint: 'cg-debug dev-image cgr.dev/chainguard/nginx:1.27' });
  }
  parseImageRef(image);
  if (flags.output !== undefined && flags.output !== 'json') {
    throw new UsageError(`-o ${flags.output} is not supported by dev-image`, { hint: 'use -o json, or no -o for plain text' });
  }
  return {
    kind: 'dev-image',
    image,
    offline: flags.offline ?? false,
    json: flags.output === 'json',
    quiet: flags.quiet ?? false,
    mapping: imageMappingOf(settingsOf(flags, env)),
  };
}

function lsOptions({ flags, positionals, command }: ParsedArgv, env: Environment): Options {
  const usage = 'cg-debug ls [POD] [-n NS | -A] [-o json]';
  if (positionals.length > 2 || command !== undefined) throw new UsageError('ls takes at most one pod', { hint: usage });
  const podArg = positionals[1] === undefined ? undefined : podArgOf(positionals[1]);
  if (podArg !== undefined && flags['all-namespaces']) throw new UsageError('a pod and -A do not go together', { hint: usage });
  if (flags.output !== undefined && flags.output !== 'json') {
    throw new UsageError(`-o ${flags.output} is not supported by ls`, { hint: 'use -o json, or no -o for a table' });
  }
  return {
    kind: 'ls',
    connection: connectionOf(flags),
    ...(podArg === undefined ? {} : { podArg }),
    allNamespaces: flags['all-namespaces'] ?? false,
    json: flags.output === 'json',
    trail: trailOf(flags, settingsOf(flags, env)),
  };
}

function stopOptions({ flags, positionals, command }: ParsedArgv, env: Environment): Options {
  const usage = 'cg-debug stop POD [CONTAINER | --all]';
  const [, podWord, container] = positionals;
  if (podWord === undefined || positionals.length > 3 || command !== undefined) throw new UsageError('stop takes a pod and at most one container', { hint: usage });
  const podArg = podArgOf(podWord);
  if (container !== undefined) validateName('the container', container);
  if (container !== undefined && flags.all) throw new UsageError('name a container or pass --all, not both', { hint: usage });
  return {
    kind: 'stop',
    connection: connectionOf(flags),
    podArg,
    ...(container === undefined ? {} : { container }),
    all: flags.all ?? false,
    timeoutMs: flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration('--timeout', flags.timeout),
    quiet: flags.quiet ?? false,
    trail: trailOf(flags, settingsOf(flags, env)),
  };
}

function doctorOptions({ flags, positionals, command }: ParsedArgv, env: Environment): Options {
  if (positionals.length > 2 || command !== undefined) throw new UsageError('doctor takes at most one pod', { hint: DOCTOR_USAGE });
  if (flags.output !== undefined && flags.output !== 'json') {
    throw new UsageError(`-o ${flags.output} is not supported by doctor`, { hint: 'use -o json, or no -o for plain text' });
  }
  const podArg = positionals[1] === undefined ? undefined : podArgOf(positionals[1]);
  if (flags.target !== undefined) {
    if (podArg === undefined) throw new UsageError('--target needs a pod', { hint: 'cg-debug doctor POD --target CONTAINER' });
    validateName('--target', flags.target);
  }
  return {
    kind: 'doctor',
    connection: connectionOf(flags),
    ...(podArg === undefined ? {} : { podArg }),
    ...(flags.target === undefined ? {} : { target: flags.target }),
    json: flags.output === 'json',
    mapping: imageMappingOf(settingsOf(flags, env)),
  };
}

const CP_USAGE = 'cg-debug cp [-n NS] [--target C] POD:PATH LOCAL|-  or  cg-debug cp [-n NS] LOCAL|- POD:[PATH]';

function cpOptions(argv: ParsedArgv, env: Environment): Options {
  const { flags, positionals, command } = argv;
  if (command !== undefined) throw new UsageError('cp takes no command after --', { hint: CP_USAGE });
  const copy = parseCopyOperands(positionals.slice(1));
  const pod = podArgOf(copy.podArg);
  if (flags.target !== undefined) validateName('--target', flags.target);
  if (copy.kind === 'download' && copy.local === '-' && env.stdoutIsTTY) {
    throw new UsageError('cp to - writes a tar stream, and stdout is a terminal', { hint: 'pipe it: cg-debug cp POD:PATH - | tar -tvf -' });
  }
  if (copy.kind === 'upload' && copy.local === '-' && env.stdinIsTTY) {
    throw new UsageError('cp from - reads a tar stream, and stdin is a terminal', { hint: 'pipe one in: tar -cf - DIR | cg-debug cp - POD:/tmp' });
  }
  const settings = settingsOf(flags, env);
  return {
    kind: 'cp',
    connection: connectionOf(flags),
    where: whereOf(pod, flags),
    request: requestOf(argv, settings),
    copy,
    quiet: flags.quiet ?? false,
    stderrIsTTY: env.stderrIsTTY ?? false,
    trail: trailOf(flags, settings),
  };
}

const PACKAGES_USAGE = 'cg-debug packages [-n NS] [--target C] POD [-o json]';

function packagesOptions(argv: ParsedArgv, env: Environment): Options {
  const { flags, positionals, command } = argv;
  const podArg = positionals[1];
  if (podArg === undefined || positionals.length > 2 || command !== undefined) {
    throw new UsageError('packages takes exactly one pod', { hint: PACKAGES_USAGE });
  }
  const pod = podArgOf(podArg);
  if (flags.target !== undefined) validateName('--target', flags.target);
  if (flags.output !== undefined && flags.output !== 'json') {
    throw new UsageError(`-o ${flags.output} is not supported by packages`, { hint: 'use -o json, or no -o for a table' });
  }
  const settings = settingsOf(flags, env);
  return {
    kind: 'packages',
    connection: connectionOf(flags),
    where: whereOf(pod, flags),
    // -o is packages' own; the debug request knows only --dry-run's.
    request: requestOf({ ...argv, flags: { ...flags, output: undefined } }, settings),
    json: flags.output === 'json',
    quiet: flags.quiet ?? false,
    trail: trailOf(flags, settings),
  };
}

function completionOptions({ positionals, command }: ParsedArgv): Options {
  const shell = positionals[1] as CompletionShell;
  const hint = `cg-debug completion ${COMPLETION_SHELLS.join('|')}`;
  if (command !== undefined || positionals.length !== 2) throw new UsageError('completion takes exactly one shell', { hint });
  if (!COMPLETION_SHELLS.includes(shell)) throw new UsageError(`no completion for shell ${JSON.stringify(shell)}`, { hint });
  return { kind: 'completion', shell };
}

function completeOptions({ flags, positionals }: ParsedArgv): Options {
  const what = positionals[1];
  if ((what !== 'pods' && what !== 'namespaces') || positionals.length !== 2) {
    throw new UsageError('__complete takes pods or namespaces', {
      hint: 'it is meant for the completion scripts: cg-debug completion bash|zsh|fish',
    });
  }
  return { kind: '__complete', what, connection: connectionOf(flags) };
}

function connectionOf(flags: ParsedArgv['flags']): Connection {
  if (flags.namespace !== undefined) validateName('--namespace', flags.namespace);
  return {
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    ...(flags.namespace === undefined ? {} : { namespace: flags.namespace }),
  };
}

function validateProfile(profile: string, flag: string | undefined): asserts profile is ProfileName {
  if (!PROFILE_NAMES.includes(profile as ProfileName)) {
    throw new UsageError(`unknown profile ${JSON.stringify(flag ?? profile)}`, { hint: `use one of: ${PROFILE_NAMES.join(', ')}` });
  }
}

/** Where to debug: the pod argument and --target (the namespace is the kube client's). */
function whereOf(pod: PodArg, flags: ParsedArgv['flags']): DebugWhere {
  return { pod, ...(flags.target === undefined ? {} : { target: flags.target }) };
}

/** How to debug, from the flags and the effective config: the whole request, built once. */
function requestOf({ flags, command }: ParsedArgv, settings: EffectiveConfig): DebugRequest {
  const profile = settings.defaultProfile.value;
  validateProfile(profile, flags.profile);
  const asRoot = flags['as-root'] ?? false;
  // Refused here, before any API call, by the rule the plan applies.
  assertRootAllowed({ profile, asRoot });
  if (flags.image !== undefined) parseImageRef(flags.image);
  if (flags.name !== undefined) validateName('--name', flags.name);
  if (flags.env && command !== undefined) {
    throw new UsageError('--env applies to the interactive shell, not to a command', {
      hint: 'drop --env for a command, or open a shell with it: cg-debug POD --env',
    });
  }
  if (command !== undefined && command.length === 0) {
    throw new UsageError('nothing after --', { hint: 'cg-debug POD -- COMMAND [ARGS...], or leave out -- for a shell' });
  }
  const mountVolumes = flags['mount-volumes'];
  if (mountVolumes !== undefined && !MOUNT_MODES.includes(mountVolumes as MountMode)) {
    throw new UsageError(`--mount-volumes=${mountVolumes} is not a mode`, { hint: 'use --mount-volumes (read-only) or --mount-volumes=rw' });
  }
  if (flags.output !== undefined && !flags['dry-run']) {
    throw new UsageError('-o only applies to --dry-run and dev-image', { hint: 'cg-debug POD --dry-run -o json' });
  }
  const copy = copyOf(flags);
  return {
    ...(flags.image === undefined ? {} : { image: flags.image }),
    profile,
    asRoot,
    ...(flags.name === undefined ? {} : { name: flags.name }),
    forceNew: flags.new ?? false,
    timeoutMs: flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration('--timeout', flags.timeout),
    ttlSeconds: settings.ttl.value,
    offline: flags.offline ?? false,
    mapping: imageMappingOf(settings),
    ...(command === undefined ? {} : { command }),
    ...(mountVolumes === undefined ? {} : { mountVolumes: mountVolumes as MountMode }),
    ...(flags.env ? { importEnv: true } : {}),
    ...(copy ? { copy } : {}),
  };
}

/** --copy and its flags; the ones that make no sense in a copy are refused here, before any API call. */
function copyOf(flags: ParsedArgv['flags']): DebugRequest['copy'] {
  if (!flags.copy) {
    const stray = (['keep-labels', 'same-node'] as const).find((f) => flags[f]);
    if (stray) throw new UsageError(`--${stray} only applies to --copy`, { hint: `cg-debug POD --copy --${stray}` });
    return undefined;
  }
  // The copy's app container is the app's own: its volumes and environment are already there.
  const inert = (['mount-volumes', 'env'] as const).find((f) => flags[f] !== undefined);
  if (inert) {
    throw new UsageError(`--${inert} does not apply to --copy`, { hint: "the copy's container already has the app's volumes and environment: drop it" });
  }
  return { keepLabels: flags['keep-labels'] ?? false, sameNode: flags['same-node'] ?? false };
}

function dryRunOf(flags: ParsedArgv['flags']): { dryRun?: 'yaml' | 'json' } {
  if (!flags['dry-run']) return {};
  const format = flags.output ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') {
    throw new UsageError(`-o ${format} is not a format`, { hint: 'use -o yaml or -o json' });
  }
  return { dryRun: format };
}

/** The pod argument, parsed once here (refused before any API call) and carried to the lookup. */
function podArgOf(arg: string): PodArg {
  return parsePodArg(arg);
}

function validateName(flag: string, value: string): void {
  if (!isDnsLabel(value)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a valid name`, {
      hint: 'names are at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit',
    });
  }
}
