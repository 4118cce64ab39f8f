// Every test file gets its own SQLite database in a fresh temp dir, migrated like production.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll } from 'vitest'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-test-'))
process.env.DATABASE_PATH = path.join(dir, 'test.db')
process.env.NODE_ENV = 'test'

// Forked workers are reused between files: drop a connection an earlier file left behind.
const globalForDb = globalThis as typeof globalThis & {
  __peerdeskDb?: { $client: { close(): void } }
}
globalForDb.__peerdeskDb?.$client.close()
delete globalForDb.__peerdeskDb

const { db } = await import('#db/client.server.ts')
const { runMigrations } = await import('#db/migrate.ts')
runMigrations(db)

afterAll(() => {
  db.$client.close()
  delete globalForDb.__peerdeskDb
  fs.rmSync(dir, { recursive: true, force: true })
})
