import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
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
);
