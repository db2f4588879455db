// kubectl's spellings, from argv strings: accepted, completed into options, or refused before any API call.
import { describe, expect, it } from 'vitest';
import { toOptions, type Environment } from '../../src/cli/options.js';
import { MAX_REQUEST_TIMEOUT_MS } from '../../src/cli/option-parts.js';
import { parseArgv } from '../../src/cli/parse-argv.js';
import { expectText, usageErrorOf } from '../support/usage-error.js';
import { REQUEST_TIMEOUT_MS } from '../../src/kube/request-options.js';

const TTY: Environment = { stdoutIsTTY: true, stdinIsTTY: true, stateEnv: { HOME: '/home/u' } };
const PIPE: Environment = { stdoutIsTTY: false, stdinIsTTY: false, stateEnv: { HOME: '/home/u' } };

const options = (line: string, env: Environment = TTY) => toOptions(parseArgv(line.split(' ')), env);

describe('kubectl habits accepted', () => {
  it.each([
    { name: '-it before the pod, a command (kubectl debug -it POD -- CMD)', line: '-it web -- true', env: PIPE, want: { kind: 'debug', where: { pod: { kind: 'pod', name: 'web' } }, request: { command: ['true'] } } },
    { name: '-i -t apart', line: 'web -i -t -- true', env: PIPE, want: { kind: 'debug', request: { command: ['true'] } } },
    { name: '--stdin --tty --attach', line: 'web --stdin --tty --attach', want: { kind: 'debug', where: { pod: { kind: 'pod', name: 'web' } } } },
    { name: '-c names the debug container', line: 'web -c oncall -- true', want: { request: { name: 'oncall' } } },
    { name: '--container', line: 'web --container oncall -- true', want: { request: { name: 'oncall' } } },
    { name: '-c and --name agreeing', line: 'web -c oncall --name oncall -- true', want: { request: { name: 'oncall' } } },
    { name: '--as', line: 'web --as jane@example.com -- true', want: { connection: { impersonate: { user: 'jane@example.com', groups: [] } } } },
    {
      name: '--as with groups (repeatable) and a uid',
      line: 'web --as system:serviceaccount:ops:breakglass --as-group oncall --as-group system:authenticated --as-uid 42 -- true',
      want: { connection: { impersonate: { user: 'system:serviceaccount:ops:breakglass', groups: ['oncall', 'system:authenticated'], uid: '42' } } },
    },
    { name: '--as on a subcommand', line: 'ls --as jane', env: PIPE, want: { kind: 'ls', connection: { impersonate: { user: 'jane', groups: [] } } } },
    { name: '--as on doctor', line: 'doctor --as jane', env: PIPE, want: { kind: 'doctor', connection: { impersonate: { user: 'jane', groups: [] } } } },
    { name: '--request-timeout', line: 'web --request-timeout 5s -- true', want: { connection: { requestTimeoutMs: 5000 } } },
    { name: '--request-timeout 0: the default', line: 'stop web --request-timeout 0', env: PIPE, want: { kind: 'stop', connection: {} } },
    { name: '--image-pull-policy', line: 'web --image-pull-policy Always -- true', want: { request: { imagePullPolicy: 'Always' } } },
    {
      name: "--profile legacy: baseline, said in one line",
      line: 'web --profile legacy -- true',
      want: { request: { profile: 'baseline', notes: [expect.stringMatching(/^--profile legacy is kubectl's old default, which adds nothing to an ephemeral container: using baseline/)] } },
    },
    { name: '--env KEY=VAL, repeatable, for a command', line: 'web --env A=1 --env B.C-d=x=y -- env', want: { request: { env: ['A=1', 'B.C-d=x=y'], command: ['env'] } } },
    { name: '--env with an empty value', line: 'web --env EMPTY= -- env', want: { request: { env: ['EMPTY='] } } },
    { name: '--app-env for a shell', line: 'web --app-env', want: { request: { importEnv: true } } },
    { name: '--env and --app-env together', line: 'web --app-env --env LOG=debug', want: { request: { importEnv: true, env: ['LOG=debug'] } } },
    { name: '-o yaml for ls', line: 'ls -o yaml', env: PIPE, want: { kind: 'ls', output: 'yaml' } },
    { name: '-o yaml for doctor', line: 'doctor -o yaml', env: PIPE, want: { kind: 'doctor', output: 'yaml' } },
    { name: '-o yaml for config', line: 'config -o yaml', env: PIPE, want: { kind: 'config', output: 'yaml' } },
    { name: '-o yaml for packages', line: 'packages web -o yaml', env: PIPE, want: { kind: 'packages', output: 'yaml' } },
    { name: '-o yaml for dev-image', line: 'dev-image cgr.dev/chainguard/nginx:1 -o yaml', env: PIPE, want: { kind: 'dev-image', output: 'yaml' } },
  ])('$name', ({ line, env, want }) => {
    expect(options(line, env)).toMatchObject(want);
  });

  it('no --as: no impersonation, no timeout, no env in the request', () => {
    const got = options('web -- true') as { connection: object; request: object };
    expect(got.connection).toEqual({});
    expect(got.request).not.toHaveProperty('env');
    expect(got.request).not.toHaveProperty('notes');
  });

  it("--request-timeout's upper bound is the built-in per-request deadline", () => {
    expect(MAX_REQUEST_TIMEOUT_MS).toBe(REQUEST_TIMEOUT_MS);
  });
});

describe('kubectl habits refused, with a hint', () => {
  it.each([
    { name: '-c with an invalid name', line: 'web -c Oncall_1 -- true', message: '-c "Oncall_1" is not a valid name', hint: /63 lower-case/ },
    { name: '-c and --name disagreeing', line: 'web -c a --name b -- true', message: '-c a and --name b name two containers', hint: /give one/ },
    { name: '--as-group without --as', line: 'web --as-group oncall -- true', message: '--as-group needs --as USER', hint: /--as USER --as-group GROUP/ },
    { name: '--as-uid without --as', line: 'ls --as-uid 42', message: '--as-uid needs --as USER', hint: /--as USER/ },
    { name: '--as with a line break', line: 'web --as jane\r\nX-Evil:1 -- true', message: /^--as "jane\\r\\nX-Evil:1" is not a user/, hint: /printable ASCII/ },
    { name: '--as empty', line: 'web --as= -- true', message: '--as "" is not a user, group or uid name', hint: /printable/ },
    { name: '--request-timeout over the built-in 30s', line: 'web --request-timeout 2m -- true', message: /--request-timeout 2m is out of range: it must be between 1s and 30s/, hint: /./ },
    { name: '--request-timeout without a unit', line: 'web --request-timeout 5 -- true', message: '--request-timeout "5" is not a duration', hint: /5s|90s/ },
    { name: 'an unknown pull policy', line: 'web --image-pull-policy always -- true', message: '--image-pull-policy "always" is not a policy', hint: 'use one of: Always, IfNotPresent, Never' },
    { name: '--env without =', line: 'web --env FOO -- true', message: '--env "FOO" is not KEY=VAL', hint: /--app-env/ },
    { name: '--env with a bad name', line: 'web --env 1X=a -- true', message: '--env "1X=a" is not KEY=VAL', hint: /not starting with a digit/ },
    { name: "--app-env with a command", line: 'web --app-env -- env', message: '--app-env applies to the interactive shell, not to a command', hint: /--env KEY=VAL/ },
    { name: '--as on completion scripts', line: 'completion bash --as jane', message: '--as does not apply to completion', hint: /completion bash/ },
    { name: '-i on a subcommand', line: 'ls -i', message: '--stdin does not apply to ls', hint: /ls \[POD\]/ },
    { name: 'an unknown profile still lists the real ones', line: 'web --profile root -- true', message: 'unknown profile "root"', hint: 'use one of: auto, restricted, baseline, general, netadmin, sysadmin, or a profile of the config file (profiles:)' },
  ])('$name', ({ line, message, hint }) => {
    const error = usageErrorOf(() => options(line, PIPE));
    expectText(error.message, message);
    expectText(error.hint, hint);
  });
});
