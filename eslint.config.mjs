import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'cdk.out/**', 'node_modules/**', 'reports/**', '.cache/**', 'test-artifacts/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Pure math (cost, model, and the estimators of `scenario infer`) takes its inputs as arguments (STYLE.md rule 7). The imports are checked by
    // dependency-cruiser (.dependency-cruiser.cjs); the environment is checked here. Exceptions, which
    // do I/O by design: prices/load.ts (reads pricing/*.json) and prices/refresh.ts (Price List API).
    files: ['simulator/cost/**/*.ts', 'simulator/model/**/*.ts', 'simulator/infer/**/*.ts', 'simulator/tune/**/*.ts'],
    ignores: ['simulator/cost/prices/load.ts', 'simulator/cost/prices/refresh.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'pure math reads no environment: take the value as an argument' },
        { object: 'process', property: 'cwd', message: 'pure math reads no environment: take the value as an argument' },
        { object: 'process', property: 'argv', message: 'pure math reads no environment: take the value as an argument' },
      ],
    },
  },
  {
    // The report reads results.json through its contract (simulator/results): every section is typed and
    // validated there, so nothing here needs to force a type.
    files: ['simulator/report/**/*.ts', 'simulator/results/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSAsExpression.expression[typeAnnotation.type="TSUnknownKeyword"]',
          message: 'no `as unknown as` here: type the value through the results contract (simulator/results) instead',
        },
      ],
    },
  },
  {
    // Functions a reader can hold in their head (issue #15): every function in simulator/ and lib/ is at
    // most 60 lines, and `npm test` keeps it so; test files are exempt (a test is a list of cases).
    files: ['simulator/**/*.ts', 'lib/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);
