// The search outbox. The unit of work (app/models/thread-writes.server.ts) adds a row in every
// thread write's transaction; the sync worker (outbox-worker.server.ts) drains the rows to
// Meilisearch, woken after the commit. The thread's FTS5 row is rebuilt right here, in the same
// transaction, so the FTS5 fallback always matches the database.
import { and, isNotNull, isNull, lt, sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.server.ts'
import { searchOutbox } from '#db/schema.ts'
import { loadSearchDocuments } from './documents.server.ts'
import { refreshFtsRows, writeFtsRows, type RecentWindowOptions } from './sqlite-fts.server.ts'
import type { SearchDocument } from './types.ts'

export function enqueueThreadReindex(tx: Tx, questionId: number, now = Date.now()) {
  tx.insert(searchOutbox).values({ questionId, createdAt: now, availableAt: now }).run()
  try {
    refreshFtsRows(tx, [questionId])
  } catch (error) {
    // Never fail a write over the search index: the worker rebuilds this row from the outbox.
    console.error(`[search] FTS5 refresh of thread ${questionId} failed:`, error)
  }
}

/** Thread writes whose outbox row and FTS5 refresh wait for the end of a bulk batch. */
export type DeferredReindex = { questionId: number; now: number }[]

export function deferThreadReindex(batch: DeferredReindex, questionId: number, now: number) {
  batch.push({ questionId, now })
}

/**
 * Writes what enqueueThreadReindex would have written for each deferred write: the outbox
 * rows in write order with their times, then each thread's FTS5 row once (the last refresh is
 * the one that counts). Inside the batch's transaction; empties the list. Returns the search
 * documents the FTS5 rows were made from, so a bulk writer can send them on to Meilisearch
 * without building them a second time.
 */
export function flushDeferredReindex(
  tx: Tx,
  batch: DeferredReindex,
  recentWindow: RecentWindowOptions = {},
): SearchDocument[] {
  if (batch.length === 0) return []
  for (let i = 0; i < batch.length; i += 500) {
    const rows = batch.slice(i, i + 500)
    tx.insert(searchOutbox)
      .values(rows.map((r) => ({ questionId: r.questionId, createdAt: r.now, availableAt: r.now })))
      .run()
  }
  const ids = [...new Set(batch.map((r) => r.questionId))]
  batch.length = 0
  const documents: SearchDocument[] = []
  try {
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const loaded = [...loadSearchDocuments(tx, chunk).values()]
      writeFtsRows(tx, chunk, loaded, recentWindow)
      documents.push(...loaded)
    }
  } catch (error) {
    console.error(`[search] FTS5 refresh of ${ids.length} threads failed:`, error)
  }
  return documents
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
