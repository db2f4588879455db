import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../../src/core/profiles.js';
import { UsageError } from '../../src/core/errors.js';
import { completionNames } from '../../src/cli/completion-command.js';
import { completionScript } from '../../src/cli/completion.js';
import { COMPLETION_SHELLS, SHOWN_SUBCOMMANDS } from '../../src/cli/subcommands.js';
import { toOptions } from '../../src/cli/options.js';
import { FLAGS, parseArgv } from '../../src/cli/parse-argv.js';

const options = (argv: string[]) => toOptions(parseArgv(argv), { stdoutIsTTY: false, stdinIsTTY: false });

describe('completion options', () => {
  it.each([
    { name: 'a shell', argv: ['completion', 'bash'], want: { kind: 'completion', shell: 'bash' } },
    { name: 'fish', argv: ['completion', 'fish'], want: { kind: 'completion', shell: 'fish' } },
    { name: 'pod names', argv: ['__complete', 'pods'], want: { kind: '__complete', what: 'pods', connection: {} } },
    {
      name: 'pod names in a namespace and context',
      argv: ['__complete', 'pods', '-n', 'shop', '--context', 'prod'],
      want: { kind: '__complete', what: 'pods', connection: { namespace: 'shop', context: 'prod' } },
    },
    { name: 'namespace names', argv: ['__complete', 'namespaces'], want: { kind: '__complete', what: 'namespaces', connection: {} } },
    { name: 'contexts', argv: ['__complete', 'contexts', '--kubeconfig', '/k'], want: { kind: '__complete', what: 'contexts', connection: { kubeconfig: '/k' } } },
    { name: "a pod's containers", argv: ['__complete', 'containers', 'web-1', '-n', 'shop'], want: { kind: '__complete', what: 'containers', pod: 'web-1', connection: { namespace: 'shop' } } },
    { name: "a pod's debug containers, as someone", argv: ['__complete', 'debug-containers', 'web-1', '--as', 'jane'], want: { kind: '__complete', what: 'debug-containers', pod: 'web-1', connection: { impersonate: { user: 'jane', groups: [] } } } },
  ])('$name', ({ argv, want }) => {
    expect(options(argv)).toEqual(want);
  });

  it.each([
    { name: 'no shell', argv: ['completion'], message: 'completion takes exactly one shell' },
    { name: 'an unknown shell', argv: ['completion', 'powershell'], message: 'no completion for shell "powershell"' },
    { name: 'a flag', argv: ['completion', 'bash', '-n', 'x'], message: '--namespace does not apply to completion' },
    { name: 'unknown names', argv: ['__complete', 'images'], message: '__complete takes pods, namespaces, contexts, containers, debug-containers' },
    { name: 'a debug flag', argv: ['__complete', 'pods', '--new'], message: '--new does not apply to __complete' },
    { name: 'containers without a pod', argv: ['__complete', 'containers'], message: '__complete containers takes a pod' },
    { name: 'pods of a pod', argv: ['__complete', 'pods', 'web-1'], message: '__complete pods takes nothing more' },
  ])('rejects $name', ({ argv, message }) => {
    let error: unknown;
    try {
      options(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(message);
  });
});

describe('completion scripts', () => {
  it.each(COMPLETION_SHELLS.map((shell) => ({ shell })))('$shell names every flag and profile', ({ shell }) => {
    const script = completionScript(shell);
    for (const name of Object.keys(FLAGS)) expect(script).toMatch(shell === 'fish' ? new RegExp(`-l ${name} `) : new RegExp(`--${name}\\b`));
    for (const profile of PROFILE_NAMES) expect(script).toContain(profile);
  });

  it('zsh runs the bash function through bashcompinit', () => {
    const script = completionScript('zsh');
    expect(script).toMatch(/^#compdef cg-debug\n/);
    expect(script).toContain('bashcompinit');
    expect(script).toContain('complete -F _cg_debug cg-debug');
  });
});

// The bash script run for real: a stand-in cg-debug answers __complete like the real one would.
describe('bash completion', () => {
  let dir: string;
  let fake: string;
  let marker: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-completion-'));
    fake = path.join(dir, 'cg-debug');
    marker = path.join(dir, 'ran');
    writeFileSync(
      fake,
      `#!/bin/sh
case "$*" in
  "__complete pods -n shop"|"__complete pods --namespace shop") printf 'checkout-1\\ncart-2\\n' ;;
  "__complete pods") printf 'web-1\\n' ;;
  "__complete pods -n evil") printf '%s\\n' '$(touch ${marker})' '\`touch ${marker}\`' 'w-$(touch ${marker})' '*' ;;
  "__complete namespaces"*) printf 'shop\\nkube-system\\n' ;;
  "__complete contexts"*) printf 'kind-test\\nprod@eu\\n' ;;
  "__complete containers web-1") printf 'app\\nsidecar\\n' ;;
  "__complete containers checkout-1 -n shop") printf 'api\\n' ;;
  "__complete debug-containers checkout-1 -n shop") printf 'cg-debug-abcde\\noncall\\n' ;;
  *) exit 1 ;;
esac
`,
    );
    chmodSync(fake, 0o755);
    writeFileSync(path.join(dir, 'completion.bash'), completionScript('bash'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function complete(line: string): Promise<string[]> {
    const words = line.split(' ');
    const script = `source ${JSON.stringify(path.join(dir, 'completion.bash'))}
COMP_WORDS=(${[fake, ...words.slice(1)].map((w) => JSON.stringify(w)).join(' ')})
COMP_CWORD=${words.length - 1}
_cg_debug
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await execa('bash', ['-c', script], { cwd: dir });
    return stdout.split('\n').filter(Boolean).sort();
  }

  it.each([
    { line: 'cg-debug ', want: ['completion', 'config', 'cp', 'dev-image', 'doctor', 'help', 'ls', 'packages', 'stop', 'web-1'] },
    { line: 'cg-debug -n shop c', want: ['cart-2', 'checkout-1', 'completion', 'config', 'cp'] },
    { line: 'cg-debug stop ', want: ['web-1'] },
    { line: 'cg-debug ls -n shop c', want: ['cart-2', 'checkout-1'] },
    { line: 'cg-debug --namespace shop ch', want: ['checkout-1'] },
    { line: 'cg-debug -n ', want: ['kube-system', 'shop'] },
    { line: 'cg-debug --profile re', want: ['restricted'] },
    { line: 'cg-debug web-1 -o ', want: ['json', 'yaml'] },
    { line: 'cg-debug --na', want: ['--name', '--namespace'] },
    { line: 'cg-debug completion ', want: ['bash', 'fish', 'kubectl', 'zsh'] },
    { line: 'cg-debug web-1 ', want: [] },
    { line: 'cg-debug web-1 -- ', want: [] },
    { line: 'cg-debug -n shop stop ', want: ['cart-2', 'checkout-1'] },
    { line: 'cg-debug -q completion ', want: ['bash', 'fish', 'kubectl', 'zsh'] },
    { line: 'cg-debug -n shop stop checkout-1 ', want: ['cg-debug-abcde', 'oncall'] },
    { line: 'cg-debug stop -n shop checkout-1 o', want: ['oncall'] },
    { line: 'cg-debug --context ', want: ['kind-test', 'prod@eu'] },
    { line: 'cg-debug web-1 --target ', want: ['app', 'sidecar'] },
    { line: 'cg-debug --target ', want: [] },
    { line: 'cg-debug packages checkout-1 -n shop --target ', want: ['api'] },
    { line: 'cg-debug -n shop doctor ', want: ['cart-2', 'checkout-1'] },
    { line: 'cg-debug -n shop packages ch', want: ['checkout-1'] },
    { line: 'cg-debug -n shop cp ch', want: ['checkout-1:'] },
    { line: 'cg-debug cp ./loc', want: [] },
    { line: 'cg-debug cp comp', want: ['completion.bash'] },
    { line: 'cg-debug help ', want: ['completion', 'config', 'cp', 'dev-image', 'doctor', 'help', 'ls', 'packages', 'stop'] },
    { line: 'cg-debug --image-pull-policy ', want: ['Always', 'IfNotPresent', 'Never'] },
    { line: 'cg-debug --image reg/x:1 ', want: ['completion', 'config', 'cp', 'dev-image', 'doctor', 'help', 'ls', 'packages', 'stop', 'web-1'] },
  ])('"$line" completes to $want', async ({ line, want }) => {
    expect(await complete(line)).toEqual(want);
  });

  // The stand-in answers what a hostile cluster could; the script must offer it as text, never run it.
  it('never expands names it is given', async () => {
    expect(await complete('cg-debug -n evil ')).toEqual(['$(touch ' + marker + ')', '*', '`touch ' + marker + '`', 'completion', 'config', 'cp', 'dev-image', 'doctor', 'help', 'ls', 'packages', 'stop', 'w-$(touch ' + marker + ')'].sort());
    expect(await complete('cg-debug -n evil w')).toEqual(['w-$(touch ' + marker + ')']);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('completionNames', () => {
  it.each([
    { name: 'valid pod names kept, in order', input: { what: 'pods' as const, names: ['web-1', 'api.v2-0'] }, want: ['web-1', 'api.v2-0'] },
    {
      name: 'shell metacharacters, escapes and missing names dropped',
      input: { what: 'pods' as const, names: ['$(id>/tmp/x)', '`id`', 'a;b', 'x\u001b]0;t\u0007', undefined, '*', 'ok'] },
      want: ['ok'],
    },
    { name: 'namespaces are labels: no dots', input: { what: 'namespaces' as const, names: ['shop', 'a.b', 'Shop'] }, want: ['shop'] },
    { name: 'containers are labels', input: { what: 'containers' as const, names: ['app', 'x.y', '$(id)', 'cg-debug-abcde'] }, want: ['app', 'cg-debug-abcde'] },
    { name: 'debug containers are labels', input: { what: 'debug-containers' as const, names: ['oncall', 'a b', 'x\u001b[2J'] }, want: ['oncall'] },
    {
      name: "contexts: kubectl's spellings kept, shell and terminal controls dropped",
      input: { what: 'contexts' as const, names: ['kind-test', 'jane@prod', 'arn:aws:eks:eu-west-1:1:cluster/web', 'gke_p_z_n', '$(id)', 'a b', 'x\u001b]0;t\u0007', '-rf'] },
      want: ['kind-test', 'jane@prod', 'arn:aws:eks:eu-west-1:1:cluster/web', 'gke_p_z_n'],
    },
  ])('$name', ({ input, want }) => {
    expect(completionNames(input.what, input.names)).toEqual(want);
  });
});

// kubectl_complete-cg_debug run the way kubectl runs it: the words after `kubectl cg-debug`, the last one
// being completed; kubectl-cg_debug (the same stand-in) on PATH answers __complete.
describe('kubectl plugin completion', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-kubectl-completion-'));
    writeFileSync(path.join(dir, 'kubectl-cg_debug'), `#!/bin/sh\ncase "$*" in\n  "__complete pods -n shop") printf 'checkout-1\\n' ;;\n  "__complete debug-containers checkout-1 -n shop") printf 'oncall\\n' ;;\n  "__complete pods") printf 'web-1\\n' ;;\n  *) exit 1 ;;\nesac\n`);
    writeFileSync(path.join(dir, 'kubectl_complete-cg_debug'), completionScript('kubectl'));
    chmodSync(path.join(dir, 'kubectl-cg_debug'), 0o755);
    chmodSync(path.join(dir, 'kubectl_complete-cg_debug'), 0o755);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    { name: 'the first word', args: [''], want: [...SHOWN_SUBCOMMANDS, 'web-1'] },
    { name: 'a pod in a namespace', args: ['-n', 'shop', 'ch'], want: ['checkout-1'] },
    { name: 'a flag', args: ['--prof'], want: ['--profile'] },
    { name: 'a profile', args: ['--profile', 'res'], want: ['restricted'] },
    { name: 'nothing after the pod', args: ['web-1', ''], want: [] },
    { name: 'a subcommand after flags', args: ['-n', 'shop', 'stop', ''], want: ['checkout-1'] },
    { name: "stop's container", args: ['-n', 'shop', 'stop', 'checkout-1', ''], want: ['oncall'] },
    { name: "cp's POD:, with no space after it", args: ['-n', 'shop', 'cp', 'che'], want: ['checkout-1:'], directive: ':6' },
  ])('$name: $args -> $want, then no file completion', async ({ args, want, directive }) => {
    const { stdout } = await execa(path.join(dir, 'kubectl_complete-cg_debug'), args, { env: { PATH: `${dir}:${process.env['PATH'] ?? ''}` }, cwd: dir });
    const lines = stdout.split('\n');
    expect(lines.at(-1)).toBe(directive ?? ':4');
    expect(lines.slice(0, -1).sort()).toEqual([...want].sort());
  });
});
