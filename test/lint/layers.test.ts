// The layer rules of eslint.config.js, run on imports written for the purpose: each wrong import must
// fail the rule, and the allowed ones must pass, so a rule that stops matching is noticed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer import rules', () => {
  it.each([
    { name: 'core importing kube', file: 'src/core/x.ts', code: "import { getPod } from '../kube/pods.js';\nexport const x = getPod;\n", want: /core imports only from src\/core/ },
    { name: 'core importing session', file: 'src/core/x.ts', code: "export type { Step } from '../session/debug-session.js';\n", want: /core imports only from src\/core/ },
    { name: 'core importing node:fs', file: 'src/core/x.ts', code: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", want: /pure/ },
    { name: 'kube importing session', file: 'src/kube/x.ts', code: "import type { DebugPlan } from '../session/debug-session.js';\nexport type X = DebugPlan;\n", want: /below session/ },
    { name: 'kube importing tui', file: 'src/kube/x.ts', code: "import { App } from '../tui/App.js';\nexport const x = App;\n", want: /below session/ },
    { name: 'kube importing registry', file: 'src/kube/x.ts', code: "import { hostRegistryAuth } from '../registry/host-auth.js';\nexport const x = hostRegistryAuth;\n", want: /do not import each other/ },
    { name: 'registry importing kube', file: 'src/registry/x.ts', code: "import { toKubeError } from '../kube/api-errors.js';\nexport const x = toKubeError;\n", want: /do not import each other/ },
    { name: 'registry importing cli', file: 'src/registry/x.ts', code: "import { toOptions } from '../cli/options.js';\nexport const x = toOptions;\n", want: /below session/ },
    { name: 'a command connecting without the signal path', file: 'src/cli/x-command.ts', code: "import { connect } from '../kube/client.js';\nexport const x = connect;\n", want: /connectKube/ },
  ])('refuses $name', async ({ file, code, want }) => {
    const messages = await restrictedImportMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(want);
  });

  it.each([
    { name: 'core importing core', file: 'src/core/x.ts', code: "import { parseImageRef } from './image-ref.js';\nexport const x = parseImageRef;\n" },
    { name: 'core importing client types', file: 'src/core/x.ts', code: "import type { V1Pod } from '@kubernetes/client-node';\nexport type X = V1Pod;\n" },
    { name: 'kube importing core', file: 'src/kube/x.ts', code: "import { ExitCode } from '../core/errors.js';\nexport const x = ExitCode;\n" },
    { name: 'session importing kube and registry', file: 'src/session/x.ts', code: "import { getPod } from '../kube/pods.js';\nimport { hostRegistryAuth } from '../registry/host-auth.js';\nexport const x = [getPod, hostRegistryAuth];\n" },
  ])('allows $name', async ({ file, code }) => {
    expect(await restrictedImportMessages(file, code)).toEqual([]);
  });
});

async function outputMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('the one output layer', () => {
  it.each([
    { name: 'io.stdout.write', code: "export function run(io: { stdout: NodeJS.WritableStream }): void {\n  io.stdout.write('x');\n}\n" },
    { name: 'process.stderr.write', code: "export function run(): void {\n  process.stderr.write('x');\n}\n" },
    { name: 'a bare stdout.write', code: "export function run(stdout: NodeJS.WritableStream): void {\n  stdout.write('x');\n}\n" },
    { name: 'console.log', code: "export function run(): void {\n  console.log('x');\n}\n" },
  ])('refuses $name in a command module', async ({ code }) => {
    const messages = await outputMessages('src/cli/x-command.ts', code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/Output writer/);
  });

  it('allows the writer itself', async () => {
    expect(await outputMessages('src/cli/x-command.ts', "import type { Output } from './output.js';\nexport function run(out: Output): void {\n  out.text('x');\n}\n")).toEqual([]);
  });
});
