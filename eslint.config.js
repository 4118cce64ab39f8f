import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// ── Import boundaries (STYLE.md, "Boundaries") ──────────────────────────────────────────────
// Two traps let forbidden imports through the earlier version of this file:
// - `group` patterns are gitignore-style, so '#db/*' is a comment. Every pattern here is a
//   `regex`, tested against the specifier as written in the import.
// - In flat config, when several blocks set the same rule for a file, the last block's options
//   replace the earlier ones (they are not merged). So the pattern lists are assigned to ZONES
//   below — disjoint sets of files — and each zone gets ONE block holding all of its patterns.
// The core rule, not @typescript-eslint/no-restricted-imports: that one is deprecated and, for a
// type-only import, skips every pattern once any pattern with allowTypeImports matches (so
// `import type { Db } from '#db/client.server.ts'` in a component passed as "a .server module").
// The core rule understands `import type` and applies allowTypeImports pattern by pattern.
// tests/unit/lint-boundaries.test.ts lints one fixture per forbidden import.

// A specifier reaching a top-level folder: through its alias (#db/…) or a relative path that
// climbs to it (../../db/… from a route).
const reach = (folder) => `^(#${folder}|(\\.\\./)+${folder})/`
const pattern = (regex, message, options = {}) => ({ regex, message, ...options })

const noDrizzle = pattern(
  '^(drizzle-orm|better-sqlite3)(/|$)',
  'Routes, components and schemas never query the database: call a function in app/models.',
)
const noDb = pattern(reach('db'), 'Routes, components and schemas use app/models, not db/.')
// Components show domain vocabulary (Role, ThreadStatus) typed from db/schema.ts; nothing else
// from db/, and no values at all. Routes and root.tsx do not need even that.
const noDbButSchemaTypes = [
  pattern(`${reach('db')}(?!schema(\\.ts)?$)`, 'Components use app/models, not db/.'),
  pattern(`${reach('db')}schema(\\.ts)?$`, 'Components may only `import type` from db/schema.ts.', {
    allowTypeImports: true,
  }),
]
const noServerValues = pattern(
  '\\.server(\\.[cm]?[jt]sx?)?(/|$)',
  'Shared with the browser: only `import type` from *.server modules.',
  { allowTypeImports: true },
)
const noRemix = pattern('^@remix-run/', 'db/ and search/ never import Remix.')
const dbLayer = [
  pattern(reach('app'), 'db/ imports nothing from app/ (only db/seed/ goes through the models).'),
  pattern(reach('search'), 'db/ imports nothing from search/.'),
  noRemix,
]
const searchLayer = [pattern(reach('app'), 'search/ imports db/ only, nothing from app/.'), noRemix]
const onlyAuthImportsLucia = pattern(
  '^(lucia(/|$)|@lucia-auth/)',
  'Only app/lib/auth.server.ts imports lucia: use its helpers.',
)
const AUTH_MODULE = 'app/lib/auth.server.ts'

const zones = [
  { files: ['app/routes/**', 'app/root.tsx'], patterns: [noDrizzle, noDb] },
  { files: ['app/components/**'], patterns: [noDrizzle, ...noDbButSchemaTypes, noServerValues] },
  { files: ['app/validation/**'], patterns: [noDrizzle, noDb, noServerValues] },
  { files: ['db/**'], ignores: ['db/seed/**'], patterns: dbLayer }, // the seed goes through app/models
  { files: ['search/**'], patterns: searchLayer },
]
// Zones must not overlap (nor hold auth.server.ts), or one block would silently replace another.
const roots = zones.flatMap((zone) => zone.files.map((glob) => glob.replace(/\/\*\*$/, '')))
const within = (outer, inner) => inner === outer || inner.startsWith(`${outer}/`)
roots.forEach((a, i) => {
  for (const b of [...roots.slice(i + 1), AUTH_MODULE])
    if (within(a, b) || within(b, a)) throw new Error(`eslint.config.js: zones overlap: ${a}, ${b}`)
})

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
const boundaries = [
  // Everywhere (app, db, search, scripts, tests, server.ts): lucia only through auth.server.ts.
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx,mts,cts}'],
    ignores: [AUTH_MODULE],
    rules: restrict([onlyAuthImportsLucia]),
  },
  // Each zone restates the lucia pattern, since its block replaces the one above.
  ...zones.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: restrict([...patterns, onlyAuthImportsLucia]),
  })),
]

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
  ...boundaries,
)
