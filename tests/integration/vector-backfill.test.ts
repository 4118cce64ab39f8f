// The backfill of sentence vectors, with the real encoder, over threads written through the models.
import { beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import {
  loadSentenceEncoder,
  VECTOR_MODEL,
  type SentenceEncoder,
} from '#search/sentence-encoder.ts'
import { backfillVectors, type BackfillProgress } from '#search/vector-backfill.server.ts'
import { cosineToStored, readVectors } from '#search/vectors.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

let encoder: SentenceEncoder
beforeAll(async () => {
  encoder = await loadSentenceEncoder()
})

describe('backfillVectors', () => {
  it('encodes each indexed thread once, and a paraphrase lands closer than an unrelated thread', async () => {
    const asker = makeUser()
    const password = makeQuestion(asker, {
      title: 'How do I reset my account password?',
      body: 'I forgot the password of my account and the reset e-mail never arrives.',
    })
    const printer = makeQuestion(asker, {
      title: 'Printer shows a paper jam that is not there',
      body: 'The printer keeps reporting a paper jam although the tray is empty.',
    })
    const progress: BackfillProgress[] = []
    const first = await backfillVectors(db.$client, encoder, {
      batch: 1,
      onProgress: (p) => progress.push(p),
    })
    expect(first.encoded).toBeGreaterThanOrEqual(2)
    expect(progress.at(-1)).toMatchObject({ lastId: progress.at(-1)!.maxId })

    const stored = readVectors(db.$client, [password.id, printer.id], VECTOR_MODEL)
    const [query] = await encoder.encode(['Forgot my login password, how can I recover it'])
    expect(cosineToStored(query!, stored.get(password.id)!)).toBeGreaterThan(
      cosineToStored(query!, stored.get(printer.id)!),
    )

    const again = await backfillVectors(db.$client, encoder)
    expect(again.encoded).toBe(0)
  })

  it('gives an empty text a zero vector instead of failing', async () => {
    const [empty, spaces] = await encoder.encode(['', '   '])
    expect(empty!.every((x) => x === 0) && spaces!.every((x) => x === 0)).toBe(true)
  })

  it('cuts a huge text instead of encoding all of it', async () => {
    const huge = 'router '.repeat(50_000)
    const [vector] = await encoder.encode([huge])
    expect(vector!.some((x) => x !== 0)).toBe(true)
  })
})
