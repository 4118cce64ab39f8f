// Encodes every thread that has no vector of the current model yet (imported or seeded history,
// or all of them after the model changed), in id order, a batch at a time: it reads the text as
// indexed (search_fts), so a deleted thread, which leaves the index, is skipped.
import type Database from 'better-sqlite3'
import { encodedTextOf, VECTOR_MODEL, type SentenceEncoder } from './sentence-encoder.ts'
import { storeVectors } from './vectors.ts'

export interface BackfillProgress {
  /** The last thread id looked at, and the highest there is: the share done. */
  lastId: number
  maxId: number
  encoded: number
}

export async function backfillVectors(
  connection: Database.Database,
  encoder: SentenceEncoder,
  opts: { batch?: number; onProgress?: (progress: BackfillProgress) => void } = {},
): Promise<{ encoded: number }> {
  const batch = opts.batch ?? 64
  const { maxId } = connection
    .prepare('SELECT coalesce(max(rowid), 0) AS maxId FROM search_fts')
    .get() as { maxId: number }
  const missing = connection.prepare(
    `SELECT f.rowid AS id, f.title AS title, substr(f.body, 1, 2000) AS body,
        coalesce(v.version, 0) AS version
      FROM search_fts f LEFT JOIN question_vectors v ON v.question_id = f.rowid
      WHERE f.rowid > ? AND (v.vector IS NULL OR v.model IS NOT ? OR v.due_at IS NOT NULL)
      ORDER BY f.rowid LIMIT ?`,
  )
  let lastId = 0
  let encoded = 0
  for (;;) {
    const rows = missing.all(lastId, VECTOR_MODEL, batch) as {
      id: number
      title: string
      body: string
      version: number
    }[]
    if (rows.length === 0) break
    const vectors = await encoder.encode(rows.map((r) => encodedTextOf(r.title, r.body)))
    storeVectors(
      connection,
      rows.map((row, i) => ({ id: row.id, vector: vectors[i]!, version: row.version })),
      VECTOR_MODEL,
    )
    encoded += rows.length
    lastId = rows.at(-1)!.id
    opts.onProgress?.({ lastId, maxId, encoded })
  }
  opts.onProgress?.({ lastId: maxId, maxId, encoded })
  return { encoded }
}
