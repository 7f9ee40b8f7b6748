import js from '@eslint/js'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// The layer rules of ARCHITECTURE.md, enforced here rather than by goodwill.
const engineRestrictedImports = (allowNode) => [
  'error',
  {
    patterns: [
      {
        group: [
          'react',
          'react-*',
          'react/*',
          'zustand',
          'zustand/*',
          '@xyflow/*',
          'monaco-editor',
          'monaco-editor/*',
          'monaco-yaml',
          'fflate',
          ...(allowNode ? [] : ['node:*']),
        ],
        message: 'src/engine is pure TypeScript: no UI, state, storage or Node libraries.',
      },
      {
        group: [
          '**/ui/**',
          '**/state/**',
          '**/persistence/**',
          '**/viewModel/**',
          '**/app/**',
          '**/cli/**',
        ],
        message: 'src/engine imports only src/engine.',
      },
    ],
  },
]

// Engine tests may read fixture files with node:fs; the engine's sources may not.
const engineTests = {
  files: ['src/engine/**/*.test.ts'],
  rules: { 'no-restricted-imports': engineRestrictedImports(true) },
}

const engineOnly = {
  files: ['src/engine/**/*.ts'],
  rules: {
    'no-restricted-imports': engineRestrictedImports(false),
    'no-restricted-globals': [
      'error',
      ...[
        'window',
        'document',
        'navigator',
        'location',
        'history',
        'localStorage',
        'sessionStorage',
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'requestAnimationFrame',
        'performance',
        'process',
        'crypto',
        'fetch',
      ].map((name) => ({
        name,
        message: 'The engine is pure and deterministic: time and input are data.',
      })),
    ],
    'no-restricted-properties': [
      'error',
      {
        object: 'Math',
        property: 'random',
        message: 'Use the seeded generator in src/engine/rng.ts.',
      },
      { object: 'Date', property: 'now', message: 'Time is data in the engine.' },
    ],
    'no-restricted-syntax': [
      'error',
      { selector: "NewExpression[callee.name='Date']", message: 'Time is data in the engine.' },
    ],
  },
}

// Side effects live in one place: persistence (URL, storage) and the playback clock.
const sideEffectsOutsidePersistence = {
  files: ['src/**/*.{ts,tsx}'],
  ignores: [
    'src/persistence/**',
    'src/app/**',
    'src/ui/playback/usePlaybackClock.ts',
    'src/cli/**',
    'src/**/*.test.ts',
  ],
  rules: {
    'no-restricted-globals': [
      'error',
      { name: 'localStorage', message: 'Storage is touched only in src/persistence.' },
      { name: 'location', message: 'The URL is touched only in src/persistence.' },
      { name: 'history', message: 'The URL is touched only in src/persistence.' },
      { name: 'requestAnimationFrame', message: 'Only the playback clock runs frames.' },
    ],
  },
}

const zustandOnlyInState = {
  files: ['src/**/*.{ts,tsx}'],
  ignores: ['src/state/**'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: ['zustand', 'zustand/*'], message: 'zustand is used only in src/state.' },
        ],
      },
    ],
  },
}

export default defineConfig([
  globalIgnores(['dist', 'test-results', 'playwright-report', 'node_modules', 'reports']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      eqeqeq: 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.tsx', 'src/ui/**/*.ts', 'src/app/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  zustandOnlyInState,
  sideEffectsOutsidePersistence,
  engineOnly,
  engineTests,
  {
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'e2e/**', '*.config.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-console': 'off' },
  },
  { files: ['**/*.js'], extends: [tseslint.configs.disableTypeChecked] },
])
