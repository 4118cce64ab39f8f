// What the server process (server.ts) takes from the app. server.ts loads the production build
// (or Vite's dev build) and finds this module as `build.entry.module.serverProcess`
// (app/entry.server.tsx), so the process and the pages share one copy of every module: one
// database connection, one page cache, one search state, one event bus.
import path from 'node:path'
import type { RequestHandler } from 'express'
import { closeDatabase, db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { formatLogins, isDatabaseEmpty, seedDemo } from '#db/seed/demo.ts'
import { scheduleNightlyJobs } from '#app/models/vote-fraud.server.ts'
import { startSearch, stopSearch } from '#search/index.server.ts'
import { SESSION_COOKIE_NAME } from './auth.server.ts'
import type { Env } from './env.server.ts'
import { applyLogLevel } from './log-level.server.ts'
import { pageCacheMiddleware } from './page-cache-middleware.server.ts'
import { pageCacheIfEnabled } from './page-cache.server.ts'

export { authenticate } from './auth.server.ts'
export { parseEnv, type Env } from './env.server.ts'
export { closeLiveStreams } from './live-events.server.ts'
export { bodySizeProblem, isAllowedOrigin } from './request-guards.server.ts'

/**
 * Migrates (with the SQL under `root`/db/migrations), seeds the demo into an empty database when
 * asked, starts search (Meilisearch and the outbox worker; FTS5 answers meanwhile) and the
 * nightly community jobs.
 */
export async function startApp(config: Env, root: string) {
  applyLogLevel(config.LOG_LEVEL)
  runMigrations(db, path.join(root, 'db/migrations'))
  console.log(`Database ready at ${config.DATABASE_PATH}`)
  if (config.SEED_DEMO === 'auto' && isDatabaseEmpty()) {
    console.log('Empty database: seeding the demo community…')
    const logins = await seedDemo()
    console.log(`\nDemo logins:\n${formatLogins(logins)}\n`)
  }
  // The related-lists job runs in this process: a list it stores changes the thread's page.
  await startSearch({
    onRelatedListChanged: (questionId) => pageCacheIfEnabled()?.invalidateThread(questionId),
  })
  // Targeted-voting reversal, then a badge recompute: soon after start, and every 24 h.
  scheduleNightlyJobs()
}

/** Logged-out pages from memory, or null when PAGE_CACHE_MB=0 turns the cache off. */
export function pageCache(): RequestHandler | null {
  const cache = pageCacheIfEnabled()
  return cache ? pageCacheMiddleware(cache, SESSION_COOKIE_NAME) : null
}

/** After the HTTP server has closed: the worker and Meilisearch, then the database. */
export async function stopApp() {
  await stopSearch()
  closeDatabase()
}
