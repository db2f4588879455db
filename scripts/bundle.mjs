// Bundles the CLI into dist/: a small entry, dist/cg-debug.mjs (the file `bin` points at), and the chunks it
// loads on demand, dist/chunks/. Each `await import()` in src/ becomes a chunk that Node reads and compiles
// only when a command runs that import, so --version, --help and completion never read the Kubernetes
// client or ink at all (a one-file bundle made V8 scan all 2.6 MB on every start).
// Usage: node scripts/bundle.mjs [--metafile]
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const DIST = 'dist';
export const BUNDLE = `${DIST}/cg-debug.mjs`;
export const CHUNKS = `${DIST}/chunks`;

// Each package's entry module records that it was evaluated in globalThis.__cgDebugEvaluated, when a
// test or benchmark defines that array first (otherwise the statement does nothing). This is how
// test/cli/bundle.test.ts proves, without timing, which commands evaluate which heavy package.
const MARKED = [
  { name: '@kubernetes/client-node', filter: /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]index\.js$/ },
  { name: 'ink', filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]index\.js$/ },
  { name: 'yaml', filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]index\.js$/ },
  { name: 'execa', filter: /[\\/]node_modules[\\/]execa[\\/]index\.js$/ },
];

const evaluationMarkers = {
  name: 'evaluation-markers',
  setup(b) {
    for (const { name, filter } of MARKED) {
      b.onLoad({ filter }, (args) => ({
        contents: `${readFileSync(args.path, 'utf8')}\nglobalThis.__cgDebugEvaluated?.push(${JSON.stringify(name)});\n`,
        loader: 'js',
      }));
    }
  },
};

// ink imports react-devtools-core only when DEV=true, and it is not installed: fail that import the way
// ink expects (it then prints how to install it) instead of failing the build.
const noDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'absent' }));
    b.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({
      contents: "throw Object.assign(new Error('react-devtools-core is not bundled'), { code: 'ERR_MODULE_NOT_FOUND' });",
      loader: 'js',
    }));
  },
};

// node-fetch (the Kubernetes client's HTTP) takes Node's URL when there is one and falls back to the
// whatwg-url package, which is never used on Node but brings 290 KB of Unicode tables (tr46) that every
// direct-mode run would compile and hold: it gets Node's own URL instead.
const nodeUrl = {
  name: 'node-url-for-whatwg-url',
  setup(b) {
    b.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: 'whatwg-url', namespace: 'node-url' }));
    b.onLoad({ filter: /.*/, namespace: 'node-url' }, () => ({ contents: 'export default { URL: globalThis.URL };', loader: 'js' }));
  },
};

// Bundled CommonJS packages (ws, react, ...) require Node's built-in modules: each file gets a require.
const REQUIRE_BANNER = "import { createRequire as __cgCreateRequire } from 'node:module';const require = __cgCreateRequire(import.meta.url);";

/**
 * esbuild puts the banner on every file, but only the file of its runtime helpers (whose __require the
 * bundled CommonJS calls) uses it: a createRequire per file is start-up time for nothing (direct mode
 * loads some 45 files), so files whose code never names `require` lose it.
 */
function dropUnusedRequire(outputs) {
  for (const file of Object.keys(outputs)) {
    if (!file.endsWith('.mjs')) continue;
    const full = path.resolve(root, file);
    const text = readFileSync(full, 'utf8');
    // The entry keeps its #! line first.
    const shebang = /^#![^\n]*\n/.exec(text)?.[0] ?? '';
    if (!text.startsWith(REQUIRE_BANNER, shebang.length)) continue;
    const code = text.slice(shebang.length + REQUIRE_BANNER.length);
    if (!/\brequire\b/.test(code)) writeFileSync(full, shebang + code.replace(/^\n/, ''));
  }
}

// An ES module import of a built-in module reads every one of its exports, lazy getters too: on Node 22+
// node:http's WebSocket getter loads undici (Node's fetch, 10 ms of the single executable's start), and
// fs.promises, util's and crypto's getters load more modules still. require() reads none of them, so the
// bundle's ES module imports of built-ins get the module through require: the default export, every plain
// property as this Node has them, and lazy functions read when called; another getter imported by name
// fails the build.
// What each built-in exports is worked out in a fresh Node process that only requires them, in one fixed
// order: reading a lazy getter (to see whether it is a function) can turn it into a plain value, and so can
// an ES module import of the module, so in this process the answer would depend on what ran before the
// build (scripts/build-sea.mjs imports node:crypto and node:util first) and the chunks would differ.
const BUILTIN_EXPORTS_SCRIPT = `
const { builtinModules } = require('node:module');
const IDENTIFIER = /^[A-Za-z_$][\\w$]*$/;
// Not those that warn when loaded (wasi is experimental, sys deprecated), which nothing bundled imports.
const WARN_WHEN_LOADED = new Set(['wasi', 'sys']);
const names = builtinModules.filter((n) => !n.startsWith('_') && !n.startsWith('node:') && !WARN_WHEN_LOADED.has(n)).sort();
const out = {};
for (const name of names) {
  const module = require('node:' + name);
  const named = Object.entries(Object.getOwnPropertyDescriptors(module)).filter(([key]) => IDENTIFIER.test(key) && key !== 'default');
  // A lazy function (util.parseArgs) is read when called; other lazy exports (fs.promises, classes) are left out.
  const values = named.filter(([, d]) => 'value' in d).map(([key]) => key);
  const lazyFunctions = named.filter(([key, d]) => 'get' in d && /^[a-z]/.test(key) && typeof module[key] === 'function').map(([key]) => key);
  out[name] = { values, lazyFunctions };
}
process.stdout.write(JSON.stringify(out));
`;

let builtinExportsTable;
/** A built-in's plain exports and lazy functions, as a fresh Node process sees them. */
function builtinExports(name) {
  builtinExportsTable ??= JSON.parse(
    execFileSync(process.execPath, ['--input-type=commonjs', '-e', BUILTIN_EXPORTS_SCRIPT], {
      encoding: 'utf8',
      // Nothing of this process's options (a test runner's --import, say) may load modules first.
      env: { ...process.env, NODE_OPTIONS: '' },
      maxBuffer: 16 * 1024 * 1024,
    }),
  );
  const exports = builtinExportsTable[name];
  if (!exports) throw new Error(`scripts/bundle.mjs: no export list for the built-in module ${name}`);
  return exports;
}

const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    const builtins = new Set(builtinModules.filter((name) => !name.startsWith('_') && name !== 'module'));
    // One wrapper per importing file, so that it lands in that file's chunk: shared wrappers became chunks of
    // their own, more files to load.
    b.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return args.kind === 'import-statement' && builtins.has(name) ? { path: `${name}?${args.importer}`, namespace: 'builtin-by-require' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => {
      const bare = args.path.slice(0, args.path.indexOf('?'));
      const name = `node:${bare}`;
      const { values, lazyFunctions } = builtinExports(bare);
      return {
        contents: [
          "import { createRequire } from 'node:module';",
          `const m = createRequire(import.meta.url)(${JSON.stringify(name)});`,
          'const __read = (key) => m[key];',
          'export default m;',
          // Pure: the exports the importer does not use are left out of the bundle.
          ...values.map((key) => `export const ${key} = /* @__PURE__ */ __read(${JSON.stringify(key)});`),
          ...lazyFunctions.map((key) => `export function ${key}(...args) { return m.${key}(...args); }`),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};

// yoga-layout (ink's layout engine) carries its WebAssembly as base64 in a data: URL and, when the global
// fetch exists, loads it with fetch(): that loads undici (Node's fetch, 4 to 5 MiB of the picker's memory)
// for a data: URL. Its loader falls back to decoding the base64 itself when fetch is not a function, so
// the module sees a fetch of its own that is not one; nothing else in the bundle uses fetch.
const yogaWithoutFetch = {
  name: 'yoga-without-fetch',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/][^\\/]+\.js$/ }, (args) => ({
      contents: `const fetch = undefined;\n${readFileSync(args.path, 'utf8')}`,
      loader: 'js',
    }));
  },
};

// --help and `COMMAND --help` read the help text, which is built from every command's module: as chunks
// of the split build those made 17 files, and on Node 20 every file of an ES module graph costs about half
// a millisecond of start-up. main.ts's import of help.js gets one file of its own instead, HELP_TEXT,
// built apart without splitting (the help command's own run still shares the split build's chunks).
export const HELP_TEXT = `${CHUNKS}/help-text.mjs`;

const helpApart = {
  name: 'help-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/cli\/help\.js$/ }, (args) =>
      args.kind === 'dynamic-import' && /[\\/]src[\\/]main\.ts$/.test(args.importer) ? { path: `./${path.posix.relative(DIST, HELP_TEXT)}`, external: true } : undefined,
    );
  },
};

// The help text's modules import each command's run lazily: the help never runs one, and without
// splitting they would all land in its file (4 MiB). Such an import fails there instead.
const noRunsInHelp = {
  name: 'no-runs-in-help',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'not-in-help' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'not-in-help' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in ${HELP_TEXT}`)});`,
      loader: 'js',
    }));
  },
};

/** Builds dist/cg-debug.mjs and dist/chunks/ (or into outdir); resolves to esbuild's metafile. */
export async function bundle({ outdir = DIST } = {}) {
  // Stale chunks from an earlier build would ship in the package.
  rmSync(path.resolve(root, outdir, 'chunks'), { recursive: true, force: true });
  const common = {
    absWorkingDir: root,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Fully minified: V8 scans every byte of the file at start, even of modules never evaluated.
    minify: true,
    // Error classes name themselves with new.target.name, and callers compare those names.
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    // src/tui/react-production.ts sets NODE_ENV at run time for the tsc build; the define already did it.
    logOverride: { 'assign-to-define': 'silent' },
    logLevel: 'warning',
    // The tsc build reads the version from package.json at run time; the bundle (and the SEA binary,
    // which has no package.json beside it) carries it.
    // NODE_ENV: React and its reconciler ship development builds too; only the production ones are bundled.
    // WS_NO_*: ws tries to require its optional native add-ons (bufferutil, utf-8-validate), which the bundle
    // never ships: each failed require walked every node_modules and package.json above dist/ (3 ms of
    // every exec); ws then uses its own JavaScript, as it did after the failure.
    define: {
      CG_DEBUG_VERSION: JSON.stringify(pkg.version),
      'process.env.NODE_ENV': '"production"',
      'process.env.WS_NO_BUFFER_UTIL': '"1"',
      'process.env.WS_NO_UTF_8_VALIDATE': '"1"',
    },
    banner: { js: REQUIRE_BANNER },
  };
  const plugins = [evaluationMarkers, noDevtools, nodeUrl, yogaWithoutFetch, builtinsByRequire];
  const [program, help] = await Promise.all([
    build({
      ...common,
      entryPoints: [{ in: 'src/main.ts', out: 'cg-debug' }],
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      plugins: [helpApart, ...plugins],
    }),
    build({ ...common, entryPoints: [{ in: 'src/cli/help.ts', out: path.posix.relative(DIST, HELP_TEXT).replace(/\.mjs$/, '') }], plugins: [noRunsInHelp, ...plugins] }),
  ]);
  const metafile = { inputs: { ...program.metafile.inputs, ...help.metafile.inputs }, outputs: { ...program.metafile.outputs, ...help.metafile.outputs } };
  dropUnusedRequire(metafile.outputs);
  return metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metafile = await bundle();
  if (process.argv.includes('--metafile')) writeFileSync('dist/cg-debug.meta.json', JSON.stringify(metafile));
  const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
  const outputs = Object.entries(metafile.outputs);
  const total = outputs.reduce((sum, [, o]) => sum + o.bytes, 0);
  process.stdout.write(`${BUNDLE}: ${kib(metafile.outputs[BUNDLE]?.bytes ?? 0)}, with ${outputs.length - 1} chunks: ${kib(total)}\n`);
}
