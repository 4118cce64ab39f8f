// The import boundaries of STYLE.md hold: each fixture under tests/fixtures/lint is linted with
// the repository's own eslint.config.js as if it sat at a path in the tree, and a forbidden
// import must come back as a no-restricted-imports error (an allowed one must not).
import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const repoRoot = path.resolve(import.meta.dirname, '../..')
const fixturesDir = path.join(repoRoot, 'tests/fixtures/lint')

let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot })
})

/** Lints a fixture as if it were `filePath`; returns the restricted imports' source lines. */
async function restrictedImports(fixture: string, filePath: string) {
  const code = fs.readFileSync(path.join(fixturesDir, fixture), 'utf8')
  expect(await eslint.isPathIgnored(filePath), `${filePath} is ignored by ESLint`).toBe(false)
  const [result] = await eslint.lintText(code, { filePath })
  const messages = result?.messages ?? []
  expect(messages.filter((m) => m.fatal).map((m) => m.message)).toEqual([])
  const lines = code.split('\n')
  return messages
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => {
      expect(m.severity).toBe(2)
      return lines[m.line - 1]?.trim()
    })
}

// [fixture, linted as, the imports that must be reported]
const forbidden: [string, string, string[]][] = [
  [
    'route-queries-db.tsx.fixture',
    'app/routes/__lint_fixture__.tsx',
    ["import { db } from '#db/client.server.ts'", "import { questions } from '#db/schema.ts'"],
  ],
  [
    'route-queries-db.tsx.fixture',
    'app/root.tsx',
    ["import { db } from '#db/client.server.ts'", "import { questions } from '#db/schema.ts'"],
  ],
  [
    'route-imports-db-relatively.tsx.fixture',
    'app/routes/__lint_fixture__.tsx',
    ["import { db } from '../../db/client.server.ts'"],
  ],
  [
    'route-imports-lucia.tsx.fixture',
    'app/routes/__lint_fixture__.tsx',
    ["import { generateIdFromEntropySize } from 'lucia'"],
  ],
  [
    'component-imports-drizzle.tsx.fixture',
    'app/components/__lint_fixture__.tsx',
    ["import { sql } from 'drizzle-orm'"],
  ],
  [
    'component-imports-server-value.tsx.fixture',
    'app/components/thread/__lint_fixture__.tsx',
    ["import { excerptOf } from '#app/models/questions.server.ts'"],
  ],
  [
    'component-imports-server-value.tsx.fixture',
    'app/validation/__lint_fixture__.tsx',
    ["import { excerptOf } from '#app/models/questions.server.ts'"],
  ],
  [
    'component-imports-db-client-type.tsx.fixture',
    'app/components/__lint_fixture__.tsx',
    ["import type { Db } from '#db/client.server.ts'"],
  ],
  [
    'search-imports-models.ts.fixture',
    'search/__lint_fixture__.ts',
    ["import { getThread } from '#app/models/questions.server.ts'"],
  ],
  [
    'db-imports-search.ts.fixture',
    'db/__lint_fixture__.ts',
    ["import { searchThreads } from '#search/index.server.ts'"],
  ],
  [
    'db-imports-app.ts.fixture',
    'db/__lint_fixture__.ts',
    ["import { slugify } from '#app/lib/slug.ts'"],
  ],
  [
    'script-imports-lucia.ts.fixture',
    'scripts/__lint_fixture__.ts',
    ["import { Lucia } from 'lucia'"],
  ],
  ['script-imports-lucia.ts.fixture', 'server.ts', ["import { Lucia } from 'lucia'"]],
  [
    'script-imports-lucia.ts.fixture',
    'search/__lint_fixture__.ts',
    ["import { Lucia } from 'lucia'"],
  ],
  [
    'script-imports-lucia.ts.fixture',
    'db/seed/__lint_fixture__.ts',
    ["import { Lucia } from 'lucia'"],
  ],
  [
    'script-imports-lucia.ts.fixture',
    'app/lib/__lint_fixture__.ts',
    ["import { Lucia } from 'lucia'"],
  ],
]

// [fixture, linted as]
const allowed: [string, string][] = [
  ['route-imports-model.tsx.fixture', 'app/routes/__lint_fixture__.tsx'],
  ['component-imports-server-types.tsx.fixture', 'app/components/__lint_fixture__.tsx'],
  ['seed-imports-models.ts.fixture', 'db/seed/__lint_fixture__.ts'],
  ['auth-imports-lucia.ts.fixture', 'app/lib/auth.server.ts'],
]

describe('import boundaries', () => {
  it.each(forbidden)('%s is an error as %s', async (fixture, filePath, imports) => {
    expect(await restrictedImports(fixture, filePath)).toEqual(imports)
  })

  it.each(allowed)('%s is allowed as %s', async (fixture, filePath) => {
    expect(await restrictedImports(fixture, filePath)).toEqual([])
  })

  it('has a case for every fixture', () => {
    const used = new Set([...forbidden, ...allowed].map(([fixture]) => fixture))
    const onDisk = fs.readdirSync(fixturesDir).filter((name) => name.endsWith('.fixture'))
    expect(onDisk.sort()).toEqual([...used].sort())
  })
})
