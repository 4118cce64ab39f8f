// The sentence encoder in its worker thread, as the server runs it: real text, empty and huge
// input, and a model that does not load (similar questions keep answering by keywords, /healthz
// says the encoder failed).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loader as healthz } from '#app/routes/healthz.ts'
import { EncoderThread } from '#search/encoder-threads.server.ts'
import { searchHealth, similarQuestions, startSearch, stopSearch } from '#search/index.server.ts'
import { encodeQuery } from '#search/query-encoder.server.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

function cosine(a: Float32Array, b: Float32Array) {
  let dot = 0
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!
  return dot // both are unit length
}

describe('the encoder thread', () => {
  const thread = new EncoderThread()
  beforeAll(() => thread.start())
  afterAll(() => thread.close())

  it('encodes real text: a paraphrase lands closer than an unrelated question', async () => {
    expect(thread.status()).toEqual({ status: 'ok' })
    const [asked, paraphrase, unrelated] = await thread.encode(
      [
        'How do I reset my account password?',
        'Forgot my login password, how can I recover it',
        'The printer reports a paper jam although the tray is empty',
      ],
      { priority: 'query' },
    )
    expect(asked).toHaveLength(512)
    expect(cosine(asked!, paraphrase!)).toBeGreaterThan(cosine(asked!, unrelated!))
  })

  it('gives an empty text a zero vector and encodes a 1 MB text from its opening', async () => {
    const huge = 'My router drops the wireless connection every night. '.repeat(20_000)
    expect(huge.length).toBeGreaterThan(1_000_000)
    const [empty, big, opening] = await thread.encode(['', huge, huge.slice(0, 2_000)])
    expect(empty!.every((x) => x === 0)).toBe(true)
    expect(big!.some((x) => x !== 0)).toBe(true)
    expect(cosine(big!, opening!)).toBeGreaterThan(0.99) // the cut keeps the opening
  })

  it('answers a query sent while a long background batch is under way', async () => {
    const batch = Array.from({ length: 12 }, (_, i) => `Thread ${i} about a mesh router`)
    const background = thread.encode(batch)
    const order: string[] = []
    const query = thread
      .encode(['mesh router'], { priority: 'query' })
      .then(() => order.push('query'))
    await Promise.all([background.then(() => order.push('background')), query])
    expect(order).toEqual(['query', 'background'])
  })
})

describe('a thread that crashes', () => {
  const crashing = '#tests/fixtures/model-crashing-once.ts'
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-encoder-'))
  afterAll(() => {
    delete process.env.ENCODER_CRASH_MARKER
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('is started again by the next request, and then encodes', async () => {
    process.env.ENCODER_CRASH_MARKER = path.join(dir, 'first')
    const thread = new EncoderThread({ modelModule: crashing, restartDelayMs: 0 })
    try {
      await expect(thread.start()).rejects.toThrow(/exited \(code 3\)/)
      expect(thread.status()).toMatchObject({ status: 'failed' })
      expect(thread.status().detail).toMatch(/restarts at the next request/)
      const [vector] = await thread.encode(['The hub loses its Wi-Fi settings'])
      expect(vector!.some((x) => x !== 0)).toBe(true)
      expect(thread.status()).toEqual({ status: 'ok' })
    } finally {
      await thread.close()
    }
  })

  it('is not started again before its pause is over', async () => {
    process.env.ENCODER_CRASH_MARKER = path.join(dir, 'second')
    const thread = new EncoderThread({ modelModule: crashing, restartDelayMs: 60_000 })
    try {
      await expect(thread.start()).rejects.toThrow(/exited/)
      await expect(thread.encode(['anything'])).rejects.toThrow(/restarts in 60 s/)
    } finally {
      await thread.close()
    }
  })
})

describe('a model that does not load', () => {
  const missing = '@peerdesk/no-such-sentence-model'
  let message = ''

  beforeAll(() =>
    startSearch({
      meilisearch: null,
      worker: false,
      encoder: { modelModule: missing },
      log: (level, line) => {
        if (level === 'error') message = line
      },
    }),
  )
  afterAll(() => stopSearch())

  it('is reported as failed with its reason, and search as degraded on /healthz', async () => {
    expect(message).toContain(missing)
    const health = await searchHealth()
    expect(health.encoder.status).toBe('failed')
    expect(health.encoder.detail).toContain(missing)

    const response = await healthz()
    expect(response.status).toBe(200) // the site still works
    const body = (await response.json()) as {
      status: string
      search: { status: string; detail: string; encoder: { status: string } }
    }
    expect(body.status).toBe('degraded')
    expect(body.search.encoder.status).toBe('failed')
    expect(body.search.detail).toMatch(/sentence encoder failed/)
  })

  it('leaves similar questions ranking by keywords', async () => {
    const question = makeQuestion(makeUser(), {
      title: 'Thermostat schedule ignores the weekend setting',
      body: 'My thermostat schedule ignores the weekend setting and heats at six.',
    })
    expect(await encodeQuery('thermostat weekend schedule')).toBeNull()
    const hits = await similarQuestions({ text: 'thermostat weekend schedule', limit: 5 })
    expect(hits.map((h) => h.id)).toContain(question.id)
  })
})

describe('search with the encoder', () => {
  // A budget no busy test machine misses: this is about the wiring, not the speed.
  const encoder = { queryBudgetMs: 60_000 }
  beforeAll(() => startSearch({ meilisearch: null, worker: false, encoder, log: () => {} }))
  afterAll(() => stopSearch())

  it('gives the asker a vector and reports the encoder ok', async () => {
    expect((await searchHealth()).encoder).toEqual({ status: 'ok' })
    const vector = await encodeQuery('How do I pair a new remote with the hub?')
    expect(vector).toHaveLength(512)
    expect(await encodeQuery('How do I pair a new remote with the hub?')).toBe(vector) // recent
  })

  it('has no encoder once search stops', async () => {
    await stopSearch()
    expect(await encodeQuery('How do I pair a new remote with the hub?')).toBeNull()
    expect((await searchHealth()).encoder.status).toBe('off')
  })
})
