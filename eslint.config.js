import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** kube/ and registry/: nothing from the layers above them, nor from each other. */
function belowSession(layer, sibling) {
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['../session/*', '../cli/*', '../tui/*', '../main.js'], message: `src/${layer} is below session, cli and tui: move what both need into src/core.` },
            { group: [`../${sibling}/*`], message: 'src/kube and src/registry do not import each other: move what both need into src/core.' },
          ],
        },
      ],
    },
  };
}

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
    files: ['src/core/**/*.ts'],
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
    // One connect path for every command (src/cli/kube-connect.ts): the signal that ends exec credential
    // plugins at the first Ctrl-C cannot be forgotten by a new command.
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/kube-connect.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
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
  belowSession('kube', 'registry'),
  belowSession('registry', 'kube'),
);
