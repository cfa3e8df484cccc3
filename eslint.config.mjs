// ESLint 9 flat config: typescript-eslint's recommended rules (syntax only, no type information, so a
// lint of the whole tree stays quick). Formatting is Prettier's job (.prettierrc.json), not ESLint's.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'out/',
      'node_modules/',
      'coverage/',
      'test-artifacts/',
      '.lstm-studio/',
      'src/engine/kernels/wasm-binary.ts',
      'test/fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // `catch {}` is this code base's way to say "best effort" (cleanup, an optional file); other empty blocks are still errors.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The host, the workers, the CLI, the scripts and the tests run in Node.
    files: ['src/**', 'test/**', 'scripts/**', 'bin/**', '*.js', '*.mjs', '*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Webviews run in the browser (a VS Code webview).
    files: ['webview/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The end-to-end tests hand functions to the page (a webview) to evaluate there.
    files: ['test/e2e/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests read golden tensors and CLI output as untyped JSON.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS: configs, and what VS Code's test runner loads (mocha suites, the probe extension).
    files: [
      '**/*.cjs',
      'webpack.config.js',
      'test/extension-host/**/*.js',
      'test/e2e/fixtures/probe-extension/**/*.js',
    ],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.mocha } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
