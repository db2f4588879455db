// The layer rules of eslint.config.js, run on imports written for the purpose: each wrong import must
// fail the rule, and the allowed ones must pass, so a rule that stops matching is noticed. Every folder
// of src/ has a row: a new folder without a rule (and a row here) fails the first test.
import { readdirSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error eslint.config.js is plain JavaScript without declarations.
import { SRC_FOLDERS } from '../../eslint.config.js';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const importOf = (path: string) => `import * as x from '${path}';\nexport const y = x;\n`;

/** Per folder: an import from a layer above it (refused, with the message), and one from below (allowed). */
const LAYERS: Record<string, { refused: { from: string; want: RegExp }[]; allowed: string[] }> = {
  cli: { refused: [{ from: '../main.js', want: /only the entry point/ }], allowed: ['../tui/run-tui.js', '../session/debug-session.js', '../core/errors.js'] },
  tui: {
    refused: [{ from: '../cli/last-resort.js', want: /src\/tui imports only from .*src\/cli is not below it/ }],
    allowed: ['../session/debug-session.js', '../kube/pods.js', '../terminal/screen.js'],
  },
  session: {
    refused: [
      { from: '../cli/options.js', want: /src\/session imports only from/ },
      { from: '../tui/App.js', want: /src\/tui is not below it/ },
      { from: '../config/effective-config.js', want: /src\/config is not below it/ },
    ],
    allowed: ['../kube/pods.js', '../registry/host-auth.js', '../record/audit-log.js', '../timing/sleep.js'],
  },
  kube: {
    refused: [
      { from: '../session/debug-session.js', want: /src\/session is not below it/ },
      { from: '../tui/App.js', want: /src\/tui is not below it/ },
      { from: '../registry/host-auth.js', want: /do not import each other/ },
      { from: '../record/audit-log.js', want: /src\/record is not below it/ },
    ],
    allowed: ['../core/errors.js', '../timing/deadline-signal.js', '../terminal/terminal-io.js', '../proc/process-group.js'],
  },
  registry: {
    refused: [
      { from: '../kube/api-errors.js', want: /do not import each other/ },
      { from: '../cli/options.js', want: /src\/cli is not below it/ },
    ],
    allowed: ['../core/image-ref.js', '../timing/deadline-signal.js'],
  },
  record: { refused: [{ from: '../kube/attach.js', want: /src\/record imports only from src\/terminal, src\/core/ }], allowed: ['../terminal/terminal-io.js', '../core/sanitize.js'] },
  files: { refused: [{ from: '../session/copy-files.js', want: /src\/files imports only from/ }], allowed: ['../core/errors.js'] },
  config: { refused: [{ from: '../cli/options.js', want: /src\/config imports only from src\/core/ }], allowed: ['../core/errors.js'] },
  proc: { refused: [{ from: '../kube/client.js', want: /src\/proc imports only from src\/core/ }], allowed: ['../core/errors.js'] },
  timing: { refused: [{ from: '../kube/client.js', want: /src\/timing imports only from src\/core/ }], allowed: ['../core/errors.js'] },
  terminal: { refused: [{ from: '../cli/last-resort.js', want: /src\/terminal imports only from src\/core/ }], allowed: ['../core/sanitize.js'] },
  core: {
    refused: [
      { from: '../kube/pods.js', want: /core imports only from src\/core/ },
      { from: '../session/debug-session.js', want: /core imports only from src\/core/ },
      { from: 'node:fs', want: /pure/ },
    ],
    allowed: ['./image-ref.js'],
  },
};

describe('layer import rules', () => {
  it('every folder of src/ has a rule and a row here', () => {
    const folders = readdirSync('src', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect([...(SRC_FOLDERS as string[])].sort()).toEqual(folders);
    expect(Object.keys(LAYERS).sort()).toEqual(folders);
  });

  const refused = Object.entries(LAYERS).flatMap(([layer, { refused }]) => refused.map(({ from, want }) => ({ name: `${layer} importing ${from}`, layer, from, want })));
  it.each(refused)('refuses $name', async ({ layer, from, want }) => {
    const messages = await restrictedImportMessages(`src/${layer}/x.ts`, importOf(from));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(want);
  });

  const allowed = Object.entries(LAYERS).flatMap(([layer, { allowed }]) => allowed.map((from) => ({ name: `${layer} importing ${from}`, layer, from })));
  it.each(allowed)('allows $name', async ({ layer, from }) => {
    expect(await restrictedImportMessages(`src/${layer}/x.ts`, importOf(from))).toEqual([]);
  });

  it.each([
    { name: 'a tui component importing cli', file: 'src/tui/components/X.tsx', from: '../../cli/last-resort.js', want: /src\/cli is not below it/ },
    { name: 'a tui hook importing main', file: 'src/tui/hooks/x.ts', from: '../../main.js', want: /only the entry point/ },
  ])('nested folders too: refuses $name', async ({ file, from, want }) => {
    const messages = await restrictedImportMessages(file, importOf(from));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(want);
  });

  it('a command connects only through connectKube (the signal path)', async () => {
    const messages = await restrictedImportMessages('src/cli/x-command.ts', "import { connect } from '../kube/client.js';\nexport const x = connect;\n");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/connectKube/);
  });

  it('core may import types from the Kubernetes client', async () => {
    expect(await restrictedImportMessages('src/core/x.ts', "import type { V1Pod } from '@kubernetes/client-node';\nexport type X = V1Pod;\n")).toEqual([]);
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
