import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const restrict = (patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
})

export default tseslint.config(
  {
    ignores: [
      'build/',
      'node_modules/',
      'db/migrations/',
      'data/',
      'test-results/',
      'playwright-report/',
      'tests/e2e/.artifacts/',
      'reports/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // The boundaries of STYLE.md: routes and components never reach into the database.
  {
    files: ['app/routes/**', 'app/components/**', 'app/root.tsx', 'app/validation/**'],
    rules: restrict([
      {
        group: ['drizzle-orm', 'drizzle-orm/*', 'better-sqlite3', '#db/client.server.ts'],
        message: 'Go through app/models.',
      },
      {
        group: ['#db/*'],
        allowTypeImports: true,
        message: 'Routes and components use app/models, not db/.',
      },
    ]),
  },
  {
    files: ['app/components/**', 'app/validation/**'],
    rules: restrict([
      {
        group: ['*.server', '*.server.ts', '*.server.tsx', '#db/*'],
        allowTypeImports: true,
        message: 'Components and schemas are shared with the browser.',
      },
    ]),
  },
  {
    files: ['db/**'],
    ignores: ['db/seed/**'], // the demo seed goes through the models so its ledger and HTML are real
    rules: restrict([
      {
        group: ['#app/*', '#search/*', '@remix-run/*'],
        message: 'db/ imports nothing from app/ or search/.',
      },
    ]),
  },
  {
    files: ['search/**'],
    rules: restrict([{ group: ['#app/*', '@remix-run/*'], message: 'search/ reads db/ only.' }]),
  },
  {
    files: ['app/lib/**'],
    ignores: ['app/lib/auth.server.ts'],
    rules: restrict([
      {
        group: ['lucia', 'lucia/*', '@lucia-auth/*'],
        message: 'Only app/lib/auth.server.ts imports lucia.',
      },
    ]),
  },
)
