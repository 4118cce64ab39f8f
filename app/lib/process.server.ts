// What the server process (server.ts) takes from the app. server.ts loads the production build
// (or Vite's dev build) and finds this module as `build.entry.module.serverProcess`
// (app/entry.server.tsx), so the process and the pages share one copy of every module: one
// database connection, one page cache, one search state, one event bus.
// With WEB_CONCURRENCY > 1 the same build runs as a cluster: a primary that prepares the site and
// supervises (runPrimary) and workers that serve it (startWorker).
import cluster from 'node:cluster'
import path from 'node:path'
import { closeDatabase, db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { startWalCheckpointer, type WalCheckpointer } from '#db/wal-checkpointer.server.ts'
import { formatLogins, isDatabaseEmpty, seedDemo } from '#db/seed/demo.ts'
import { accountMailQueued, startEmailJob, type EmailJob } from '#app/models/email.server.ts'
import { startRoutingJob, type RoutingJob } from '#app/models/routing.server.ts'
import { scheduleNightlyJobs } from '#app/models/nightly-jobs.server.ts'
import type { MeiliConnection } from '#search/meilisearch.server.ts'
import {
  startOutboxWorker,
  startSearch,
  startSharedMeilisearch,
  stopSearch,
} from '#search/index.server.ts'
import { SESSION_COOKIE_NAME } from './auth.server.ts'
import { joinCluster, relayChannel } from './cluster.server.ts'
import type { Env } from './env.server.ts'
import { applyLogLevel } from './log-level.server.ts'
import { pageCacheMiddleware, type PageCacheMiddleware } from './page-cache-middleware.server.ts'
import { pageCacheIfEnabled } from './page-cache.server.ts'
import { superviseWorkers } from './primary.server.ts'
import { serveSharedRateLimits, useSharedRateLimits } from './rate-limit.server.ts'

export { authenticate } from './auth.server.ts'
export { parseEnv, workerCount, type Env } from './env.server.ts'
export { isClusterWorker } from './cluster.server.ts'
export { closeLiveStreams } from './live-events.server.ts'
export { bodySizeProblem, bodyTypeProblem, isAllowedOrigin } from './request-guards.server.ts'

/**
 * Migrates (with the SQL under `root`/db/migrations), seeds the demo into an empty database when
 * asked, starts search (Meilisearch, the outbox worker and the sentence encoder; FTS5 answers
 * meanwhile) and the nightly community jobs.
 */
export async function startApp(config: Env, root: string) {
  await prepareSite(config, root)
  checkpointer ??= startWalCheckpointer(db)
  await startSearch({ onRelatedListChanged, encoder: true })
  // Targeted-voting reversal, then a badge recompute: each a day after its last run.
  scheduleNightlyJobs()
  emailJob ??= startEmailJob({ wakeOnAccountMail: true })
  routingJob ??= startRoutingJob({ wakeOnNewQuestion: true })
}

// WAL checkpoints in a thread, not inside a request's COMMIT (db/wal-checkpointer.server.ts).
let checkpointer: WalCheckpointer | null = null
// E-mail delivery and digests (app/models/email.server.ts): on the one process that leads.
let emailJob: EmailJob | undefined
// Expert routing and escalation (app/models/routing.server.ts): likewise on the leader only.
let routingJob: RoutingJob | undefined

async function prepareSite(config: Env, root: string) {
  applyLogLevel(config.LOG_LEVEL)
  runMigrations(db, path.join(root, 'db/migrations'))
  console.log(`Database ready at ${config.DATABASE_PATH}`)
  if (config.SEED_DEMO === 'auto' && isDatabaseEmpty()) {
    console.log('Empty database: seeding the demo community…')
    const logins = await seedDemo()
    console.log(`\nDemo logins:\n${formatLogins(logins)}\n`)
  }
}

// Account mail (a sign-up's link, a password reset) is awaited by a person: the leader's job
// wakes for it (startEmailJob's wakeOnAccountMail), and a worker that does not lead tells it.
const accountMailOnAWorker = relayChannel<null>('account-mail')
accountMailOnAWorker.receive(() => void emailJob?.runOnce())
accountMailQueued.add(() => {
  if (!emailJob) accountMailOnAWorker.send(null)
})

// The related-lists job (on the leader) stored a new list: the thread's cached pages are out of
// date on every worker.
const relatedListStored = relayChannel<number>('related-list')
const dropThreadPages = (questionId: number) => pageCacheIfEnabled()?.invalidateThread(questionId)
relatedListStored.receive(dropThreadPages)
function onRelatedListChanged(questionId: number) {
  dropThreadPages(questionId)
  relatedListStored.send(questionId)
}

// How the primary tells its workers where the shared managed Meilisearch answers.
const SHARED_MEILI_HOST = 'PEERDESK_SHARED_MEILI_HOST'
const SHARED_MEILI_KEY = 'PEERDESK_SHARED_MEILI_KEY'

/**
 * A cluster's primary: prepares the site once, before any worker serves (migrations, the demo
 * seed, the managed Meilisearch, the shared rate-limit counters), then forks `workers` workers.
 * Returns what ends them all (server.ts calls it on SIGTERM/SIGINT).
 */
export async function runPrimary(config: Env, root: string, workers: number) {
  await prepareSite(config, root)
  serveSharedRateLimits()
  const meili = await startSharedMeilisearch()
  const env: Record<string, string> = {}
  if (meili) {
    const { host, apiKey } = meili.connection()
    Object.assign(env, { [SHARED_MEILI_HOST]: host, [SHARED_MEILI_KEY]: apiKey ?? '' })
  }
  const supervisor = superviseWorkers({ count: workers, env, stop: stopApp })
  meili?.onMove((connection) => supervisor.broadcast({ peerdesk: 'meilisearch', connection }))
  return (signal: string) => supervisor.shutdown(signal)
}

/**
 * A cluster's worker, before it serves: the primary has prepared the site. Search connects to the
 * shared Meilisearch; the outbox worker and the nightly jobs run only once the primary makes this
 * worker the leader.
 */
export async function startWorker(config: Env) {
  applyLogLevel(config.LOG_LEVEL)
  checkpointer ??= startWalCheckpointer(db)
  useSharedRateLimits()
  const host = process.env[SHARED_MEILI_HOST]
  const shared: MeiliConnection | null = host
    ? { host, apiKey: process.env[SHARED_MEILI_KEY] || undefined }
    : null
  await startSearch({
    ...(shared ? { meilisearch: () => shared } : {}),
    worker: false,
    fillEmptyIndex: false,
    onRelatedListChanged,
    encoder: true, // each worker encodes its askers' text; only the leader runs the vector job
  })
  joinCluster({
    lead() {
      console.log(
        `[cluster] Worker ${cluster.worker?.id} leads: search outbox, nightly jobs, e-mail, routing.`,
      )
      startOutboxWorker()
      scheduleNightlyJobs()
      emailJob ??= startEmailJob({ wakeOnAccountMail: true })
      routingJob ??= startRoutingJob({ wakeOnNewQuestion: true })
    },
    meilisearch(connection) {
      if (shared) Object.assign(shared, connection)
    },
  })
}

/** Logged-out pages from memory, or null when PAGE_CACHE_MB=0 turns the cache off. */
export function pageCache(): PageCacheMiddleware | null {
  const cache = pageCacheIfEnabled()
  return cache ? pageCacheMiddleware(cache, SESSION_COOKIE_NAME) : null
}

/** After the HTTP server has closed: the worker and Meilisearch, then the database. */
export async function stopApp() {
  await emailJob?.stop()
  await routingJob?.stop()
  await stopSearch()
  await checkpointer?.stop()
  checkpointer = null
  closeDatabase()
}
