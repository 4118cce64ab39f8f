// The outbox worker: drains search_outbox to Meilisearch in batches. Repeated rows of one thread
// become one document build; live threads are upserted, deleted or missing ones removed; rows
// are marked processed only after Meilisearch's task succeeded. On failure the rows stay pending
// with attempts + 1 and an exponential backoff, so nothing is lost while Meilisearch is down or
// when the process dies mid-batch.
import { and, asc, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '#db/client.server.ts'
import { searchOutbox } from '#db/schema.ts'
import { withWriteLock } from '#db/write-lock.server.ts'
import { loadSearchDocuments } from './documents.server.ts'
import { BackgroundLoop } from './background-loop.server.ts'
import { describeError } from './meilisearch.server.ts'
import { pruneProcessedOutbox } from './outbox.server.ts'
import { writeChangedFtsRows } from './sqlite-fts.server.ts'
import type { SearchDocument } from './types.ts'

/** Where drained documents go (the Meilisearch backend); null runs on FTS5 alone. */
export interface OutboxSink {
  upsert(documents: SearchDocument[]): Promise<void>
  delete(ids: number[]): Promise<void>
}

export interface DrainResult {
  /** Outbox rows taken in this batch. */
  rows: number
  /** Distinct threads they named. */
  threads: number
  upserted: number
  deleted: number
  error?: string
}

export interface DrainOptions {
  /** The clock (tests move it past a backoff). */
  now?: number
  batchSize?: number
}

export const MAX_BACKOFF_MS = 60_000
/** Threads whose documents are built between two turns of the event loop. */
const BUILD_STEP = 10

/** 1 s, 2 s, 4 s … capped at a minute, for a batch that failed for the n-th time (n ≥ 1). */
export function backoffMs(attempts: number) {
  return Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1))
}

/** One batch: the oldest pending rows that are due. */
export async function drainOutboxBatch(
  db: Db,
  sink: OutboxSink | null,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const now = options.now ?? Date.now()
  const rows = db
    .select({ id: searchOutbox.id, questionId: searchOutbox.questionId })
    .from(searchOutbox)
    .where(and(isNull(searchOutbox.processedAt), lte(searchOutbox.availableAt, now)))
    .orderBy(asc(searchOutbox.id))
    .limit(options.batchSize ?? 500)
    .all()
  if (rows.length === 0) return { rows: 0, threads: 0, upserted: 0, deleted: 0 }

  const rowIds = rows.map((r) => r.id)
  const threadIds = [...new Set(rows.map((r) => r.questionId))]
  // Documents are built a few threads at a time, the event loop free between (a thread takes
  // about half a millisecond: a full batch at once would hold every request for a quarter of a
  // second). FTS5 is kept converged too (the write already refreshed it; this also repairs a
  // row a migration backfilled from Markdown, or one whose refresh failed).
  const docs = new Map<number, SearchDocument>()
  for (let i = 0; i < threadIds.length; i += BUILD_STEP) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve))
    const step = threadIds.slice(i, i + BUILD_STEP)
    const built = loadSearchDocuments(db, step)
    await withWriteLock(db.$client, () =>
      db.transaction((tx) => writeChangedFtsRows(tx, step, built)),
    )
    for (const [id, doc] of built) docs.set(id, doc)
  }
  const gone = threadIds.filter((id) => !docs.has(id))

  try {
    if (sink) {
      await sink.upsert([...docs.values()])
      await sink.delete(gone)
    }
  } catch (error) {
    const message = describeError(error).slice(0, 1000)
    const failedAt = options.now ?? Date.now()
    await withWriteLock(db.$client, () =>
      db
        .update(searchOutbox)
        .set({
          attempts: sql`${searchOutbox.attempts} + 1`,
          lastError: message,
          availableAt: sql`${failedAt} + min(${MAX_BACKOFF_MS}, 1000 * (1 << min(${searchOutbox.attempts}, 16)))`,
        })
        .where(inArray(searchOutbox.id, rowIds))
        .run(),
    )
    return { rows: rows.length, threads: threadIds.length, upserted: 0, deleted: 0, error: message }
  }
  await withWriteLock(db.$client, () =>
    db
      .update(searchOutbox)
      .set({ processedAt: options.now ?? Date.now(), lastError: null })
      .where(inArray(searchOutbox.id, rowIds))
      .run(),
  )
  return { rows: rows.length, threads: threadIds.length, upserted: docs.size, deleted: gone.length }
}

export interface WorkerOptions {
  db: Db
  /** The sink for this batch (asked each time: Meilisearch may come and go). */
  sink: () => OutboxSink | null
  batchSize?: number
  /** Pause after a batch when more may be waiting (default 200 ms; 0 when the batch was full). */
  busyDelayMs?: number
  /** Pause when nothing was due or the batch failed (default 1 s). */
  idleDelayMs?: number
  onBatch?: (result: DrainResult) => void
}

/** Runs drainOutboxBatch in a loop; one batch at a time, also when called from outside. */
export class OutboxWorker extends BackgroundLoop {
  readonly #options: WorkerOptions
  #lastPrune = 0

  // nudge(): a write just queued rows, so the next batch runs shortly instead of after the idle
  // pause (an edit reaches the index in well under a second; bursts coalesce into one batch).
  constructor(options: WorkerOptions) {
    super({ errorDelayMs: options.idleDelayMs ?? 1000, nudgeDelayMs: 20 })
    this.#options = options
  }

  /** One batch, after any batch already under way (never two at once). */
  drainOnce(options: DrainOptions = {}): Promise<DrainResult> {
    return this.serially(() =>
      drainOutboxBatch(this.#options.db, this.#options.sink(), {
        batchSize: this.#options.batchSize,
        ...options,
      }),
    )
  }

  protected reportError(error: unknown) {
    console.error('[search] outbox worker:', error)
  }

  /** One batch; the pause before the next: none when it was full, short when rows came. */
  protected async step(): Promise<number> {
    const batchSize = this.#options.batchSize ?? 500
    const result = await drainOutboxBatch(this.#options.db, this.#options.sink(), {
      batchSize: this.#options.batchSize,
    })
    this.#options.onBatch?.(result)
    if (Date.now() - this.#lastPrune > 3600_000) {
      this.#lastPrune = Date.now()
      pruneProcessedOutbox(this.#options.db)
    }
    if (result.rows === 0 || result.error) return this.#options.idleDelayMs ?? 1000
    return result.rows >= batchSize ? 0 : (this.#options.busyDelayMs ?? 200)
  }
}
