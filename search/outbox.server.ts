// The search outbox. Writes that change what a thread's search document holds add a row in
// their own transaction; the sync worker (outbox-worker.server.ts) drains the rows to
// Meilisearch. The thread's FTS5 row is rebuilt right here, in the same transaction, so the
// FTS5 fallback always matches the database.
import { and, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.server.ts'
import { searchOutbox } from '#db/schema.ts'
import { refreshFtsRows } from './sqlite-fts.server.ts'

type ThreadListener = (questionId: number) => void
const globalForOutbox = globalThis as typeof globalThis & {
  __peerdeskThreadListeners?: Set<ThreadListener>
}
const listeners = (globalForOutbox.__peerdeskThreadListeners ??= new Set())

/**
 * Hears about every thread change as it is queued for the index: the outbox worker wakes up,
 * the anonymous page cache drops the thread's page. Returns the function that stops listening.
 */
export function onThreadChanged(listener: ThreadListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function enqueueThreadReindex(tx: Tx, questionId: number, now = Date.now()) {
  tx.insert(searchOutbox).values({ questionId, createdAt: now, availableAt: now }).run()
  // Listeners run after the (synchronous) transaction has committed or rolled back; a rolled
  // back write only costs them a needless wake-up or cache miss.
  for (const listener of listeners) setImmediate(listener, questionId)
  try {
    refreshFtsRows(tx, [questionId])
  } catch (error) {
    // Never fail a write over the search index: the worker rebuilds this row from the outbox.
    console.error(`[search] FTS5 refresh of thread ${questionId} failed:`, error)
  }
}

/** Queues every live thread (e.g. when Meilisearch starts with an empty index). */
export function enqueueAllThreads(db: Db, now = Date.now()): number {
  return db.run(
    sql`INSERT INTO search_outbox (question_id, created_at, available_at)
        SELECT id, ${now}, ${now} FROM questions WHERE deleted_at IS NULL`,
  ).changes
}

export interface OutboxLag {
  pending: number
  oldestPendingAgeMs: number | null
}

export function outboxLag(db: Db, now = Date.now()): OutboxLag {
  const row = db
    .select({
      pending: sql<number>`count(*)`,
      oldest: sql<number | null>`min(${searchOutbox.createdAt})`,
    })
    .from(searchOutbox)
    .where(isNull(searchOutbox.processedAt))
    .get()
  return {
    pending: row?.pending ?? 0,
    oldestPendingAgeMs: row?.oldest == null ? null : Math.max(0, now - row.oldest),
  }
}

/** Deletes rows processed more than `olderThanMs` ago. */
export function pruneProcessedOutbox(db: Db, olderThanMs = 7 * 24 * 3600_000, now = Date.now()) {
  return db
    .delete(searchOutbox)
    .where(
      and(isNotNull(searchOutbox.processedAt), lt(searchOutbox.processedAt, now - olderThanMs)),
    )
    .run().changes
}
