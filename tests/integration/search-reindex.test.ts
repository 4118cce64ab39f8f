// `npm run search:reindex`: a rebuild from scratch gives the same index the outbox built, is
// swapped in under the same name, and `--check` finds what is missing or stale.
import { spawnSync } from 'node:child_process'
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions } from '#db/schema.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import {
  drainOutbox,
  meilisearchBackend,
  searchThreads,
  type SearchDocument,
} from '#search/index.server.ts'
import type { MeilisearchBackend } from '#search/meilisearch.server.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'
import { checkFailed, checkSearchIndex, rebuildSearchIndex } from '#search/reindex.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { useMeilisearch } from '#tests/fixtures/meilisearch.ts'

const search = useMeilisearch()

async function indexedDocuments(meili: MeilisearchBackend) {
  const docs: SearchDocument[] = []
  for await (const page of meili.allDocuments()) docs.push(...page)
  return docs.sort((a, b) => a.id - b.id)
}

function seedThreads() {
  const asker = makeUser()
  const expert = makeUser({ reputation: 1500 })
  const staff = makeUser({ role: 'staff' })
  const voter = makeUser({ reputation: 500 })
  const made: { id: number; slug: string }[] = []
  for (let i = 0; i < 12; i++) {
    const q = makeQuestion(asker, {
      title: `Hub pairing fails for sensor model ${i}`,
      body: `Pairing sensor model ${i} with the hub times out after sixty seconds, every time.`,
      tags: i % 2 ? ['hub', 'sensors'] : ['hub'],
    })
    if (i % 3 !== 0) {
      const a = makeAnswer(expert, q.id, `Move the sensor within a metre of the hub, attempt ${i}.`)
      makeAnswer(staff, q.id, `Update the hub firmware first, then retry pairing sensor ${i}.`)
      if (i % 3 === 1) toggleAcceptedAnswer(asker, a.id)
      else setOfficialAnswer(staff, a.id, true)
      castVote(voter, 'answer', a.id, 'up')
    }
    if (i % 4 === 0) castVote(voter, 'question', q.id, 'up')
    made.push(q)
  }
  editQuestion(asker, made[5]!.id, {
    title: 'Hub pairing fails for the motion sensor',
    body: 'Pairing the motion sensor with the hub times out after sixty seconds, every time.',
    tags: ['hub', 'sensors', 'motion'],
  })
  // One thread deleted after it was indexed.
  db.transaction((tx) => {
    tx.update(questions).set({ deletedAt: Date.now() }).where(eq(questions.id, made[7]!.id)).run()
    enqueueThreadReindex(tx, made[7]!.id)
  })
  return made
}

describe('search:reindex', () => {
  it('rebuilds from scratch the same index the outbox built, swapped in under the same name', async () => {
    seedThreads()
    expect((await drainOutbox()).error).toBeUndefined()
    const meili = meilisearchBackend()!
    const fromOutbox = await indexedDocuments(meili)
    expect(fromOutbox.length).toBeGreaterThanOrEqual(11)

    // Start from nothing: drop the outbox-built index and the FTS5 rows.
    await meili.wait(meili.client.deleteIndex(meili.indexUid))
    db.run(sql`DELETE FROM search_fts`)
    let progress = 0
    const result = await rebuildSearchIndex({
      db,
      meili,
      onProgress: (done) => (progress = done),
      batchSize: 5,
    })
    expect(result).toMatchObject({ documents: fromOutbox.length, index: 'threads', requeued: 0 })
    expect(progress).toBe(fromOutbox.length)

    expect(await indexedDocuments(meili)).toEqual(fromOutbox)
    const { results } = await meili.client.getIndexes()
    expect(results.map((i) => i.uid)).toEqual(['threads'])
    const report = await checkSearchIndex({ db, meili })
    expect(checkFailed(report)).toBe(false)
    expect((await searchThreads({ q: 'motion sensor', status: 'all' })).backend).toBe('meilisearch')
  })

  it('keeps answering during a rebuild and queues the threads written meanwhile', async () => {
    const meili = meilisearchBackend()!
    const asker = makeUser()
    const question = makeQuestion(asker, {
      title: 'Thermostat schedule lost after reboot',
      body: 'The dugongschedule I set up last week vanished after the thermostat rebooted.',
      tags: ['thermostat'],
    })
    expect((await drainOutbox()).error).toBeUndefined()
    let searched = false
    const result = await rebuildSearchIndex({
      db,
      meili,
      batchSize: 2,
      onProgress: () => {
        if (searched) return
        searched = true
        editQuestion(asker, question.id, {
          title: 'Thermostat schedule lost after a reboot',
          body: 'The dugongschedule I set up last week vanished after the thermostat rebooted twice.',
          tags: ['thermostat'],
        })
      },
    })
    expect(result.requeued).toBe(1)
    const during = await searchThreads({ q: 'dugongschedule', status: 'all' })
    expect(during.hits.map((h) => h.id)).toEqual([question.id])
    expect((await drainOutbox()).error).toBeUndefined()
    expect(checkFailed(await checkSearchIndex({ db, meili }))).toBe(false)
    const after = await searchThreads({ q: 'dugongschedule twice', status: 'all' })
    expect(after.hits[0]!.titleHtml).toBe('Thermostat schedule lost after a reboot')
  })

  it('--check reports documents missing, stale or left over', async () => {
    const meili = meilisearchBackend()!
    const [a, b] = [1, 2].map((i) =>
      makeQuestion(makeUser(), {
        title: `Doorbell motion zones reset ${i}`,
        body: `The motion zones of the doorbell reset to default every night, case ${i}.`,
        tags: ['doorbell'],
      }),
    )
    expect((await drainOutbox()).error).toBeUndefined()
    const [stored] = (await meili.index().getDocuments({ filter: `id = ${b!.id}` })).results
    await meili.delete([a!.id])
    await meili.upsert([
      { ...stored!, score: 99 },
      { ...stored!, id: 999_999 },
    ])
    db.run(sql`DELETE FROM search_fts WHERE rowid = ${b!.id}`)

    const report = await checkSearchIndex({ db, meili })
    expect(report.meilisearch).toEqual({ missing: [a!.id], stale: [b!.id], extra: [999_999] })
    expect(report.fts).toEqual({ missing: [b!.id], stale: [], extra: [] })
    expect(checkFailed(report)).toBe(true)

    // The command line says the same and exits non-zero; a rebuild repairs everything.
    const env = {
      ...process.env,
      MEILI_HOST: search.meili.host,
      MEILI_MASTER_KEY: search.meili.apiKey,
    }
    const check = spawnSync('node', ['--import', 'tsx', 'search/reindex.ts', '--check'], {
      env,
      encoding: 'utf8',
    })
    expect(check.status).toBe(1)
    expect(check.stdout).toContain('Meilisearch: 1 missing, 1 stale, 1 extra')
    expect(check.stdout).toContain('FTS5: 1 missing, 0 stale, 0 extra')

    const rebuild = spawnSync('node', ['--import', 'tsx', 'search/reindex.ts'], {
      env,
      encoding: 'utf8',
    })
    expect(rebuild.status).toBe(0)
    // The progress bar goes to stderr, like every progress bar.
    expect(rebuild.stderr).toMatch(/Indexing \|█+\| 100% \| (\d+)\/\1 threads/)
    expect(rebuild.stdout).toMatch(/Indexed \d+ threads .* into "threads" \(swapped in\)/)
    expect(
      spawnSync('node', ['--import', 'tsx', 'search/reindex.ts', '--check'], { env }).status,
    ).toBe(0)
  })
})
