// The argv main.ts answers before it loads the program: `--version` alone needs only the version, and
// `--help` or `-h`, alone or after one word (`cg-debug ls --help`), only the help text. Exact shapes
// only: every other argv (`--version -n x`, `--help --no-such-flag`, ...) goes through parseArgv and
// toOptions, which give these shapes the same answer (test/cli/quick-argv.test.ts holds them to it).
// Imported by main.ts before anything else, so it imports nothing.

export type QuickArgv = { kind: 'version' } | { kind: 'help'; word?: string };

const HELP = ['--help', '-h'];

/** What argv asks for when it is one of the shapes above; undefined for everything else. */
export function quickArgv(argv: readonly string[]): QuickArgv | undefined {
  const [first, second, ...rest] = argv;
  if (first === undefined || rest.length > 0) return undefined;
  if (second === undefined) {
    if (first === '--version') return { kind: 'version' };
    return HELP.includes(first) ? { kind: 'help' } : undefined;
  }
  // A word that looks like a flag could be one, or the value of one: the parser decides those.
  return HELP.includes(second) && !first.startsWith('-') ? { kind: 'help', word: first } : undefined;
}
