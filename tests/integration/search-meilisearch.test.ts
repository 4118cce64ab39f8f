// Self-help search on a real Meilisearch: threads written through the models reach the index
// through the outbox, and a visitor finds them with typos, filters, facets and highlights.
import { eq, isNull } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions, searchOutbox } from '#db/schema.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { deletePost, undeletePost } from '#app/models/deletion.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import {
  drainOutbox,
  meilisearchBackend,
  searchHealth,
  searchThreads,
  similarQuestions,
} from '#search/index.server.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { useMeilisearch } from '#tests/fixtures/meilisearch.ts'

useMeilisearch()

let n = 0
/** A tag no other test uses, so counts are this test's own. */
const uniqueTag = () => `t${Date.now().toString(36)}${(n++).toString(36)}`

function resolvedThread(opts: { title: string; body: string; tags: string[]; answer: string }) {
  const asker = makeUser()
  const expert = makeUser({ reputation: 1500 })
  const question = makeQuestion(asker, opts)
  const answer = makeAnswer(expert, question.id, opts.answer)
  toggleAcceptedAnswer(asker, answer.id)
  return { question, answer, asker, expert }
}

async function drained() {
  const result = await drainOutbox()
  expect(result.error).toBeUndefined()
  return result
}

describe('indexing through the outbox', () => {
  it('makes a new thread searchable once the outbox is drained, and marks the rows done', async () => {
    const asker = makeUser()
    const question = makeQuestion(asker, {
      title: 'Hub firmware update stuck at ninety percent',
      body: 'The quokkafirmware progress bar on the hub has not moved for an hour now.',
      tags: ['hub'],
    })
    const before = await searchThreads({ q: 'quokkafirmware', status: 'all' })
    expect(before.backend).toBe('meilisearch')
    expect(before.hits).toEqual([])

    const result = await drained()
    expect(result.upserted).toBeGreaterThanOrEqual(1)
    const after = await searchThreads({ q: 'quokkafirmware', status: 'all' })
    expect(after.backend).toBe('meilisearch')
    expect(after.hits.map((h) => h.id)).toEqual([question.id])
    expect(after.hits[0]).toMatchObject({ slug: question.slug, status: 'open', tags: ['hub'] })

    const pending = db.select().from(searchOutbox).where(isNull(searchOutbox.processedAt)).all()
    expect(pending).toEqual([])
  })

  it('coalesces many writes to one thread into one document with the latest state', async () => {
    const { question, answer, asker } = resolvedThread({
      title: 'Thermostat app shows the wrong room temperature',
      body: 'The wallabyreading in the app is three degrees higher than the thermostat itself.',
      tags: ['thermostat', 'app'],
      answer: 'Recalibrate the sensor offset under Settings, Sensors, Offset and wait an hour.',
    })
    const voter = makeUser({ reputation: 200 })
    castVote(voter, 'question', question.id, 'up')
    castVote(voter, 'answer', answer.id, 'up')
    const staff = makeUser({ role: 'staff' })
    setOfficialAnswer(staff, answer.id, true)
    editQuestion(asker, question.id, {
      title: 'Thermostat app shows the wrong room temperature reading',
      body: 'The wallabyreading in the app is three degrees higher than the thermostat itself.',
      tags: ['thermostat', 'app'],
    })

    const result = await drained()
    expect(result.rows).toBeGreaterThanOrEqual(5)
    expect(result.threads).toBe(1)

    const { hits } = await searchThreads({ q: 'wallabyreading', status: 'all' })
    expect(hits).toHaveLength(1)
    expect(hits[0]).toMatchObject({
      id: question.id,
      status: 'resolved',
      resolved: true,
      official: true,
      score: 1,
      answerCount: 1,
    })
    expect(hits[0]!.titleHtml).toBe('Thermostat app shows the wrong room temperature reading')
  })

  it('finds a thread by the text of its answers', async () => {
    const { question } = resolvedThread({
      title: 'Doorbell chime does not ring inside the house',
      body: 'Visitors press the doorbell and the phone rings but the indoor chime stays silent.',
      tags: ['doorbell'],
      answer:
        'Set the chime type to mechanical under Doorbell settings, then run the numbatwiring test.',
    })
    await drained()
    const result = await searchThreads({ q: 'numbatwiring', status: 'resolved' })
    expect(result.hits.map((h) => h.id)).toEqual([question.id])
    expect(result.hits[0]!.snippetHtml).toContain('<mark>numbatwiring</mark>')
  })
})

describe('searching', () => {
  it('tolerates typos: "thermostst" finds the thermostat thread', async () => {
    const tag = uniqueTag()
    const { question } = resolvedThread({
      title: 'Thermostat ignores the eco schedule',
      body: 'Every night the thermostat heats to 21 degrees although eco mode says 17.',
      tags: ['thermostat', tag],
      answer: 'Eco mode only applies when geofencing is on; enable it in the app under Away.',
    })
    await drained()
    const result = await searchThreads({
      q: 'thermostst eco schedule',
      status: 'resolved',
      tags: [tag],
    })
    expect(result.backend).toBe('meilisearch')
    expect(result.hits.map((h) => h.id)).toEqual([question.id])
    expect(result.hits[0]!.titleHtml).toContain('<mark>Thermostat</mark>')
  })

  it('finds synonyms: "wifi" finds a thread that says "Wi-Fi"', async () => {
    const tag = uniqueTag()
    const question = makeQuestion(makeUser(), {
      title: 'Wi-Fi satellite loses the connection at night',
      body: 'The upstairs satellite drops off the network around 2am and comes back at 6am.',
      tags: ['mesh', tag],
    })
    await drained()
    const result = await searchThreads({ q: 'wifi', status: 'all', tags: [tag] })
    expect(result.hits.map((h) => h.id)).toEqual([question.id])
  })

  it('filters by status and tag, and counts facets under the other filters', async () => {
    const tag = uniqueTag()
    const word = 'koalabilling'
    const resolvedOnes = [1, 2].map(
      (i) =>
        resolvedThread({
          title: `Billing shows a double charge ${i}`,
          body: `My ${word} statement lists the subscription twice this month, case ${i}.`,
          tags: ['billing', tag],
          answer: 'Pending authorisations drop off after three days; only one charge settles.',
        }).question,
    )
    const open = makeQuestion(makeUser(), {
      title: 'Billing address cannot be changed',
      body: `The ${word} form rejects my new postcode with an unhelpful error message.`,
      tags: ['billing', 'account', tag],
    })
    await drained()

    const resolved = await searchThreads({ q: word, status: 'resolved', tags: [tag] })
    expect(resolved.hits.map((h) => h.id).sort()).toEqual(resolvedOnes.map((q) => q.id).sort())
    expect(resolved.total).toBe(2)
    expect(resolved.facets.status).toEqual({ resolved: 2, open: 1 })
    expect(resolved.facets.tags).toMatchObject({ billing: 2, [tag]: 2 })
    expect(resolved.facets.tags.account).toBeUndefined()

    const all = await searchThreads({ q: word, status: 'all', tags: [tag] })
    expect(all.total).toBe(3)
    expect(all.facets.tags).toMatchObject({ billing: 3, account: 1, [tag]: 3 })

    const accountOnly = await searchThreads({ q: word, status: 'all', tags: [tag, 'account'] })
    expect(accountOnly.hits.map((h) => h.id)).toEqual([open.id])
    // The tag facet ignores the tag filter: it still offers the other tags' counts.
    expect(accountOnly.facets.tags).toMatchObject({ billing: 3, account: 1 })
  })

  it('pages through results', async () => {
    const tag = uniqueTag()
    for (let i = 0; i < 5; i++) {
      makeQuestion(makeUser(), {
        title: `Camera night vision is blurry number ${i}`,
        body: 'The platypusvision picture at night is grainy and out of focus since the update.',
        tags: ['doorbell', tag],
      })
    }
    await drained()
    const first = await searchThreads({ q: 'platypusvision', status: 'all', pageSize: 2 })
    const third = await searchThreads({ q: 'platypusvision', status: 'all', pageSize: 2, page: 3 })
    expect(first).toMatchObject({ total: 5, page: 1, pageCount: 3 })
    expect(first.hits).toHaveLength(2)
    expect(third.hits).toHaveLength(1)
    expect(new Set([...first.hits, ...third.hits].map((h) => h.id)).size).toBe(3)
  })

  it('highlights matches as escaped text: a <script> title comes back inert', async () => {
    const question = makeQuestion(makeUser(), {
      title: 'App shows <script>alert("dingo")</script> & crashes',
      body: 'After the update the dingoscreen app shows raw code <b>in bold</b> on the start screen.',
      tags: ['app'],
    })
    await drained()
    const { hits } = await searchThreads({ q: 'dingo dingoscreen', status: 'all' })
    const hit = hits.find((h) => h.id === question.id)
    expect(hit).toBeDefined()
    expect(hit!.titleHtml).toBe(
      'App shows &lt;script&gt;alert(&quot;<mark>dingo</mark>&quot;)&lt;/script&gt; &amp; crashes',
    )
    expect(hit!.snippetHtml).toContain('<mark>dingoscreen</mark>')
    expect(hit!.snippetHtml).not.toMatch(/<(?!\/?mark>)/)
  })

  it('removes a deleted thread from the results', async () => {
    const question = makeQuestion(makeUser(), {
      title: 'Hub blinks red after a power cut',
      body: 'Since the wombatoutage the hub blinks red and the app says it is offline.',
      tags: ['hub'],
    })
    await drained()
    expect((await searchThreads({ q: 'wombatoutage', status: 'all' })).total).toBe(1)

    db.transaction((tx) => {
      tx.update(questions).set({ deletedAt: Date.now() }).where(eq(questions.id, question.id)).run()
      enqueueThreadReindex(tx, question.id)
    })
    const result = await drained()
    expect(result.deleted).toBe(1)
    const after = await searchThreads({ q: 'wombatoutage', status: 'all' })
    expect(after.backend).toBe('meilisearch')
    expect(after.total).toBe(0)
  })
})

describe('similar questions', () => {
  it('puts the thread an asker is about to duplicate first, for a paraphrased title', async () => {
    const { question } = resolvedThread({
      title: 'Doorbell video keeps buffering on my phone',
      body: 'Live view from the doorbell camera buffers for ten seconds before showing anything.',
      tags: ['doorbell', 'app'],
      answer: 'Lower the stream quality to 720p under Doorbell, Video, Quality.',
    })
    makeQuestion(makeUser(), {
      title: 'Doorbell battery drains within two days',
      body: 'The doorbell battery lasts only two days although motion alerts are few.',
      tags: ['doorbell'],
    })
    await drained()

    const hits = await similarQuestions({
      text: 'Why is the live video from my doorbell buffering so much on the phone app',
      limit: 5,
    })
    expect(hits[0]).toMatchObject({ id: question.id, resolved: true, status: 'resolved' })
    // Every ranking an evaluation may compare agrees on a case this clear.
    for (const strategy of ['baseline', 'fused', 'meilisearch'] as const) {
      const ranked = await similarQuestions({
        text: 'Why is the live video from my doorbell buffering so much on the phone app',
        strategy,
      })
      expect(ranked[0]?.id, strategy).toBe(question.id)
    }

    const others = await similarQuestions({
      text: 'Doorbell video keeps buffering on my phone',
      excludeId: question.id,
    })
    expect(others.map((h) => h.id)).not.toContain(question.id)

    const resolvedOnly = await similarQuestions({
      text: 'doorbell battery drains',
      resolvedOnly: true,
    })
    expect(resolvedOnly.every((h) => h.resolved)).toBe(true)
  })

  it('falls back on Meilisearch typo tolerance when BM25 finds nothing', async () => {
    const { question } = resolvedThread({
      title: 'Thermostat display flickers at night',
      body: 'The echidnadisplay flickers every few seconds after dark, even in night mode.',
      tags: ['thermostat'],
      answer: 'Turn off adaptive brightness; the firmware fix ships next month.',
    })
    await drained()
    const hits = await similarQuestions({ text: 'echidnadisplya flickering' })
    expect(hits.map((h) => h.id)).toContain(question.id)
  })
})

describe('health', () => {
  it('reports Meilisearch answering with no outbox lag once drained', async () => {
    await drained()
    const health = await searchHealth()
    expect(health).toMatchObject({
      backend: 'meilisearch',
      status: 'ok',
      outbox: { pending: 0, oldestPendingAgeMs: null },
    })
  })

  it('leaves the index settings alone when they are already applied', async () => {
    const meili = meilisearchBackend()!
    expect(await meili.ensureIndex()).toEqual({ created: false, settingsUpdated: false })
    const settings = await meili.index().getSettings()
    expect(settings.filterableAttributes).toEqual(
      expect.arrayContaining(['tags', 'status', 'resolved', 'official']),
    )
    expect(settings.synonyms?.wifi).toEqual(expect.arrayContaining(['wi-fi']))
    expect(settings.typoTolerance?.enabled).toBe(true)
  })
})

describe('deleted threads', () => {
  it('leave Meilisearch once deleted, and come back when undeleted', async () => {
    const { question } = resolvedThread({
      title: 'Thermostat wallaroomode stays on after the holiday',
      body: 'The wallaroomode schedule keeps the heating low although the holiday is over.',
      tags: [uniqueTag()],
      answer: 'Turn the holiday schedule off in the app, then wait a minute for the sync.',
    })
    await drained()
    const found = async () =>
      (await searchThreads({ q: 'wallaroomode', status: 'all' })).hits.map((h) => h.id)
    expect(await found()).toEqual([question.id])

    const moderator = makeUser({ role: 'moderator' })
    deletePost(moderator, { type: 'question', id: question.id }, 'Spam')
    const removed = await drained()
    expect(removed.deleted).toBeGreaterThanOrEqual(1)
    expect(await found()).toEqual([])

    undeletePost(moderator, { type: 'question', id: question.id })
    await drained()
    expect(await found()).toEqual([question.id])
  })
})
