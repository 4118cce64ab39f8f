// The stored related-threads lists and the job that computes them, with the FTS5 look-up
// threads reading this test's database file.
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { FtsThreads } from '#search/fts-threads.server.ts'
import {
  dueRelatedLists,
  RelatedListsJob,
  storedRelatedThreads,
} from '#search/related-lists.server.ts'
import type { SimilarQuery } from '#search/types.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'

const threads = new FtsThreads(db.$client.name, 2)
afterAll(() => threads.close())

function resolvedThread(title: string, body: string) {
  const asker = makeUser()
  const question = makeQuestion(asker, { title, body, tags: ['router'] })
  toggleAcceptedAnswer(asker, makeAnswer(makeUser(), question.id).id)
  return question
}

function dueOf(questionId: number) {
  return db.get<{ dueAt: number | null; computedAt: number | null } | undefined>(
    sql`SELECT due_at AS dueAt, computed_at AS computedAt FROM related_lists WHERE question_id = ${questionId}`,
  )
}

describe('the FTS5 look-up threads', () => {
  it('rank in a worker thread what the database holds, the threads sharing the look-ups', async () => {
    const resolved = resolvedThread(
      'Mesh router satellite drops its backhaul every night',
      'The mesh router satellite drops its wireless backhaul every night at two.',
    )
    const query: SimilarQuery = { text: 'mesh satellite backhaul drops', limit: 5 }
    const answers = await Promise.all([
      threads.similar(query),
      threads.similar(query),
      threads.similar(query, true),
    ])
    for (const hits of answers) expect(hits.map((h) => h.id)).toContain(resolved.id)
  })

  it('reject a look-up the thread cannot answer instead of leaving it waiting', async () => {
    const missing = new FtsThreads('/nonexistent/peerdesk-test.db', 1)
    const query = { text: 'mesh satellite', limit: 5 }
    await expect(missing.similar(query)).rejects.toThrow(/peerdesk-test\.db|does not exist|unable/i)
    await expect(missing.similar(query)).rejects.toThrow() // a new thread, the same answer
    await missing.close()
  })
})

describe('the related-lists job', () => {
  it('shows a never-computed list as empty, puts it first in line, then stores it', async () => {
    const resolved = resolvedThread(
      'Firmware update stalls at ninety percent on the hub',
      'Updating the hub firmware stalls at ninety percent every time.',
    )
    const open = makeQuestion(makeUser(), {
      title: 'Hub firmware update stalls at ninety percent',
      body: 'My hub firmware update stalls at ninety percent, then reboots.',
      tags: ['router'],
    })
    db.run(sql`DELETE FROM related_lists WHERE question_id = ${open.id}`) // as before the migration
    const changed: number[] = []
    const job = new RelatedListsJob({
      db,
      rank: (q) => threads.similar(q),
      onListChanged: (id) => changed.push(id),
      batchSize: 1,
    })

    expect(storedRelatedThreads(db, open.id)).toEqual([])
    expect(dueOf(open.id)).toEqual({ dueAt: 1, computedAt: null }) // before any other due list
    await job.runOnce()
    expect(storedRelatedThreads(db, open.id).map((h) => h.id)).toContain(resolved.id)
    expect(dueOf(open.id)).toMatchObject({ dueAt: null })
    expect(changed).toEqual([open.id])
  })

  it('keeps a list due when a write marked it again while it was being computed', async () => {
    resolvedThread(
      'Doorbell camera chime stays silent after pairing',
      'After pairing, the doorbell camera chime stays silent when someone rings.',
    )
    const asker = makeUser()
    const open = makeQuestion(asker, {
      title: 'Doorbell chime silent after pairing the camera',
      body: 'The chime is silent since I paired the doorbell camera with the app.',
      tags: ['router'],
    })
    db.run(sql`UPDATE related_lists SET due_at = 1 WHERE question_id = ${open.id}`)
    const job = new RelatedListsJob({
      db,
      batchSize: 1,
      rank: async (q) => {
        // A write lands between the look-up and the store: the retitle needs another look-up.
        editQuestion(asker, open.id, {
          title: 'Doorbell chime stays silent after pairing the camera again',
          body: 'The chime is silent since I paired the doorbell camera with the app.',
          tags: ['router'],
        })
        return threads.similar(q)
      },
    })
    await job.runOnce()
    expect(dueOf(open.id)?.dueAt).not.toBeNull()
    expect(dueOf(open.id)?.computedAt).not.toBeNull()
  })

  it('drops the list of a question that is no longer open', async () => {
    const asker = makeUser()
    const question = makeQuestion(asker, {
      title: 'Smart plug schedule ignores daylight saving time',
      body: 'Since the clocks changed, the smart plug schedule runs an hour late.',
      tags: ['router'],
    })
    toggleAcceptedAnswer(asker, makeAnswer(makeUser(), question.id).id)
    const job = new RelatedListsJob({ db, rank: (q) => threads.similar(q) })
    await job.runOnce()
    expect(dueOf(question.id)).toBeUndefined()
  })
})

describe('the related-lists queries', () => {
  it('read a stored list and the due lists by key, whatever the community’s size', async () => {
    const open = makeQuestion(makeUser(), { title: 'Hub reboots every night at three' })
    await new RelatedListsJob({ db, rank: (q) => threads.similar(q) }).runOnce()
    const plans = plansOf(() => {
      storedRelatedThreads(db, open.id)
      dueRelatedLists(db, Date.now(), 20)
    })
    expect(plans.length).toBeGreaterThanOrEqual(3)
    for (const { sql: text, plan } of plans) {
      expect(scansIn(plan, ['q', 'l', 'r', 'related_lists', 'related_threads']), text).toEqual([])
      expect(plan, text).not.toMatch(/TEMP B-TREE/)
    }
  })
})
