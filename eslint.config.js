// Lint kept light so it runs fast: no type-aware rules. Its main job is to keep every regular expression
// that reads untrusted text linear in time (issue 11): super-linear backtracking is an error.
import tseslint from 'typescript-eslint';
import regexp from 'eslint-plugin-regexp';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'test-results/', '.tmp/', 'coverage/'] },
  {
    files: ['**/*.ts', '**/*.cts', '**/*.js'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { regexp, '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignoreSticky: false, ignorePartial: false }],
      'regexp/no-misleading-capturing-group': 'error',
      'regexp/no-useless-quantifier': 'error',
      'regexp/no-empty-alternative': 'error',
      'regexp/no-dupe-disjunctions': ['error', { report: 'interesting' }],
      'regexp/no-invalid-regexp': 'error',
    },
  },
);
