/**
 * Lint, including the layering rules of ARCHITECTURE.md: the renderer imports only the contract,
 * the core never imports Electron or React, and the contract stays browser-safe.
 */
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'http',
  'worker_threads',
  'stream',
  'crypto',
  'url',
];
const NATIVE = ['better-sqlite3', 'serialport', '@serialport/*', 'onnxruntime-node', 'mongodb', 'ws'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'firmware/build/**',
      'firmware/.pio/**',
      'models/.venv/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name="Math"][callee.property.name="random"]',
          message: 'Use a seeded PRNG (native-bridge/sources/prng.ts): runs must be reproducible.',
        },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', ...NATIVE].map((name) => ({
            name,
            message: 'The renderer talks to the station only through the contract (StationApi).',
          })),
          patterns: [
            {
              group: ['**/native-bridge/*', '!**/native-bridge/contract', '!**/native-bridge/contract/*'],
              message: 'The renderer may import only native-bridge/contract.',
            },
            {
              group: ['**/electron/*', '**/firmware/*', '**/models/*'],
              message: 'The renderer may import only native-bridge/contract.',
            },
            { group: NODE_BUILTINS, message: 'Renderer code runs in a browser: no Node built-ins.' },
            {
              group: [...NATIVE.filter((n) => n.includes('*'))],
              message: 'The renderer talks to the station only through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['native-bridge/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'native-bridge is Electron-free: it runs under plain Node (tests, serve).' },
            { name: 'react', message: 'native-bridge never imports UI code.' },
            { name: 'react-dom', message: 'native-bridge never imports UI code.' },
          ],
          patterns: [
            {
              group: ['**/electron/*', '**/renderer/*'],
              message: 'native-bridge must not import the shell or the UI.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['native-bridge/contract/**/*.ts'],
    ignores: ['native-bridge/contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The contract is shared with the browser.' },
            ...NATIVE.filter((n) => !n.includes('*')).map((name) => ({
              name,
              message: 'The contract is shared with the browser.',
            })),
          ],
          patterns: [
            { group: NODE_BUILTINS, message: 'The contract is shared with the browser: no Node built-ins.' },
            { group: ['../*', '!../contract/*'], message: 'The contract imports only itself and zod.' },
          ],
        },
      ],
    },
  },
);
