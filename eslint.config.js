import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Every folder of src/, each with a rule below (test/lint/layers.test.ts checks each one bites). */
export const SRC_FOLDERS = ['cli', 'tui', 'session', 'kube', 'registry', 'record', 'files', 'config', 'proc', 'timing', 'terminal', 'core'];

/**
 * The layers import downward only: main -> cli -> tui -> session -> kube | registry -> record | files |
 * config | proc | timing -> terminal -> core. `layer` may import from `allowed` and itself, nothing else;
 * kube and registry, side by side, never import each other. core has its own, stricter rule (pure).
 */
function importsOnly(layer, allowed) {
  const forbidden = SRC_FOLDERS.filter((f) => f !== layer && f !== 'core' && !allowed.includes(f));
  const siblings = { kube: 'registry', registry: 'kube' };
  const patterns = forbidden.map((f) => ({
    // `**/` so that nested folders (tui/components) are held to the rule as well.
    group: [`**/${f}/*`],
    message:
      siblings[layer] === f
        ? 'src/kube and src/registry do not import each other: move what both need into src/core.'
        : `src/${layer} imports only from ${[...allowed, 'core'].map((a) => `src/${a}`).join(', ')}: src/${f} is not below it; move what both need down.`,
  }));
  return {
    files: [`src/${layer}/**/*.ts`, `src/${layer}/**/*.tsx`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...patterns, { group: ['**/main.js'], message: 'only the entry point imports nothing from src/main.ts.' }] }],
    },
  };
}

const BELOW = ['record', 'files', 'config', 'proc', 'timing', 'terminal'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/cluster/build/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      // core/ must stay pure: only type imports from the Kubernetes client.
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The single executable's main script: Node runs it as CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The layers import downward only: main -> cli -> session -> kube | registry -> core. core/ is pure.
  {
    files: ['src/core/**/*.ts', 'src/core/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../*'], message: 'src/core imports only from src/core.' },
            { group: ['ink', 'react', 'execa', 'node:*'], message: 'src/core is pure: no I/O, no UI.' },
            {
              group: ['@kubernetes/client-node'],
              allowTypeImports: true,
              message: 'src/core may only import types from the Kubernetes client.',
            },
          ],
        },
      ],
    },
  },
  {
    // No file over 400 lines and no function over 80 (comments and blank lines not counted) without a
    // reason written beside it: an eslint-disable-next-line with `-- why`.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Why: cli/options.ts holds the main command and every subcommand's builder; it is being split into
    // one module per subcommand, after which this exception goes.
    files: ['src/cli/options.ts'],
    rules: { 'max-lines': 'off' },
  },
  importsOnly('tui', ['session', 'kube', 'registry', ...BELOW]),
  // config: the session gets its settings from the options, already resolved.
  importsOnly('session', ['kube', 'registry', ...BELOW.filter((f) => f !== 'config')]),
  importsOnly('kube', ['proc', 'timing', 'terminal']),
  importsOnly('registry', ['proc', 'timing', 'terminal']),
  importsOnly('record', ['terminal']),
  importsOnly('files', ['terminal']),
  importsOnly('config', []),
  importsOnly('proc', []),
  importsOnly('timing', []),
  importsOnly('terminal', []),
  {
    // One connect path for every command (src/cli/kube-connect.ts): the signal that ends exec credential
    // plugins at the first Ctrl-C cannot be forgotten by a new command.
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/kube-connect.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // cli may import every folder below it; only the entry point is off limits (see importsOnly).
          patterns: [{ group: ['**/main.js'], message: 'only the entry point imports nothing from src/main.ts.' }],
          paths: [
            {
              name: '../kube/client.js',
              importNames: ['connect', 'processPluginDeps'],
              message: 'connect through connectKube (src/cli/kube-connect.ts), which ends exec plugins at the first signal.',
            },
          ],
        },
      ],
    },
  },
  {
    // One output layer (src/cli/output.ts): command modules print only through the writer they are
    // given, which makes server text terminal-safe, so a new command cannot print a pod's escape sequence.
    files: ['src/cli/*-command.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='write'][callee.object.property.name=/^(stdout|stderr)$/]",
          message: 'print through the Output writer (src/cli/output.ts): text(), json(), note().',
        },
        {
          selector: "CallExpression[callee.property.name='write'][callee.object.name=/^(stdout|stderr)$/]",
          message: 'print through the Output writer (src/cli/output.ts): text(), json(), note().',
        },
        { selector: "MemberExpression[object.name='console']", message: 'print through the Output writer (src/cli/output.ts).' },
      ],
    },
  },
);
