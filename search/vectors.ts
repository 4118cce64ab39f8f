// Sentence vectors as stored (table question_vectors): int8, one byte a dimension, the encoder's
// unit-length float vector scaled by 127. 512 bytes a thread keeps a million threads' vectors
// at half a gigabyte, and the cosine of two such vectors differs from the float one by ~0.001.
import type Database from 'better-sqlite3'

/** The encoder's dimensions (Universal Sentence Encoder lite). */
export const VECTOR_DIMENSIONS = 512
const SCALE = 127

/** A float vector (unit length or not) → the stored bytes (normalized first). */
export function quantizeVector(vector: ArrayLike<number>): Buffer {
  let norm = 0
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!
  norm = Math.sqrt(norm) || 1
  const out = Buffer.alloc(vector.length)
  for (let i = 0; i < vector.length; i++) {
    out.writeInt8(Math.max(-SCALE, Math.min(SCALE, Math.round((vector[i]! / norm) * SCALE))), i)
  }
  return out
}

/** The stored bytes as signed values (a view, no copy). */
export function int8View(bytes: Uint8Array): Int8Array {
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Cosine similarity of a float query vector and a stored vector, in [-1, 1]. */
export function cosineToStored(query: ArrayLike<number>, stored: Int8Array): number {
  let dot = 0
  let queryNorm = 0
  let storedNorm = 0
  const n = Math.min(query.length, stored.length)
  for (let i = 0; i < n; i++) {
    dot += query[i]! * stored[i]!
    queryNorm += query[i]! * query[i]!
    storedNorm += stored[i]! * stored[i]!
  }
  return queryNorm && storedNorm ? dot / Math.sqrt(queryNorm * storedNorm) : 0
}

/**
 * The stored vectors of these threads made by `model` (a thread without one is absent), read by
 * primary key: the cost follows the number of ids, not the size of the community.
 */
export function readVectors(
  connection: Database.Database,
  ids: readonly number[],
  model: string,
): Map<number, Int8Array> {
  const out = new Map<number, Int8Array>()
  if (ids.length === 0) return out
  const rows = connection
    .prepare(
      `SELECT question_id AS id, vector FROM question_vectors
        WHERE question_id IN (${ids.map(() => '?').join(', ')}) AND model = ? AND vector IS NOT NULL`,
    )
    .all(...ids, model) as { id: number; vector: Buffer }[]
  for (const row of rows) out.set(row.id, int8View(row.vector))
  return out
}

export interface ComputedVector {
  id: number
  vector: ArrayLike<number>
  /** question_vectors.version when its text was read: a newer write keeps the row due. */
  version: number
}

/** Stores computed vectors in one transaction; each stays due if it was marked again meanwhile. */
export function storeVectors(
  connection: Database.Database,
  vectors: readonly ComputedVector[],
  model: string,
  now = Date.now(),
): void {
  const upsert = connection.prepare(
    `INSERT INTO question_vectors (question_id, model, vector, computed_at, due_at, version)
      VALUES (@id, @model, @vector, @now, NULL, @version)
      ON CONFLICT (question_id) DO UPDATE SET model = excluded.model, vector = excluded.vector,
        computed_at = excluded.computed_at,
        due_at = CASE WHEN question_vectors.version = excluded.version THEN NULL
          ELSE question_vectors.due_at END`,
  )
  connection.transaction(() => {
    for (const { id, vector, version } of vectors) {
      upsert.run({ id, model, vector: quantizeVector(vector), now, version })
    }
  })()
}
