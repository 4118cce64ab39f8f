import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import type { Db } from './client.server.ts'

export const MIGRATIONS_FOLDER = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
)

/** `folder` for callers bundled elsewhere (the server build), whose own location differs. */
export function runMigrations(database: Db, folder = MIGRATIONS_FOLDER) {
  migrate(database, { migrationsFolder: folder })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { db } = await import('./client.server.ts')
  runMigrations(db)
  console.log('Migrations applied.')
}
