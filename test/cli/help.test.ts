import { describe, expect, it } from 'vitest';
import { commandHelp, helpFor, helpText } from '../../src/cli/help.js';
import { toOptions } from '../../src/cli/options.js';
import { FLAGS, parseArgv } from '../../src/cli/parse-argv.js';
import { asInvoked, programName } from '../../src/cli/program-name.js';
import { errorReport } from '../../src/cli/report-error.js';
import { SHOWN_SUBCOMMANDS, SUBCOMMAND_NAMES, SUBCOMMANDS } from '../../src/cli/subcommands.js';
import { expectText, usageErrorOf } from '../support/usage-error.js';
import { PROFILE_NAMES, PROFILE_SUMMARIES } from '../../src/core/profiles.js';

const options = (line: string) => toOptions(parseArgv(line === '' ? [] : line.split(' ')), { stdoutIsTTY: false, stdinIsTTY: false });

const usageError = (line: string) => usageErrorOf(() => options(line));

describe('helpText', () => {
  const text = helpText('1.2.3');

  it.each(SUBCOMMAND_NAMES.map((name) => ({ name, row: SUBCOMMANDS[name] })))('$name: its usage lines shown unless hidden', ({ name, row }) => {
    expect(text.includes(`cg-debug ${name}`)).toBe(row.hidden !== true);
    for (const [usage, summary] of row.overview) {
      expect(text).toContain(`cg-debug ${usage}`);
      expect(text).toContain(summary.split('\n')[0]);
    }
  });

  it.each(Object.keys(FLAGS).map((name) => ({ name })))('--$name is documented', ({ name }) => {
    expect(text).toMatch(new RegExp(`--${name}\\b`));
  });

  // The profile table in core/ is the only list: a new profile shows up in the help without an edit here.
  it.each(PROFILE_NAMES.map((name) => ({ name })))('profile $name: listed with its summary', ({ name }) => {
    const firstWords = PROFILE_SUMMARIES[name].split(' ').slice(0, 3).join(' ');
    expect(text).toMatch(new RegExp(`^  ${name} +${firstWords.replace(/[()]/g, '\\$&')}`, 'm'));
    expect(FLAGS.profile.help).toContain(name);
  });
});

describe('help for one command', () => {
  it.each(SHOWN_SUBCOMMANDS.map((name) => ({ name })))('$name: help NAME and NAME --help ask for the same page', ({ name }) => {
    expect(options(`help ${name}`)).toEqual({ kind: 'help', command: name });
    expect(options(`${name} --help`)).toEqual({ kind: 'help', command: name });
    expect(options(`${name} -h`)).toEqual({ kind: 'help', command: name });
  });

  it.each(SHOWN_SUBCOMMANDS.map((name) => ({ name, command: SUBCOMMANDS[name] })))('$name: usage, its flags only, examples', ({ name, command }) => {
    const page = helpFor(name, 'cg-debug', '1.2.3');
    expect(page).toBe(commandHelp(command));
    expect(page).not.toBe(helpText('1.2.3'));
    for (const usage of command.usage) expect(page).toContain(`  cg-debug ${usage}\n`);
    for (const flag of command.flags) expect(page).toMatch(new RegExp(`--${flag}\\b`));
    for (const flag of Object.keys(FLAGS).filter((f) => !command.flags.includes(f as never) && f !== 'help')) {
      expect(page).not.toMatch(new RegExp(`^ +(-\\w, )?--${flag}(?=[\\s=[])`, 'm'));
    }
    for (const [, line] of command.examples) expect(page).toContain(`  cg-debug ${line}\n`);
  });

  it('cp --help shows cp: both directions and an example, not the global help', () => {
    const page = helpFor('cp', 'cg-debug', '1.2.3');
    expect(page).toMatch(/^Usage:\n {2}cg-debug cp \[flags\] POD:PATH LOCAL\|-\n {2}cg-debug cp \[flags\] LOCAL\|- POD:\[PATH\]\n/);
    expect(page).toContain('Examples:');
    expect(page).not.toContain('Exit codes:');
    expect(page.split('\n').length).toBeLessThan(helpText('1.2.3').split('\n').length / 2);
  });

  it.each([
    { name: 'help alone is the global help, not a pod named help', line: 'help', want: { kind: 'help' } },
    { name: '--help alone', line: '--help', want: { kind: 'help' } },
    { name: 'the help of help', line: 'help help', want: { kind: 'help', command: 'help' } },
    { name: 'a pod named help is still reachable', line: 'pod/help -- true', want: { kind: 'debug', where: { pod: { kind: 'pod', name: 'help' } } } },
  ])('$name', ({ line, want }) => {
    expect(options(line)).toMatchObject(want);
  });
});

// No hint proposes `-- WORD`: after -- a word is a command run in the pod.
describe('did you mean', () => {
  it.each([
    { name: 'a mistyped subcommand before a pod', line: 'stpo mypod', message: 'unknown command "stpo"', hint: 'did you mean stop? cg-debug stop mypod' },
    { name: 'another', line: 'packges mypod', message: 'unknown command "packges"', hint: 'did you mean packages? cg-debug packages mypod' },
    { name: 'help of a mistyped command', line: 'help stpo', message: 'no command "stpo"', hint: 'did you mean: cg-debug help stop' },
    { name: 'help of an unknown word', line: 'help web', message: 'no command "web"', hint: /^commands: dev-image, completion/ },
    { name: 'help of the hidden command', line: 'help __complete', message: 'no command "__complete"', hint: /^commands:/ },
    { name: 'a mistyped flag', line: 'web --namepsace shop', message: 'unknown flag --namepsace', hint: /did you mean --namespace\?/ },
    { name: 'a mistyped flag with its value', line: 'web --contxt=prod', message: 'unknown flag --contxt', hint: /did you mean --context\?/ },
    { name: 'an unknown flag far from any', line: 'web --frobnicate', message: 'unknown flag --frobnicate', hint: 'see cg-debug --help' },
    { name: 'a flag value missing', line: 'web -n', message: '--namespace needs a value', hint: 'see cg-debug --help' },
    { name: 'an optional value after a space', line: 'web --mount-volumes rw', message: 'unexpected argument "rw"', hint: '--mount-volumes takes its value after =: --mount-volumes=rw' },
    { name: 'a value after a boolean flag', line: 'web --as-root yes', message: 'unexpected argument "yes"', hint: '--as-root takes no value' },
    { name: 'a command without --', line: 'web ps aux', message: 'unexpected argument "ps"', hint: /put it after --: cg-debug POD -- COMMAND \[ARGS\.\.\.\]$/ },
  ])('$name', ({ line, message, hint }) => {
    const error = usageError(line);
    expect(error.message).toBe(message);
    expectText(error.hint, hint);
    expect(error.hint).not.toMatch(/-- (stpo|packges|mypod|rw|yes|ps)\b/);
  });
});

describe('run as the kubectl plugin', () => {
  it.each([
    { name: 'npm bin', input: ['/usr/lib/node_modules/cg-debug/dist/cg-debug.mjs', '/usr/bin/node'], want: 'cg-debug' },
    { name: 'krew: the plugin on PATH', input: ['/home/u/.krew/bin/kubectl-cg_debug', '/home/u/.krew/bin/kubectl-cg_debug'], want: 'kubectl cg-debug' },
    { name: 'the single executable, found by its own path', input: [undefined, '/home/u/.krew/store/cg-debug/v0.1.0/kubectl-cg_debug'], want: 'kubectl cg-debug' },
    { name: 'a directory named kubectl-something is not the program', input: ['/opt/kubectl-tools/cg-debug', '/usr/bin/node'], want: 'cg-debug' },
  ])('$name', ({ input, want }) => {
    expect(programName(input)).toBe(want);
  });

  it.each([
    { name: 'a usage line', input: 'cg-debug stop POD [CONTAINER | --all]', want: 'kubectl cg-debug stop POD [CONTAINER | --all]' },
    { name: 'inside a sentence', input: 'name the pod: cg-debug [-n NS] POD, or run cg-debug in a terminal', want: 'name the pod: kubectl cg-debug [-n NS] POD, or run kubectl cg-debug in a terminal' },
    { name: 'container names stay', input: 'cg-debug stop web cg-debug-x2k4p', want: 'kubectl cg-debug stop web cg-debug-x2k4p' },
    { name: 'the noun stays', input: 'no running cg-debug container; cg-debug ls lists them', want: 'no running cg-debug container; kubectl cg-debug ls lists them' },
    { name: 'a path stays', input: '~/.config/cg-debug config', want: '~/.config/cg-debug config' },
  ])('$name', ({ input, want }) => {
    expect(asInvoked(input, 'kubectl cg-debug')).toBe(want);
  });

  it('every usage line of a command page says kubectl cg-debug', () => {
    const page = helpFor('stop', 'kubectl cg-debug', '1.2.3');
    const commandLines = page.split('\n').filter((line) => /^ {2}(kubectl )?cg-debug /.test(line));
    expect(commandLines.length).toBeGreaterThan(2);
    for (const line of commandLines) expect(line).toMatch(/^ {2}kubectl cg-debug /);
  });

  it('an error hint says kubectl cg-debug', () => {
    const { text } = errorReport(usageError('stop'), { trace: false, program: 'kubectl cg-debug' });
    expect(text).toBe('cg-debug: stop takes a pod and at most one container\n  hint: kubectl cg-debug stop POD [CONTAINER | --all]\n');
  });
});
