// Keeps each thread's sentence vector (question_vectors) current with what it says.
//
// - A question asked, or edited, marks its row due in the write's own transaction
//   (markVectorDue, from the unit of work's reactions; imported and bulk-seeded history is left to
//   `npm run search:vectors`, which the importer names at its end).
// - The job (VectorJob, in the process that drains the search outbox) encodes due rows a batch
//   at a time in the encoder thread, from the text as indexed (search_fts, refreshed in the same
//   write transaction), and stores them; a row a write marked due again meanwhile stays due
//   (its version moved: storeVectors).
// - A deleted thread keeps the vector it had: readers look vectors up only for live candidates,
//   so it costs 512 bytes and nothing else. A due row whose thread has already left the index is
//   dropped instead of being encoded (should the thread come back, the backfill finds it).
import { sql } from 'drizzle-orm'
import type { Db, Tx } from '#db/client.server.ts'
import { BackgroundLoop } from './background-loop.server.ts'
import { encodedTextOf, VECTOR_MODEL } from './sentence-encoder.ts'
import { storeVectors } from './vectors.ts'

type Writer = Pick<Db, 'run'> | Pick<Tx, 'run'>

/** The thread's text changed (asked or edited): its vector must be computed again. */
export function markVectorDue(tx: Writer, questionId: number, now: number) {
  tx.run(sql`INSERT INTO question_vectors (question_id, due_at, version) VALUES (${questionId}, ${now}, 1)
    ON CONFLICT (question_id) DO UPDATE SET
      due_at = min(coalesce(due_at, excluded.due_at), excluded.due_at), version = version + 1`)
}

export interface DueVector {
  id: number
  version: number
  /** Null when the thread is not in the index (deleted). */
  title: string | null
  body: string | null
}

/** The rows due by `now`, oldest first, with their threads' indexed text. */
export function dueVectors(db: Db, now: number, limit: number): DueVector[] {
  return db.all<DueVector>(sql`SELECT v.question_id AS id, v.version AS version,
      f.title AS title, substr(f.body, 1, 2000) AS body
    FROM question_vectors v LEFT JOIN search_fts f ON f.rowid = v.question_id
    WHERE v.due_at <= ${now} ORDER BY v.due_at LIMIT ${limit}`)
}

export interface VectorJobOptions {
  db: Db
  /** Encodes texts (the encoder thread, at background priority). */
  encode: (texts: string[]) => Promise<Float32Array[]>
  /** Rows taken at a time (default 16). */
  batchSize?: number
  /** Pause when nothing was due (default 1 s; nudge() cuts it short). */
  idleDelayMs?: number
  log?: (message: string) => void
}

/** After a failed batch the job waits this long, doubling, up to a minute. */
const FIRST_RETRY_MS = 1_000
const LAST_RETRY_MS = 60_000

export class VectorJob extends BackgroundLoop {
  readonly #options: VectorJobOptions
  #retryMs = FIRST_RETRY_MS
  #lastError: string | null = null

  constructor(options: VectorJobOptions) {
    super({ errorDelayMs: options.idleDelayMs ?? 1000, nudgeDelayMs: 50 })
    this.#options = options
  }

  /** Encodes the rows due by `now` (one batch, after any batch under way); returns how many. */
  runOnce(now = Date.now()): Promise<number> {
    return this.serially(() => this.#batch(now))
  }

  protected reportError(error: unknown) {
    this.#options.log?.(`sentence vectors: ${(error as Error).message}`)
  }

  /**
   * One batch; with more waiting, a pause as long as it took (the encoder thread stays free for
   * queries half the time). An encoder that cannot answer is asked again later, said once.
   */
  protected async step(): Promise<number> {
    const started = performance.now()
    let done: number
    try {
      done = await this.#batch(Date.now())
    } catch (error) {
      const message = (error as Error).message
      if (message !== this.#lastError) this.reportError(error)
      this.#lastError = message
      const delay = this.#retryMs
      this.#retryMs = Math.min(LAST_RETRY_MS, this.#retryMs * 2)
      return delay
    }
    this.#retryMs = FIRST_RETRY_MS
    this.#lastError = null
    if (done < (this.#options.batchSize ?? 16)) return this.#options.idleDelayMs ?? 1000
    return Math.ceil(performance.now() - started)
  }

  async #batch(now: number): Promise<number> {
    const { db } = this.#options
    const due = dueVectors(db, now, this.#options.batchSize ?? 16)
    if (due.length === 0) return 0
    const gone = due.filter((row) => row.title == null)
    const present = due.filter((row) => row.title != null)
    if (gone.length > 0) {
      db.transaction((tx) => {
        for (const row of gone) {
          tx.run(sql`DELETE FROM question_vectors
            WHERE question_id = ${row.id} AND version = ${row.version}`)
        }
      })
    }
    if (present.length > 0) {
      const vectors = await this.#options.encode(
        present.map((row) => encodedTextOf(row.title!, row.body ?? '')),
      )
      storeVectors(
        db.$client,
        present.map((row, i) => ({ id: row.id, vector: vectors[i]!, version: row.version })),
        VECTOR_MODEL,
      )
    }
    return due.length
  }
}
