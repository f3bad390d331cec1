// Lint: typescript-eslint's type-checked recommended rules over all our TypeScript
// (src, test, bench, scripts); formatting is prettier's job, so eslint-config-prettier
// turns off every stylistic rule that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      'src/generated/',
      'test/artifacts/',
      'bench/results/',
      'web/dist/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // prisma.config.ts sits outside tsconfig.json's folders (Prisma looks for it at the root).
        projectService: { allowDefaultProject: ['prisma.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A leading underscore marks a binding kept on purpose (a destructured field left out, an unused parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // The dashboard runs in browsers: TypeScript (web/tsconfig.json, DOM types) already checks every name.
    files: ['web/**/*.ts', 'web/**/*.tsx', 'web/**/*.mts'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Tests read supertest bodies, fake-exchange JSON and pg rows, which are `any` by nature; asserting on them is
    // the point, so the unsafe-any rules would only add casts. Test doubles implement async ports without awaiting.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The paper exchange implements the async exchange port over a synchronous engine: its async methods turn the
    // engine's thrown rejections into rejected promises, as the Binance adapter gives them, so they need no await.
    files: ['src/exchange/paper/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Plain CommonJS files (Jest config, install scripts) are not part of the TypeScript project.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
  {
    // Prettier wraps code at 120 columns but leaves long strings and comments alone: this catches those.
    rules: { 'max-len': ['error', { code: 120, ignoreUrls: true }] },
  },
);
