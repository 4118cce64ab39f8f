import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cosineToStored, int8View, quantizeVector, readVectors } from '#search/vectors.ts'

function cosine(a: number[], b: number[]) {
  const dot = a.reduce((s, x, i) => s + x * b[i]!, 0)
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0))
  return dot / (norm(a) * norm(b))
}

/** A deterministic pseudo-random vector (a linear congruential generator). */
function vectorOf(seed: number, dimensions = 512) {
  let state = seed
  return Array.from({ length: dimensions }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    return state / 2 ** 30 - 1
  })
}

describe('stored sentence vectors', () => {
  it('keep the cosine of the float vectors to within 0.01', () => {
    for (let seed = 1; seed < 20; seed++) {
      const a = vectorOf(seed)
      const b = a.map((x, i) => x + vectorOf(seed + 100)[i]! * 0.5) // related, not equal
      const stored = int8View(quantizeVector(b))
      expect(cosineToStored(a, stored)).toBeCloseTo(cosine(a, b), 2)
    }
  })

  it('normalize before scaling, so a long vector does not saturate', () => {
    const long = vectorOf(7).map((x) => x * 1000)
    const stored = int8View(quantizeVector(long))
    expect(Math.max(...stored.map(Math.abs))).toBeLessThanOrEqual(127)
    expect(cosineToStored(long, stored)).toBeGreaterThan(0.995)
  })

  it('score a zero vector 0 instead of NaN', () => {
    expect(cosineToStored(new Array(512).fill(0), int8View(quantizeVector(vectorOf(3))))).toBe(0)
  })

  it('are read by id for one model only', () => {
    const db = new Database(':memory:')
    db.exec(`CREATE TABLE question_vectors (question_id INTEGER PRIMARY KEY, model TEXT,
      vector BLOB, computed_at INTEGER, due_at INTEGER, version INTEGER NOT NULL DEFAULT 0)`)
    const insert = db.prepare(
      'INSERT INTO question_vectors (question_id, model, vector) VALUES (?, ?, ?)',
    )
    insert.run(1, 'use-lite', quantizeVector(vectorOf(1)))
    insert.run(2, 'older-model', quantizeVector(vectorOf(2)))
    insert.run(3, 'use-lite', null)
    const vectors = readVectors(db, [1, 2, 3, 4], 'use-lite')
    expect([...vectors.keys()]).toEqual([1])
    expect(cosineToStored(vectorOf(1), vectors.get(1)!)).toBeGreaterThan(0.995)
  })
})
