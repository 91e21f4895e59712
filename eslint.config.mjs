// `npm run lint` (part of `npm test`): typescript-eslint's recommended rules plus the house style
// that review kept asking for: lines of at most 150 characters.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['lib/**', 'dist/**', 'dist-jsii/**', 'imports/**', 'node_modules/**', 'coverage/**', 'plan/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'max-len': ['error', { code: 150, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Control characters are matched on purpose: the YAML read-back rules (RS113, the kubectl reader)
      // look for the characters YAML cannot carry unescaped, and tests strip terminal colour codes.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests load modules lazily or by computed path (plugins, the package entry points) with require().
    files: ['test/**'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
