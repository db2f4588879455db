// main.ts answers a few exact argv before it loads the parser (quick-argv.ts): they must get the same
// answer the full parser gives them, and every other argv must go to the full parser.
import { describe, expect, it } from 'vitest';
import { helpTopic } from '../../src/cli/help.js';
import { toOptions, type Environment } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { quickArgv, type QuickArgv } from '../../src/cli/quick-argv.js';
import { SUBCOMMAND_NAMES } from '../../src/cli/subcommands.js';

const ENV: Environment = { stdoutIsTTY: false, stdinIsTTY: false, stateEnv: { HOME: '/home/u' } };

/** What main.ts does with a quick answer, as the options the full parser would give. */
function asOptions(quick: QuickArgv) {
  if (quick.kind === 'version') return { kind: 'version' };
  const command = helpTopic(quick.word);
  return command === undefined ? { kind: 'help' } : { kind: 'help', command };
}

describe('quickArgv', () => {
  it.each<{ name: string; input: string[]; want: QuickArgv | undefined }>([
    { name: '--version', input: ['--version'], want: { kind: 'version' } },
    { name: '--help', input: ['--help'], want: { kind: 'help' } },
    { name: '-h', input: ['-h'], want: { kind: 'help' } },
    { name: 'a command, --help', input: ['ls', '--help'], want: { kind: 'help', word: 'ls' } },
    { name: 'a command, -h', input: ['cp', '-h'], want: { kind: 'help', word: 'cp' } },
    { name: 'a pod, --help', input: ['my-pod', '--help'], want: { kind: 'help', word: 'my-pod' } },
    { name: 'the hidden command, --help', input: ['complete', '--help'], want: { kind: 'help', word: 'complete' } },
    { name: 'no argv: the terminal UI', input: [], want: undefined },
    { name: 'the help command', input: ['help'], want: undefined },
    { name: 'help COMMAND', input: ['help', 'ls'], want: undefined },
    { name: '--version with another flag', input: ['--version', '-q'], want: undefined },
    { name: '--version after a word', input: ['pod', '--version'], want: undefined },
    { name: '--help before a word', input: ['--help', 'ls'], want: undefined },
    { name: '--help with an unknown flag', input: ['--help', '--no-such-flag'], want: undefined },
    { name: 'a flag before --help', input: ['-q', '--help'], want: undefined },
    { name: 'a flag that takes --help as its value', input: ['-n', '--help'], want: undefined },
    { name: '--help=x', input: ['--help=x'], want: undefined },
    { name: '--version=x', input: ['--version=x'], want: undefined },
    { name: 'three words', input: ['ls', '-A', '--help'], want: undefined },
    { name: '--help after --', input: ['pod', '--', '--help'], want: undefined },
    { name: 'a short flag bundle', input: ['-hq'], want: undefined },
    { name: '-V is not a spelling of --version', input: ['-V'], want: undefined },
  ])('$name', ({ input, want }) => {
    expect(quickArgv(input)).toEqual(want);
  });

  // Every argv answered early, the commands' --help included, gets the full parser's answer.
  const answered = [['--version'], ['--help'], ['-h'], ['my-pod', '--help'], ['', '-h'], ...SUBCOMMAND_NAMES.flatMap((name) => [[name, '--help'], [name, '-h']])];
  it.each(answered.map((argv) => ({ argv })))('$argv: the full parser agrees', ({ argv }) => {
    const quick = quickArgv(argv);
    expect(quick).toBeDefined();
    expect(asOptions(quick as QuickArgv)).toEqual(toOptions(parseArgv(argv), ENV));
  });
});
