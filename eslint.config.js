import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The layering of DESIGN.md: ui → store → protocol ← worker → engine; storage is the worker's.
// Type-only imports may cross a boundary; runtime imports may not.
const layer = (name) => ({ group: [`**/${name}/*`, `**/${name}`], allowTypeImports: true });
const banned = (...names) =>
  names.map((n) => ({
    ...layer(n),
    message: `this layer must not import app/${n} at run time (DESIGN.md layering)`,
  }));
const frameworks = [
  'react',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/*',
  '@xyflow/*',
  'idb',
  'i18next',
  'react-i18next',
].map((n) => ({
  group: [n],
  message: 'app/engine is framework-free: no React, zustand, xyflow, idb or i18n.',
}));

const clockGlobals = [
  {
    object: 'Date',
    property: 'now',
    message: 'The engine runs on virtual time: take the clock as an input.',
  },
  { object: 'Math', property: 'random', message: 'The engine is seeded: use the RNG passed in.' },
  { object: 'performance', property: 'now', message: 'The engine runs on virtual time.' },
];
const browserGlobals = [
  'setTimeout',
  'setInterval',
  'requestAnimationFrame',
  'queueMicrotask',
  'document',
  'window',
  'indexedDB',
  'localStorage',
  'self',
  'Date',
].map((name) => ({
  name,
  message: 'app/engine is pure and deterministic: no timers, DOM, storage or wall clock.',
}));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'playwright-report', 'test-results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['app/engine/**/*.ts'],
    ignores: ['app/engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...frameworks,
            ...banned('protocol', 'worker', 'storage', 'store', 'ui', 'i18n'),
          ],
        },
      ],
      'no-restricted-properties': ['error', ...clockGlobals],
      'no-restricted-globals': ['error', ...browserGlobals],
    },
  },
  {
    files: ['app/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: banned('engine', 'worker', 'storage', 'store', 'ui') },
      ],
    },
  },
  {
    files: ['app/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...banned('store', 'ui', 'i18n'),
            {
              group: ['react', 'react-dom', 'zustand', '@xyflow/*'],
              message: 'the worker has no UI',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: banned('worker', 'store', 'ui', 'i18n', 'protocol') },
      ],
    },
  },
  {
    files: ['app/store/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: banned('engine', 'worker', 'storage', 'ui') }],
    },
  },
  {
    files: ['app/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: banned('engine', 'worker', 'storage') }],
    },
  },
  {
    files: ['app/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: banned('engine', 'worker', 'storage', 'store', 'ui', 'protocol') },
      ],
    },
  },
);
