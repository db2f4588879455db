import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_NAMES } from '../../src/core/profiles.js';
import { UsageError } from '../../src/core/errors.js';
import { completionScript, COMPLETION_SHELLS } from '../../src/cli/completion.js';
import { toOptions } from '../../src/cli/options.js';
import { FLAGS, parseArgv } from '../../src/cli/parse-argv.js';

const options = (argv: string[]) => toOptions(parseArgv(argv), { stdoutIsTTY: false, stdinIsTTY: false });

describe('completion options', () => {
  it.each([
    { name: 'a shell', argv: ['completion', 'bash'], want: { kind: 'completion', shell: 'bash' } },
    { name: 'fish', argv: ['completion', 'fish'], want: { kind: 'completion', shell: 'fish' } },
    { name: 'pod names', argv: ['__complete', 'pods'], want: { kind: 'complete', what: 'pods', connection: {} } },
    {
      name: 'pod names in a namespace and context',
      argv: ['__complete', 'pods', '-n', 'shop', '--context', 'prod'],
      want: { kind: 'complete', what: 'pods', connection: { namespace: 'shop', context: 'prod' } },
    },
    { name: 'namespace names', argv: ['__complete', 'namespaces'], want: { kind: 'complete', what: 'namespaces', connection: {} } },
  ])('$name', ({ argv, want }) => {
    expect(options(argv)).toEqual(want);
  });

  it.each([
    { name: 'no shell', argv: ['completion'], message: 'completion takes exactly one shell and no flags' },
    { name: 'an unknown shell', argv: ['completion', 'powershell'], message: 'no completion for shell "powershell"' },
    { name: 'a flag', argv: ['completion', 'bash', '-n', 'x'], message: 'completion takes exactly one shell and no flags' },
    { name: 'unknown names', argv: ['__complete', 'images'], message: '__complete takes pods or namespaces, and only -n, --context, --kubeconfig' },
    { name: 'a debug flag', argv: ['__complete', 'pods', '--new'], message: '__complete takes pods or namespaces, and only -n, --context, --kubeconfig' },
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

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-completion-'));
    fake = path.join(dir, 'cg-debug');
    writeFileSync(
      fake,
      `#!/bin/sh
case "$*" in
  "__complete pods -n shop"|"__complete pods --namespace shop") printf 'checkout-1\\ncart-2\\n' ;;
  "__complete pods") printf 'web-1\\n' ;;
  "__complete namespaces"*) printf 'shop\\nkube-system\\n' ;;
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
    const { stdout } = await execa('bash', ['-c', script]);
    return stdout.split('\n').filter(Boolean).sort();
  }

  it.each([
    { line: 'cg-debug ', want: ['completion', 'dev-image', 'doctor', 'web-1'] },
    { line: 'cg-debug -n shop c', want: ['cart-2', 'checkout-1', 'completion'] },
    { line: 'cg-debug --namespace shop ch', want: ['checkout-1'] },
    { line: 'cg-debug -n ', want: ['kube-system', 'shop'] },
    { line: 'cg-debug --profile re', want: ['restricted'] },
    { line: 'cg-debug web-1 -o ', want: ['json', 'yaml'] },
    { line: 'cg-debug --na', want: ['--name', '--namespace'] },
    { line: 'cg-debug completion ', want: ['bash', 'fish', 'zsh'] },
    { line: 'cg-debug web-1 ', want: [] },
    { line: 'cg-debug web-1 -- ', want: [] },
    { line: 'cg-debug --image reg/x:1 ', want: ['completion', 'dev-image', 'doctor', 'web-1'] },
  ])('"$line" completes to $want', async ({ line, want }) => {
    expect(await complete(line)).toEqual(want);
  });
});
