// cp and packages from argv strings: what each accepts, and what it refuses before any API call.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { toOptions, type Environment } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { AUDIT, BASE_REQUEST } from './support/argv-defaults.js';

const PIPE: Environment = { stdoutIsTTY: false, stdinIsTTY: false, stderrIsTTY: true, stateEnv: { HOME: '/home/u' } };
const TTY: Environment = { stdoutIsTTY: true, stdinIsTTY: true };

const options = (line: string, env: Environment = PIPE) => toOptions(parseArgv(line.split(' ')), env);

describe('cp and packages options', () => {
  it.each([
    {
      name: 'cp out, with a namespace and a target',
      input: 'cp -n shop --target app checkout:/app/config.json ./config.json',
      want: {
        kind: 'cp',
        connection: { namespace: 'shop' },
        where: { pod: { kind: 'pod', name: 'checkout' }, target: 'app' },
        request: BASE_REQUEST,
        copy: { kind: 'download', podArg: 'checkout', remotePath: '/app/config.json', local: './config.json' },
        quiet: false,
        stderrIsTTY: true,
        trail: AUDIT,
      },
    },
    {
      name: 'cp in, quiet, into a new container',
      input: 'cp -q --new ./busybox checkout:/tmp',
      want: {
        kind: 'cp',
        connection: {},
        where: { pod: { kind: 'pod', name: 'checkout' } },
        request: { ...BASE_REQUEST, forceNew: true },
        copy: { kind: 'upload', podArg: 'checkout', remotePath: '/tmp', local: './busybox' },
        quiet: true,
        stderrIsTTY: true,
        trail: AUDIT,
      },
    },
    {
      name: 'packages as json',
      input: 'packages -n shop checkout -o json',
      want: { kind: 'packages', connection: { namespace: 'shop' }, where: { pod: { kind: 'pod', name: 'checkout' } }, request: BASE_REQUEST, output: 'json', quiet: false, trail: AUDIT },
    },
  ])('$name', ({ input, want }) => {
    expect(options(input)).toEqual(want);
  });

  it.each([
    { name: 'cp with --dry-run', input: 'cp --dry-run a:/x y', env: PIPE, want: /--dry-run does not apply to cp/ },
    { name: 'cp with a command', input: 'cp a:/x y -- ls', env: PIPE, want: /no command after --/ },
    { name: 'cp with a bad pod name', input: 'cp Bad_Pod:/x y', env: PIPE, want: /neither operand names a pod/ },
    { name: 'a tar stream to a terminal', input: 'cp a:/x -', env: TTY, want: /stdout is a terminal/ },
    { name: 'a tar stream from a terminal', input: 'cp - a:/tmp', env: TTY, want: /stdin is a terminal/ },
    { name: 'packages without a pod', input: 'packages', env: PIPE, want: /exactly one pod/ },
    { name: 'packages as wide', input: 'packages a -o wide', env: PIPE, want: /-o wide is not supported by packages/ },
    { name: 'packages with --dry-run', input: 'packages a --dry-run', env: PIPE, want: /--dry-run does not apply to packages/ },
  ])('refuses $name', ({ input, env, want }) => {
    expect(() => options(input, env)).toThrow(UsageError);
    expect(() => options(input, env)).toThrow(want);
  });
});

describe('--mount-volumes', () => {
  it.each([
    { name: 'bare means read-only', input: 'pod --mount-volumes', want: 'ro' },
    { name: '=rw', input: 'pod --mount-volumes=rw', want: 'rw' },
    { name: 'before the pod', input: '--mount-volumes pod', want: 'ro' },
    { name: 'after -- it is the command', input: 'pod -- echo --mount-volumes', want: undefined },
  ])('$name', ({ input, want }) => {
    const parsed = toOptions(parseArgv(input.split(' ')), TTY);
    expect(parsed.kind).toBe('debug');
    expect(parsed.kind === 'debug' ? parsed.request.mountVolumes : 'no').toBe(want);
  });

  it('refuses another mode', () => {
    expect(() => toOptions(parseArgv(['pod', '--mount-volumes=wr']), TTY)).toThrow(/--mount-volumes=wr is not a mode/);
  });
});
