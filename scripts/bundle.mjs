// Bundles the CLI into one ESM file, dist/cg-debug.mjs: the file `bin` points at and `npm pack` ships.
// Without code splitting, esbuild turns each `await import()` in src/ into a module that is bundled but
// evaluated only when that import runs, so --help never pays for the Kubernetes client or ink.
// Usage: node scripts/bundle.mjs [--metafile]
import { readFileSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

export const BUNDLE = 'dist/cg-debug.mjs';

// Each package's entry module records that it was evaluated in globalThis.__cgDebugEvaluated, when a
// test or benchmark defines that array first (otherwise the statement does nothing). This is how
// test/cli/bundle.test.ts proves, without timing, which commands evaluate which heavy package.
const MARKED = [
  { name: '@kubernetes/client-node', filter: /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]index\.js$/ },
  { name: 'ink', filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]index\.js$/ },
  { name: 'yaml', filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/]index\.js$/ },
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

/** Builds dist/cg-debug.mjs (or outfile); resolves to esbuild's metafile. */
export async function bundle({ outfile = BUNDLE } = {}) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outfile,
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
    define: { CG_DEBUG_VERSION: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
    // Bundled CommonJS packages (ws, react, ...) require Node's built-in modules: give them a require.
    // import.meta.url is a data: URL inside the SEA binary, where createRequire needs a file path.
    banner: {
      js: [
        "import { createRequire as __cgCreateRequire } from 'node:module';",
        "const require = __cgCreateRequire(import.meta.url.startsWith('file:') ? import.meta.url : process.execPath);",
      ].join('\n'),
    },
    plugins: [evaluationMarkers, noDevtools],
  });
  return result.metafile;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metafile = await bundle();
  if (process.argv.includes('--metafile')) writeFileSync('dist/cg-debug.meta.json', JSON.stringify(metafile));
  const bytes = metafile.outputs[BUNDLE]?.bytes ?? 0;
  process.stdout.write(`${BUNDLE}: ${(bytes / 1024).toFixed(0)} KiB\n`);
}
