// SQLite has one write lock for every process on the file. BEGIN on a connection whose lock
// another process holds waits in SQLite's busy handler, which sleeps the whole thread: with
// WEB_CONCURRENCY > 1 a worker's event loop stopped for as long as the other kept winning the
// lock (up to a second under a stream of answers, issue 10). withWriteLock asks without waiting
// and yields the event loop between tries.
import { setTimeout as delay } from 'node:timers/promises'
import type Database from 'better-sqlite3'

/** How long withWriteLock keeps yielding before it waits in the busy handler like any write. */
const YIELD_FOR_MS = 5_000
/** The pause between tries: short, because another worker's write lasts a few milliseconds. */
const pauseMs = (attempt: number) => Math.min(8, 1 + attempt) * (0.5 + Math.random())

/**
 * Runs synchronous `work` in one write transaction on `client`, taken without blocking the event
 * loop while another process holds the lock. `work` runs in the turn whose BEGIN got the lock,
 * so nothing else of this process slips into the transaction; its own transactions become
 * savepoints of this one. Inside a transaction already, it simply runs `work`.
 */
export async function withWriteLock<R>(client: Database.Database, work: () => R): Promise<R> {
  if (client.inTransaction) return work()
  const giveUpAt = Date.now() + YIELD_FOR_MS
  for (let attempt = 0; Date.now() < giveUpAt; attempt++) {
    if (tryBegin(client)) return finish(client, work)
    await delay(pauseMs(attempt))
  }
  return client.transaction(work).immediate()
}

/** BEGIN IMMEDIATE that fails at once (false) when another connection holds the write lock. */
function tryBegin(client: Database.Database): boolean {
  const waitMs = client.pragma('busy_timeout', { simple: true }) as number
  client.pragma('busy_timeout = 0')
  try {
    client.exec('BEGIN IMMEDIATE')
    return true
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false
    throw error
  } finally {
    client.pragma(`busy_timeout = ${waitMs}`)
  }
}

function finish<R>(client: Database.Database, work: () => R): R {
  try {
    const result = work()
    client.exec('COMMIT')
    return result
  } catch (error) {
    if (client.inTransaction) client.exec('ROLLBACK')
    throw error
  }
}
