import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.js';

// One table for the parser and the help text, so a flag cannot exist in one and be missing in the other.
export const FLAGS = {
  namespace: { type: 'string', short: 'n', arg: 'NS', help: 'namespace of the pod (default: the context\'s, else "default")' },
  'all-namespaces': { type: 'boolean', short: 'A', help: 'terminal UI and ls: pods of all namespaces' },
  context: { type: 'string', arg: 'NAME', help: 'kubeconfig context to use' },
  kubeconfig: { type: 'string', arg: 'PATH', help: 'kubeconfig file (default: $KUBECONFIG, merged, else ~/.kube/config)' },
  target: { type: 'string', arg: 'CONTAINER', help: 'app container to debug (default: the only one, else the default-container annotation)' },
  image: { type: 'string', arg: 'IMAGE', help: 'debug image to use instead of the matching -dev image' },
  profile: { type: 'string', arg: 'NAME', help: 'security profile: auto|restricted|baseline|general|netadmin|sysadmin (default auto)' },
  'as-root': { type: 'boolean', help: 'run the shell as root (for apk add); see "Security" below' },
  name: { type: 'string', arg: 'NAME', help: 'name of a new debug container (default cg-debug-XXXXX)' },
  new: { type: 'boolean', help: 'always add a new debug container (or --copy) instead of reusing a running one' },
  copy: { type: 'boolean', help: "debug a copy of the pod whose app runs its -dev image, command held (for pods that crash)" },
  'keep-labels': { type: 'boolean', help: "with --copy: keep the pod's labels (Services and controllers then select the copy)" },
  'same-node': { type: 'boolean', help: "with --copy: run the copy on the pod's node (needed for ReadWriteOnce claims)" },
  env: { type: 'boolean', help: "the shell gets the app's environment (from /proc/1/environ; holds secrets, never printed)" },
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
  output: { type: 'string', short: 'o', arg: 'FORMAT', help: 'with --dry-run: yaml (default) or json; with dev-image, config, packages, ls and doctor: json' },
  yes: { type: 'boolean', short: 'y', help: 'terminal UI: skip the plan screen' },
  loop: { type: 'boolean', help: 'terminal UI: back to the pod list after the shell exits' },
  quiet: { type: 'boolean', short: 'q', help: 'print only warnings and errors on stderr' },
  version: { type: 'boolean', help: 'print the version' },
  help: { type: 'boolean', short: 'h', help: 'print this help' },
} as const;

export type FlagName = keyof typeof FLAGS;
export type FlagValues = { [K in FlagName]?: (typeof FLAGS)[K]['type'] extends 'string' ? string : boolean };

export interface ParsedArgv {
  flags: FlagValues;
  /** Words before `--`. */
  positionals: string[];
  /** Words after `--`: the command to run in the debug container. */
  command: string[] | undefined;
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

/** Splits argv into flags, positionals and the command after `--`. Unknown flags are usage errors. */
export function parseArgv(input: readonly string[]): ParsedArgv {
  const argv = withOptionalValues(input);
  const options = Object.fromEntries(
    Object.entries(FLAGS).map(([name, f]) => [name, 'short' in f ? { type: f.type, short: f.short } : { type: f.type }]),
  );
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true, tokens: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''), {
      hint: 'see cg-debug --help',
      cause: error,
    });
  }
  const terminator = parsed.tokens.find((t) => t.kind === 'option-terminator');
  const before = terminator ? parsed.tokens.filter((t) => t.index < terminator.index) : parsed.tokens;
  const positionals = before.flatMap((t) => (t.kind === 'positional' ? [t.value] : []));
  const command = terminator ? argv.slice(terminator.index + 1) : undefined;
  return { flags: parsed.values as FlagValues, positionals, command };
}
