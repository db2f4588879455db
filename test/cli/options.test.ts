import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_MAPPING } from '../../src/core/dev-image.js';
import { ExitCode, UsageError } from '../../src/core/errors.js';
import { toOptions, type Environment } from '../../src/cli/options.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { AUDIT, BASE_REQUEST } from './support/argv-defaults.js';

const TTY: Environment = { stdoutIsTTY: true, stdinIsTTY: true, stateEnv: { HOME: '/home/u' } };
const PIPE: Environment = { stdoutIsTTY: false, stdinIsTTY: false, stateEnv: { HOME: '/home/u' } };

function options(line: string, env: Environment = TTY) {
  return toOptions(parseArgv(line === '' ? [] : line.split(' ')), env);
}

describe('toOptions', () => {
  it.each([
    { name: 'help', argv: '--help', want: { kind: 'help' } },
    { name: 'help wins over everything', argv: 'pod --profile nope -h', want: { kind: 'help' } },
    { name: 'version', argv: '--version', want: { kind: 'version' } },
    {
      name: 'doctor without a pod, from a pipe',
      argv: 'doctor',
      env: PIPE,
      want: { kind: 'doctor', connection: {}, mapping: DEFAULT_IMAGE_MAPPING },
    },
    {
      name: 'doctor with a pod, connection flags, target and json',
      argv: 'doctor -n shop --context prod --kubeconfig /k deploy/web --target app -o json',
      want: {
        kind: 'doctor',
        connection: { namespace: 'shop', context: 'prod', kubeconfig: '/k' },
        podArg: { kind: 'deployment', name: 'web' },
        target: 'app',
        output: 'json',
        mapping: DEFAULT_IMAGE_MAPPING,
      },
    },
    {
      name: 'a pod with defaults',
      argv: 'my-pod',
      want: { kind: 'debug', connection: {}, where: { pod: { kind: 'pod', name: 'my-pod' } }, request: BASE_REQUEST, quiet: false, trail: AUDIT },
    },
    {
      name: 'kubectl-style connection flags and a workload',
      argv: '-n shop --context prod --kubeconfig /k deploy/checkout --target app',
      want: {
        kind: 'debug',
        connection: { namespace: 'shop', context: 'prod', kubeconfig: '/k' },
        where: { pod: { kind: 'deployment', name: 'checkout' }, target: 'app' },
        request: BASE_REQUEST,
        quiet: false,
        trail: AUDIT,
      },
    },
    {
      name: 'every session flag',
      argv: 'p --image 127.0.0.1:5000/x:1-dev --profile general --as-root --name dbg --new --timeout 1m30s --offline -q',
      want: {
        kind: 'debug',
        connection: {},
        where: { pod: { kind: 'pod', name: 'p' } },
        request: {
          ...BASE_REQUEST,
          image: '127.0.0.1:5000/x:1-dev',
          profile: 'general',
          asRoot: true,
          name: 'dbg',
          forceNew: true,
          timeoutMs: 90_000,
          offline: true,
        },
        quiet: true,
        trail: AUDIT,
      },
    },
    {
      name: 'command after --, flags after the pod',
      argv: 'p -n ns -- sh -c exit',
      want: { kind: 'debug', connection: { namespace: 'ns' }, where: { pod: { kind: 'pod', name: 'p' } }, request: { ...BASE_REQUEST, command: ['sh', '-c', 'exit'] }, quiet: false, trail: AUDIT },
    },
    {
      name: 'a flag-looking word after -- belongs to the command',
      argv: 'p -- ls --help',
      want: { kind: 'debug', connection: {}, where: { pod: { kind: 'pod', name: 'p' } }, request: { ...BASE_REQUEST, command: ['ls', '--help'] }, quiet: false, trail: AUDIT },
    },
    {
      name: "kubectl's long workload form",
      argv: 'deployments.apps/web --dry-run',
      want: { kind: 'debug', connection: {}, where: { pod: { kind: 'deployment', name: 'web' } }, request: BASE_REQUEST, dryRun: 'yaml', quiet: false, trail: {} },
    },
    {
      name: 'dry run defaults to yaml',
      argv: 'p --dry-run',
      want: { kind: 'debug', connection: {}, where: { pod: { kind: 'pod', name: 'p' } }, request: BASE_REQUEST, dryRun: 'yaml', quiet: false, trail: {} },
    },
    {
      name: 'dry run as json',
      argv: 'p --dry-run -o json',
      want: { kind: 'debug', connection: {}, where: { pod: { kind: 'pod', name: 'p' } }, request: BASE_REQUEST, dryRun: 'json', quiet: false, trail: {} },
    },
    {
      name: 'no pod in a terminal opens the picker',
      argv: '-A --yes --loop',
      env: TTY,
      want: { kind: 'tui', connection: {}, allNamespaces: true, yes: true, loop: true, request: BASE_REQUEST, quiet: false, trail: AUDIT },
    },
    {
      name: 'dev-image',
      argv: 'dev-image cgr.dev/chainguard/nginx:1.27 --offline -o json',
      want: { kind: 'dev-image', image: 'cgr.dev/chainguard/nginx:1.27', offline: true, output: 'json', quiet: false, mapping: DEFAULT_IMAGE_MAPPING },
    },
  ])('$name', ({ argv, env, want }) => {
    expect(options(argv, env)).toEqual(want);
  });

  it.each([
    { name: 'ls in the current namespace', argv: 'ls', want: { kind: 'ls', connection: {}, allNamespaces: false, trail: AUDIT } },
    { name: 'ls of one pod as json', argv: 'ls web -n shop -o json', want: { kind: 'ls', connection: { namespace: 'shop' }, podArg: { kind: 'pod', name: 'web' }, allNamespaces: false, output: 'json', trail: AUDIT } },
    { name: 'ls of every namespace', argv: 'ls -A', want: { kind: 'ls', connection: {}, allNamespaces: true, trail: AUDIT } },
    { name: 'stop the only one', argv: 'stop web', want: { kind: 'stop', connection: {}, podArg: { kind: 'pod', name: 'web' }, all: false, timeoutMs: 120_000, quiet: false, trail: AUDIT } },
    { name: 'stop one by name', argv: 'stop web cg-debug-abcde --timeout 30s', want: { kind: 'stop', connection: {}, podArg: { kind: 'pod', name: 'web' }, container: 'cg-debug-abcde', all: false, timeoutMs: 30_000, quiet: false, trail: AUDIT } },
    { name: 'stop all', argv: 'stop web --all -q', want: { kind: 'stop', connection: {}, podArg: { kind: 'pod', name: 'web' }, all: true, timeoutMs: 120_000, quiet: true, trail: AUDIT } },
  ])('$name', ({ argv, want }) => {
    expect(options(argv, PIPE)).toEqual(want);
  });

  it.each([
    { name: 'default', argv: 'p -- true', want: 3600 },
    { name: 'a flag', argv: 'p --ttl 1h30m -- true', want: 5400 },
    { name: 'no limit', argv: 'p --ttl 0 -- true', want: 0 },
    { name: 'the longest', argv: 'p --ttl 168h -- true', want: 604_800 },
  ])('--ttl: $name', ({ argv, want }) => {
    expect(options(argv)).toMatchObject({ request: { ttlSeconds: want } });
  });

  it.each([
    { name: 'no --copy', argv: 'p -- true', want: undefined },
    { name: '--copy alone', argv: 'p --copy -- true', want: { keepLabels: false, sameNode: false } },
    { name: 'with its flags', argv: 'p --copy --keep-labels --same-node -- true', want: { keepLabels: true, sameNode: true } },
    { name: 'with --dry-run -o json', argv: 'p --copy --dry-run -o json', want: { keepLabels: false, sameNode: false } },
  ])('--copy: $name', ({ argv, want }) => {
    const got = options(argv) as { request: { copy?: unknown } };
    expect(got.request.copy).toEqual(want);
  });

  it('--copy with --env KEY=VAL: the pairs go to the exec\'d process in the copy', () => {
    expect(options('p --copy --env LOG_LEVEL=debug -- true')).toMatchObject({ request: { copy: { keepLabels: false, sameNode: false }, env: ['LOG_LEVEL=debug'] } });
  });

  it('takes the default image from the environment', () => {
    const got = options('p', { ...TTY, defaultImage: '127.0.0.1:5000/chainguard/wolfi-base:latest' });
    expect(got).toMatchObject({ request: { mapping: { defaultImage: '127.0.0.1:5000/chainguard/wolfi-base:latest' } } });
  });
});

describe('toOptions rejects bad input before any API call', () => {
  it.each([
    { name: 'unknown flag', argv: 'p --bogus', message: /bogus/, hint: /--help/ },
    { name: '--keep-labels without --copy', argv: 'p --keep-labels', message: /--keep-labels only applies to --copy/, hint: /cg-debug POD --copy --keep-labels/ },
    { name: '--same-node without --copy', argv: 'p --same-node', message: /--same-node only applies to --copy/, hint: /--copy --same-node/ },
    { name: '--copy with --mount-volumes', argv: 'p --copy --mount-volumes', message: /--mount-volumes does not apply to --copy/, hint: /already has the app's volumes/ },
    { name: '--copy with --app-env', argv: 'p --copy --app-env', message: /--app-env does not apply to --copy/, hint: /environment/ },
    { name: '--copy with --custom', argv: 'p --copy --custom spec.json', message: /--custom does not apply to --copy/, hint: /drop --copy/ },
    { name: '--copy with --image-pull-policy', argv: 'p --copy --image-pull-policy Always', message: /--image-pull-policy does not apply to --copy/, hint: /drop --copy/ },
    { name: 'a shell without a terminal on stdin', argv: 'p', env: PIPE, message: /needs a terminal/, hint: /cg-debug p -- COMMAND/ },
    { name: 'no pod and no terminal', argv: '', env: PIPE, message: /stdout is not a terminal/, hint: /cg-debug \[-n NS\] POD/ },
    { name: 'two positionals', argv: 'p ps', message: /unexpected argument "ps"/, hint: /put it after --: cg-debug POD -- COMMAND/ },
    { name: 'unknown profile', argv: 'p --profile root', message: /unknown profile "root"/, hint: /auto, restricted/ },
    { name: 'as-root under restricted', argv: 'p --profile restricted --as-root', message: /restricted forbids root/, hint: /drop --as-root/ },
    { name: 'invalid image', argv: 'p --image Bad/Image', message: /./, hint: /./ },
    { name: 'invalid container name', argv: 'p --name Debug_1', message: /--name "Debug_1"/, hint: /63 lower-case/ },
    { name: 'invalid namespace', argv: 'p -n Shop', message: /--namespace "Shop"/, hint: /lower-case/ },
    { name: 'invalid pod name', argv: 'My_Pod', message: /"My_Pod" is not a pod name/, hint: /deploy\/checkout/ },
    { name: 'bad duration', argv: 'p --timeout 5', message: /not a duration/, hint: /--timeout 2m/ },
    { name: 'zero duration', argv: 'p --timeout 0s', message: /out of range/, hint: /2m/ },
    { name: 'duration past a day', argv: 'p --timeout 597h', message: /--timeout 597h is out of range/, hint: /2m/ },
    { name: 'duration under a second', argv: 'p --timeout 0.4ms', message: /between 1s and 24h/, hint: /2m/ },
    { name: '-o without --dry-run', argv: 'p -o json', message: /-o only applies/, hint: /--dry-run -o json/ },
    { name: 'bad dry-run format', argv: 'p --dry-run -o wide', message: /-o wide/, hint: /yaml/ },
    { name: 'empty command', argv: 'p --', message: /nothing after --/, hint: /COMMAND/ },
    { name: 'command without pod', argv: '-- ps', message: /needs a pod/, hint: /POD -- COMMAND/ },
    { name: 'picker flag with a pod', argv: 'p -A', message: /only applies to the pod picker/, hint: /without a pod/ },
    { name: 'dev-image without image', argv: 'dev-image', message: /exactly one image/, hint: /dev-image/ },
    { name: 'dev-image with a session flag', argv: 'dev-image x --as-root', message: /--as-root does not apply/, hint: /dev-image IMAGE/ },
    { name: 'dev-image yaml', argv: 'dev-image x -o wide', message: /-o wide/, hint: /-o json/ },
    { name: 'ttl without a unit', argv: 'p --ttl 30', message: /--ttl "30"/, hint: /--ttl 30m/ },
    { name: 'ttl over a week', argv: 'p --ttl 169h', message: /up to|168h/, hint: /--ttl 0/ },
    { name: '--all outside stop', argv: 'p --all', message: /--all only applies to stop/, hint: /stop POD --all/ },
    { name: 'ls with two pods', argv: 'ls a b', message: /at most one pod/, hint: /ls \[POD\]/ },
    { name: 'ls with a pod and -A', argv: 'ls a -A', message: /-A do not go together/, hint: /ls/ },
    { name: 'ls with a session flag', argv: 'ls --as-root', message: /--as-root does not apply to ls/, hint: /ls/ },
    { name: 'ls yaml', argv: 'ls -o wide', message: /-o wide/, hint: /-o json/ },
    { name: 'stop without a pod', argv: 'stop', message: /a pod/, hint: /stop POD/ },
    { name: 'stop with a container and --all', argv: 'stop p c --all', message: /not both/, hint: /--all/ },
    { name: 'stop with an invalid container name', argv: 'stop p Bad_Name', message: /"Bad_Name"/, hint: /lower-case/ },
    { name: 'stop with a command', argv: 'stop p -- true', message: /at most one container/, hint: /stop POD/ },
    { name: 'doctor with a session flag', argv: 'doctor p --as-root', message: /--as-root does not apply to doctor/, hint: /cg-debug doctor \[POD\]/ },
    { name: 'doctor with two pods', argv: 'doctor p q', message: /at most one pod/, hint: /cg-debug doctor/ },
    { name: 'doctor yaml', argv: 'doctor -o wide', message: /-o wide is not supported by doctor/, hint: /-o json/ },
    { name: 'doctor --target without a pod', argv: 'doctor --target app', message: /--target needs a pod/, hint: /doctor POD --target/ },
    { name: 'doctor with a bad pod name', argv: 'doctor My_Pod', message: /is not a pod name/, hint: /lower-case/ },
  ])('$name', ({ argv, env, message, hint }) => {
    let caught: unknown;
    try {
      options(argv, env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const error = caught as UsageError;
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    expect(error.exitCode).toBe(ExitCode.usage);
  });

  it('rejects an invalid CG_DEBUG_DEFAULT_IMAGE', () => {
    expect(() => options('p', { ...TTY, defaultImage: 'UPPER' })).toThrow(/CG_DEBUG_DEFAULT_IMAGE/);
  });
});

describe('--record and the audit log', () => {
  it.each([
    { name: 'a recording', argv: 'p --record s.cast', want: { ...AUDIT, record: { file: 's.cast', input: false } } },
    { name: 'keystrokes too', argv: 'p --record s.cast --record-input', want: { ...AUDIT, record: { file: 's.cast', input: true } } },
    { name: 'the picker records its session', argv: '--record s.cast', want: { ...AUDIT, record: { file: 's.cast', input: false } } },
    { name: 'cp is audited', argv: 'cp p:/etc/os-release .', want: AUDIT },
    { name: 'packages is audited', argv: 'packages p', want: AUDIT },
    { name: 'stop is audited', argv: 'stop p', want: AUDIT },
    { name: '--dry-run changes nothing and is not audited', argv: 'p --dry-run', want: {} },
  ])('$name', ({ argv, want }) => {
    expect((options(argv) as { trail: unknown }).trail).toEqual(want);
  });

  // Never a log relative to the working directory: a run from elsewhere would start another trail.
  it.each([
    { name: 'no HOME and no XDG_STATE_HOME', stateEnv: {} },
    { name: 'a relative HOME', stateEnv: { HOME: 'home/u' } },
    { name: 'a relative XDG_STATE_HOME and no HOME', stateEnv: { XDG_STATE_HOME: 'state' } },
  ])('$name: the log is on but has no place, so each audited run warns', ({ stateEnv }) => {
    expect((options('stop p', { ...TTY, stateEnv }) as { trail: unknown }).trail).toEqual({ auditUnavailable: 'neither XDG_STATE_HOME nor HOME is an absolute path' });
  });

  it.each([
    { name: '--record-input alone', argv: 'p --record-input', want: /--record-input needs --record FILE/ },
    { name: 'a recording of nothing', argv: 'p --dry-run --record s.cast', want: /--dry-run starts none/ },
    { name: 'several sessions in one file', argv: '--loop --record s.cast', want: /--loop starts one after another/ },
    { name: 'stdout as the file', argv: 'p --record -', want: /needs a file name, not -/ },
  ])('refuses $name', ({ argv, want }) => {
    expect(() => options(argv)).toThrow(want);
  });
});
