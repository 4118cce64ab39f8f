// The learned similar-questions ranking end to end: threads written through the models, their
// vectors backfilled by the real sentence encoder, the asker's text encoded by it too. The
// cosine lifts the thread that means the same above one that only shares more words; without
// an encoder the same list is ranked by the keyword features alone. (With the shipped weights:
// a retrained model that no longer lifts this paraphrase deserves a look.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { similarQuestions, startSearch, stopSearch } from '#search/index.server.ts'
import { setQueryEncoder } from '#search/query-encoder.server.ts'
import { loadSentenceEncoder, type SentenceEncoder } from '#search/sentence-encoder.ts'
import { backfillVectors } from '#search/vector-backfill.server.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

let encoder: SentenceEncoder
beforeAll(async () => {
  await startSearch({ meilisearch: null, worker: false, log: () => {} })
  encoder = await loadSentenceEncoder()
})
afterAll(async () => {
  setQueryEncoder(null)
  await stopSearch()
})

describe('similar questions, learned ranking', () => {
  it('ranks a paraphrase above a lexical near-miss with vectors, by keywords without', async () => {
    const asker = makeUser()
    const paraphrase = makeQuestion(asker, {
      title: 'Locked out of my account since I changed my e-mail',
      body: 'Since the e-mail change I cannot sign in: the login page refuses my password.',
    })
    const nearMiss = makeQuestion(asker, {
      title: 'Change the email address printed on invoices',
      body: 'Invoices still show my old email address after I changed it.',
    })
    for (let i = 0; i < 6; i++) {
      makeQuestion(asker, {
        title: `Export the address book number ${i} to a spreadsheet`,
        body: 'I want every contact with their postal address in one file.',
      })
    }
    await backfillVectors(db.$client, encoder)
    const text = 'I changed my email and now I cannot log in to my account'
    const ids = async () => (await similarQuestions({ text, limit: 5 })).map((h) => h.id)

    setQueryEncoder(null)
    const keywordsOnly = await ids()
    expect(keywordsOnly.slice(0, 2)).toEqual([nearMiss.id, paraphrase.id])

    setQueryEncoder(async (t) => (await encoder.encode([t]))[0] ?? null)
    const withVectors = await ids()
    expect(withVectors.slice(0, 2)).toEqual([paraphrase.id, nearMiss.id])

    // An encoder that fails leaves the keyword ranking, not an error.
    setQueryEncoder(async () => {
      throw new Error('the encoder thread is gone')
    })
    expect(await ids()).toEqual(keywordsOnly)
  }, 60_000)

  it("does not wait for the asker's vector when no candidate has a stored one", async () => {
    const asker = makeUser()
    const heating = makeQuestion(asker, {
      title: 'Thermostat ignores the winter heating schedule',
      body: 'The thermostat keeps heating at night although the winter schedule says off.',
    })
    makeQuestion(asker, {
      title: 'Thermostat display shows the wrong temperature unit',
      body: 'It shows Fahrenheit although I picked Celsius in the settings.',
    })
    // Not backfilled: these threads have no vectors yet (history not encoded), so the asker's
    // vector could change nothing. An encoder that never answers must not hold the list.
    setQueryEncoder(() => new Promise<Float32Array | null>(() => {}))
    const hits = await similarQuestions({ text: 'thermostat heating schedule at night', limit: 5 })
    expect(hits[0]?.id).toBe(heating.id)
  })
})
