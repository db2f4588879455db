import { parseArgs } from 'node:util';
import { closestWord } from '../core/edit-distance.js';
import { UsageError } from '../core/errors.js';
import { PROFILE_NAMES } from '../core/profiles.js';
import type { CustomSpec } from '../core/custom-spec.js';

// One table for the parser and the help text, so a flag cannot exist in one and be missing in the other.
export const FLAGS = {
  namespace: { type: 'string', short: 'n', arg: 'NS', help: 'namespace of the pod (default: the context\'s, else "default")' },
  'all-namespaces': { type: 'boolean', short: 'A', help: 'terminal UI and ls: pods of all namespaces' },
  context: { type: 'string', arg: 'NAME', help: 'kubeconfig context to use' },
  kubeconfig: { type: 'string', arg: 'PATH', help: 'kubeconfig file (default: $KUBECONFIG, merged, else ~/.kube/config)' },
  target: { type: 'string', arg: 'CONTAINER', help: 'app container to debug (default: the only one, else the default-container annotation)' },
  image: { type: 'string', arg: 'IMAGE', help: 'debug image to use instead of the matching -dev image' },
  profile: { type: 'string', arg: 'NAME', help: `security profile: ${PROFILE_NAMES.join('|')} (default auto)` },
  'as-root': { type: 'boolean', help: 'run the shell as root (for apk add); see "Security" below' },
  container: {
    type: 'string',
    short: 'c',
    arg: 'NAME',
    help: "the debug container's name, as kubectl debug -c: reattached when it runs and is what this run would add, else added (default: reattach a matching one, or add cg-debug-XXXXX)",
  },
  name: { type: 'string', arg: 'NAME', help: 'the same as -c NAME' },
  new: { type: 'boolean', help: 'always add a new debug container (or --copy) instead of reusing a running one' },
  copy: { type: 'boolean', help: "debug a copy of the pod whose app runs its -dev image, command held (for pods that crash)" },
  'keep-labels': { type: 'boolean', help: "with --copy: keep the pod's labels (Services and controllers then select the copy)" },
  'same-node': { type: 'boolean', help: "with --copy: run the copy on the pod's node (needed for ReadWriteOnce claims)" },
  env: {
    type: 'string',
    multiple: true,
    arg: 'KEY=VAL',
    help: 'set a variable in the shell or command (repeatable; given to the exec\'d process, never written into the pod spec)',
  },
  'app-env': { type: 'boolean', help: "the shell gets the app's environment (from /proc/1/environ; holds secrets, never printed)" },
  custom: {
    type: 'string',
    arg: 'FILE',
    help: "a partial container spec (JSON or YAML), as kubectl debug --custom: env, volumeMounts, workingDir... merged into a new debug container",
  },
  'image-pull-policy': { type: 'string', arg: 'POLICY', help: "a new debug container's image pull policy: Always, IfNotPresent or Never (default: the cluster's)" },
  'mount-volumes': {
    type: 'string',
    arg: '[=ro|rw]',
    bare: 'ro',
    help: "mount the app container's volumes in the debug container (read-only unless =rw)",
  },
  record: { type: 'string', arg: 'FILE', help: 'record the session as an asciicast v2 file (mode 0600; never overwritten): asciinema play FILE' },
  'record-input': { type: 'boolean', help: 'with --record: record the keys typed too (passwords included)' },
  timeout: { type: 'string', arg: 'DURATION', help: 'how long to wait for the debug container to run, or with stop to end, 1s to 24h (default 2m)' },
  ttl: { type: 'string', arg: 'DURATION', help: 'a new debug container ends by itself after this long (default 1h; 0: no limit; config: ttl)' },
  all: { type: 'boolean', help: 'stop: every running debug container of the pod' },
  offline: { type: 'boolean', help: 'no registry calls: choose the -dev image by name only' },
  'dry-run': { type: 'boolean', help: 'print the ephemeral container and the exact patch (--copy: the pod); change nothing' },
  output: { type: 'string', short: 'o', arg: 'FORMAT', help: 'json or yaml: with --dry-run (default yaml), dev-image, config, packages, ls and doctor' },
  yes: { type: 'boolean', short: 'y', help: 'terminal UI: skip the plan screen' },
  loop: { type: 'boolean', help: 'terminal UI: back to the pod list after the shell exits' },
  quiet: { type: 'boolean', short: 'q', help: 'print only warnings and errors on stderr' },
  as: { type: 'string', arg: 'USER', help: 'impersonate USER on every request, exec included (as kubectl --as); checks answer for USER' },
  'as-group': { type: 'string', multiple: true, arg: 'GROUP', help: 'with --as: impersonate GROUP too (repeatable)' },
  'as-uid': { type: 'string', arg: 'UID', help: 'with --as: impersonate this UID' },
  'request-timeout': { type: 'string', arg: 'DURATION', help: 'abandon each API request after this long, 1s to 30s (default and limit 30s; 0: the default)' },
  stdin: { type: 'boolean', short: 'i', help: "kubectl's -i, accepted: cg-debug decides (a shell reads the terminal, a command reads stdin)" },
  tty: { type: 'boolean', short: 't', help: "kubectl's -t, accepted: cg-debug decides (a shell gets a terminal, a command never)" },
  attach: { type: 'boolean', help: "kubectl's --attach, accepted: a shell or a command always attaches" },
  version: { type: 'boolean', help: 'print the version' },
  help: { type: 'boolean', short: 'h', help: 'print this help' },
} as const;

export type FlagName = keyof typeof FLAGS;
export const FLAG_NAMES = Object.keys(FLAGS) as FlagName[];

/** Every spelling of every flag: `--namespace`, `-n`, ... */
export const FLAG_SPELLINGS: readonly string[] = Object.entries(FLAGS).flatMap(([name, f]) => ['short' in f ? `-${f.short}` : '', `--${name}`].filter(Boolean));

/** The flag written just before a positional, when it took no value from the next word. */
export interface FlagBefore {
  spelling: string;
  /** A boolean flag: the word after it is not its value. */
  boolean?: boolean;
  /** A flag whose value is optional (`--mount-volumes`): it takes one only after `=`. */
  optionalValue?: boolean;
}
export type FlagValues = {
  [K in FlagName]?: (typeof FLAGS)[K] extends { multiple: true } ? string[] : (typeof FLAGS)[K]['type'] extends 'string' ? string : boolean;
};

export interface ParsedArgv {
  flags: FlagValues;
  /** Words before `--`. */
  positionals: string[];
  /** Words after `--`: the command to run in the debug container. */
  command: string[] | undefined;
  /** For each positional, the flag just before it that did not take it as its value (for hints). */
  after: (FlagBefore | undefined)[];
  /** Set when --profile named a profile of the config file: its flags are already in `flags`. */
  preset?: { name: string; custom?: CustomSpec };
}

// Flags whose value is optional (`--mount-volumes`, `--mount-volumes=rw`): node's parser has no such
// kind, so the bare spelling becomes `--flag=DEFAULT` before parsing (never after `--`).
function withOptionalValues(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((word, i) => {
    if (end !== -1 && i >= end) return word;
    const flag = word.startsWith('--') ? (FLAGS as Record<string, { bare?: string }>)[word.slice(2)] : undefined;
    return flag?.bare === undefined ? word : `${word}=${flag.bare}`;
  });
}

/** Node's parser errors, in our words: lower case, the flag named, a near flag suggested. */
function parseError(error: unknown): UsageError {
  const message = (error as Error).message;
  const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
  if (unknown !== undefined) {
    const near = closestWord(unknown.split('=')[0] ?? unknown, FLAG_SPELLINGS);
    return new UsageError(`unknown flag ${unknown}`, { hint: near ? `did you mean ${near}? (see cg-debug --help)` : 'see cg-debug --help', cause: error });
  }
  const missing = /^Option '(?:-\w, )?(--[\w-]+)[^']*' argument missing/.exec(message)?.[1];
  if (missing !== undefined) return new UsageError(`${missing} needs a value`, { hint: 'see cg-debug --help', cause: error });
  return new UsageError(message.replace(/\. To specify a positional.*$/s, ''), { hint: 'see cg-debug --help', cause: error });
}

/** Splits argv into flags, positionals and the command after `--`. Unknown flags are usage errors. */
export function parseArgv(input: readonly string[]): ParsedArgv {
  const argv = withOptionalValues(input);
  const options = Object.fromEntries(
    Object.entries(FLAGS).map(([name, f]) => [name, { type: f.type, ...('short' in f ? { short: f.short } : {}), ...('multiple' in f ? { multiple: true } : {}) }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw parseError(error);
  }
  const terminator = parsed.tokens.find((t) => t.kind === 'option-terminator');
  const before = terminator ? parsed.tokens.filter((t) => t.index < terminator.index) : parsed.tokens;
  const positionals = before.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
  const after = before.flatMap((t, i) => (t.kind === 'positional' ? [flagBefore(before[i - 1], input)] : []));
  const command = terminator ? argv.slice(terminator.index + 1) : undefined;
  return { flags: parsed.values as FlagValues, positionals, command, after };
}

type Token = NonNullable<ReturnType<typeof parseArgs>['tokens']>[number];

function flagBefore(token: Token | undefined, input: readonly string[]): FlagBefore | undefined {
  if (token?.kind !== 'option') return undefined;
  const flag = (FLAGS as Record<string, { type: string; bare?: string }>)[token.name];
  const raw = input[token.index] ?? '';
  if (flag?.bare !== undefined && !raw.includes('=')) return { spelling: raw, optionalValue: true };
  if (flag?.type === 'boolean') return { spelling: raw, boolean: true };
  return undefined;
}
