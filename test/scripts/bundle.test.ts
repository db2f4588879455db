// The bundle keeps the CLI's lazy loading: which heavy packages (the Kubernetes client, ink, yaml, execa)
// each command evaluates, read from the markers scripts/bundle.mjs puts in their entry modules (no timing
// involved).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without type declarations
import { bundle } from '../../scripts/bundle.mjs';

let dir: string;
let outdir: string;
let outfile: string;
let probe: string;
let configFile: string;
let kubeconfig: string;
let metafile: Metafile;

/** The part of esbuild's metafile read here: each output file, the sources in it and what it imports. */
interface Metafile {
  outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }>;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'cg-debug-bundle-'));
  outdir = path.join(dir, 'dist');
  outfile = path.join(outdir, 'cg-debug.mjs');
  probe = path.join(dir, 'probe.mjs');
  configFile = path.join(dir, 'config.yaml');
  writeFileSync(configFile, 'defaultProfile: restricted\n');
  // A cluster nothing listens for: direct mode gets as far as its first API call, and fails there.
  kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:1', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 't' } }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }),
  );
  writeFileSync(
    probe,
    `globalThis.__cgDebugEvaluated = [];
process.on('exit', () => process.stderr.write('EVALUATED ' + JSON.stringify(globalThis.__cgDebugEvaluated) + '\\n'));
// Node's fetch and its classes load undici on first use: recorded as 'fetch' (the registry uses node:http).
const fetchFn = globalThis.fetch;
globalThis.fetch = (...args) => (globalThis.__cgDebugEvaluated.push('fetch'), fetchFn(...args));
for (const name of ['Response', 'Request', 'Headers']) {
  const { get } = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, { configurable: true, get() { globalThis.__cgDebugEvaluated.push('fetch'); return get.call(this); } });
}
`,
  );
  metafile = (await bundle({ outdir })) as Metafile;
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle without a terminal; resolves to what it evaluated and how it ended. */
async function run(args: string[], env: Record<string, string> = {}) {
  const result = await execa(process.execPath, ['--import', probe, outfile, ...args], {
    reject: false,
    stdin: 'ignore',
    env: { KUBECONFIG: path.join(dir, 'no-such-kubeconfig'), ...env },
    timeout: 30_000,
  });
  const line = String(result.stderr).split('\n').find((l) => l.startsWith('EVALUATED '));
  return { evaluated: JSON.parse(line?.slice('EVALUATED '.length) ?? 'null') as string[] | null, ...result };
}

describe('dist bundle', () => {
  it.each([
    { name: '--help', args: ['--help'], want: [] },
    { name: 'COMMAND --help', args: ['cp', '--help'], want: [] },
    { name: '--version', args: ['--version'], want: [] },
    { name: 'completion bash', args: ['completion', 'bash'], want: [] },
    { name: 'dev-image --offline', args: ['dev-image', '--offline', 'cgr.dev/chainguard/nginx:1.27'], want: [] },
    // The registry is asked over node:http, not fetch (undici cost 35 MiB): a loopback port nothing listens on.
    { name: 'dev-image asking a registry', args: ['dev-image', '127.0.0.1:9/chainguard/app:1.2.3'], want: [] },
    { name: 'a usage error', args: ['--no-such-flag'], want: [] },
    // Direct mode reads the kubeconfig and makes its calls without the generated Kubernetes client, and never loads ink.
    { name: 'direct mode without a kubeconfig', args: ['some-pod', '--', 'true'], want: [] },
    { name: 'direct mode up to its first API call', args: ['some-pod', '--', 'true'], kubeconfig: true, want: [] },
    // ls still lists with the generated client, which it loads at its first call.
    { name: 'ls', args: ['ls', '-A'], kubeconfig: true, want: ['@kubernetes/client-node'] },
    // The YAML parser only when there is a config file to read.
    { name: 'dev-image --offline with a config file', args: ['dev-image', '--offline', 'cgr.dev/chainguard/nginx:1.27'], config: true, want: ['yaml'] },
  ])('$name evaluates $want', async ({ args, config, kubeconfig: withKubeconfig, want }) => {
    const { evaluated } = await run(args, { ...(config ? { CG_DEBUG_CONFIG: configFile } : {}), ...(withKubeconfig ? { KUBECONFIG: kubeconfig } : {}) });
    expect(evaluated).toEqual(want);
  });

  it('the fetch marker fires when something uses fetch', async () => {
    const result = await execa(process.execPath, ['--import', probe, '--input-type=module', '-e', "await fetch('http://127.0.0.1:9/').catch(() => undefined)"], { reject: false });
    expect(String(result.stderr)).toContain('EVALUATED ["fetch"]');
  });

  // Node loads every file the entry imports statically before it runs a line of it, so these are all the
  // sources --version reads (it imports nothing at run time, test/cli/quick-argv.test.ts): the entry's
  // own, the error codes, the program's name and esbuild's helpers, never the parser or a command.
  it('--version reads only the entry and the few modules it needs', () => {
    const entry = Object.keys(metafile.outputs).find((file) => metafile.outputs[file]?.entryPoint === 'src/main.ts');
    const loaded = new Set<string>();
    const visit = (file: string): void => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const i of metafile.outputs[file]?.imports ?? []) if (i.kind === 'import-statement' && !i.external) visit(i.path);
    };
    visit(entry ?? 'no entry');
    const sources = [...loaded].flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}));
    expect(new Set(sources)).toEqual(new Set(['src/main.ts', 'src/cli/quick-argv.ts', 'src/cli/flushed.ts', 'src/cli/program-name.ts', 'src/core/errors.ts']));
    expect(loaded.size).toBeLessThanOrEqual(4);
  });

  // --help and COMMAND --help add the help text, one file built apart that imports no chunk.
  it('--help reads the help text from one file of its own', () => {
    const entry = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint === 'src/main.ts')?.[1];
    const help = Object.entries(metafile.outputs).find(([file]) => file.endsWith('/chunks/help-text.mjs'))?.[1];
    expect(entry?.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path)).toContain('./chunks/help-text.mjs');
    expect(help?.entryPoint).toBe('src/cli/help.ts');
    expect(help?.imports.filter((i) => !i.external && i.path.endsWith('.mjs'))).toEqual([]);
  });

  // The help text's own file prints what the source's help prints (execa strips the last newline).
  it.each([
    { args: ['--help'], command: undefined },
    { args: ['ls', '-h'], command: 'ls' },
    { args: ['no-such-command', '--help'], command: undefined },
  ])('$args prints the help of $command', async ({ args, command }) => {
    const { helpFor } = await import('../../src/cli/help.js');
    const version = (await import('../../package.json', { with: { type: 'json' } })).default.version;
    const { stdout, exitCode } = await run(args);
    expect(exitCode).toBe(0);
    expect(`${stdout}\n`).toBe(helpFor(command, 'cg-debug', version));
  });

  it('prints the version from package.json', async () => {
    const { stdout, exitCode } = await run(['--version']);
    expect(exitCode).toBe(0);
    expect(stdout).toBe(`cg-debug ${(await import('../../package.json', { with: { type: 'json' } })).default.version}`);
  });

  // The positive control: the markers do fire for ink when the terminal UI starts (in a pseudo-terminal
  // from script(1); it fails right after for want of a kubeconfig). Its list and watch go over the light
  // REST client, so the generated client is not evaluated (ls above shows the marker fires for it).
  it('the pod picker evaluates ink, not the generated Kubernetes client', async () => {
    const command = [process.execPath, '--import', probe, outfile].map((w) => `'${w}'`).join(' ');
    const result = await execa('script', ['-qec', command, '/dev/null'], {
      reject: false,
      stdin: 'ignore',
      env: { KUBECONFIG: path.join(dir, 'no-such-kubeconfig') },
      timeout: 30_000,
    });
    const line = String(result.stdout).split(/\r?\n/).find((l) => l.startsWith('EVALUATED '));
    expect(JSON.parse(line?.slice('EVALUATED '.length) ?? 'null')).toEqual(['ink']);
    expect(result.stdout).toContain('none of the KUBECONFIG files exist');
  });

  // A createRequire per file costs start-up time: only the files whose code names `require` define it,
  // and every one of those does (else a bundled CommonJS package would throw a ReferenceError).
  it('defines require in exactly the files that use it', () => {
    const banner = "import { createRequire as __cgCreateRequire } from 'node:module';const require = __cgCreateRequire(import.meta.url);";
    const files = [outfile, ...readdirSync(path.join(outdir, 'chunks')).map((f) => path.join(outdir, 'chunks', f))];
    const defining = files.filter((f) => readFileSync(f, 'utf8').includes(banner));
    const using = files.filter((f) => /\brequire\b/.test(readFileSync(f, 'utf8').replace(banner, '')));
    expect(defining).toEqual(using);
    expect(defining.length).toBeGreaterThan(0);
    expect(defining.length).toBeLessThan(files.length / 4);
  });

  // An ES module import of a built-in reads all its exports, lazy getters too (on Node 22+ node:http's
  // WebSocket loads undici, Node's fetch): the bundle takes built-ins through require instead.
  it('imports Node built-in modules through require, never as ES modules (node:module aside)', () => {
    const files = [outfile, ...readdirSync(path.join(outdir, 'chunks')).map((f) => path.join(outdir, 'chunks', f))];
    const imported = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bfrom\s*["'](node:[\w/]+|fs|http|https|path|util|crypto|events|stream|os|url|net|tls|zlib|child_process|process)["']/g)].map((m) => m[1]));
    expect(new Set(imported)).toEqual(new Set(['node:module']));
    expect(files.some((f) => readFileSync(f, 'utf8').includes('("node:http")'))).toBe(true);
  });

  // A require that fails walks every node_modules and package.json above dist/: ws does not look for the
  // native add-ons it can do without.
  it("never requires ws's optional native add-ons", () => {
    const files = [outfile, ...readdirSync(path.join(outdir, 'chunks')).map((f) => path.join(outdir, 'chunks', f))];
    expect(files.filter((f) => /["'](bufferutil|utf-8-validate)["']/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  // The released executable is, byte for byte, the one CI tests: a build must not depend on what the
  // building process did first. scripts/build-sea.mjs imports node:crypto, node:child_process and
  // node:util before it bundles, and an ES module import turns some lazy getters into plain values.
  it('builds the same files in a process that imported built-ins first', async () => {
    const other = path.join(dir, 'dist-other');
    const script = [
      "import 'node:crypto'; import 'node:child_process'; import 'node:util'; import 'node:http'; import 'node:stream';",
      `const { bundle } = await import(${JSON.stringify(new URL('../../scripts/bundle.mjs', import.meta.url).href)});`,
      `await bundle({ outdir: ${JSON.stringify(other)} });`,
    ].join('\n');
    await execa(process.execPath, ['--input-type=module', '-e', script]);
    const contents = (root: string) =>
      Object.fromEntries(['cg-debug.mjs', ...readdirSync(path.join(root, 'chunks')).map((f) => `chunks/${f}`)].map((f) => [f, readFileSync(path.join(root, f), 'utf8')]));
    const ours = contents(outdir);
    const theirs = contents(other);
    expect(Object.keys(theirs).sort()).toEqual(Object.keys(ours).sort());
    for (const file of Object.keys(ours)) expect(theirs[file], file).toBe(ours[file]);
  }, 60_000);
});
