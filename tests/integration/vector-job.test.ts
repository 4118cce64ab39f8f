// The job that keeps sentence vectors current: questions asked and edited through the models are
// marked due in their write, and the job encodes them in the real encoder thread.
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { EncoderThread } from '#search/encoder-threads.server.ts'
import { VECTOR_MODEL } from '#search/sentence-encoder.ts'
import { pruneFtsRows } from '#search/sqlite-fts.server.ts'
import { dueVectors, VectorJob } from '#search/vector-job.server.ts'
import { cosineToStored, readVectors } from '#search/vectors.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'

const thread = new EncoderThread()
beforeAll(() => thread.start())
afterAll(() => thread.close())

function rowOf(questionId: number) {
  return db.get<{ dueAt: number | null; version: number; computedAt: number | null } | undefined>(
    sql`SELECT due_at AS dueAt, version, computed_at AS computedAt
      FROM question_vectors WHERE question_id = ${questionId}`,
  )
}

async function closeness(questionId: number, text: string) {
  const [vector] = await thread.encode([text])
  const stored = readVectors(db.$client, [questionId], VECTOR_MODEL).get(questionId)
  if (!stored) throw new Error(`question ${questionId} has no vector`)
  return cosineToStored(vector!, stored)
}

/** Runs the job until a run finds nothing due; returns how many rows each run encoded. */
async function runUntilIdle(job: VectorJob) {
  const runs: number[] = []
  while (runs.at(-1) !== 0) runs.push(await job.runOnce())
  return runs
}

describe('the vector job', () => {
  it('encodes a question once it is asked, and a second run encodes nothing', async () => {
    const job = new VectorJob({ db, encode: (texts) => thread.encode(texts) })
    await runUntilIdle(job) // what earlier tests left
    const question = makeQuestion(makeUser(), {
      title: 'Smart plug loses its schedule after a power cut',
      body: 'Whenever the power goes out the smart plug forgets every schedule I set.',
    })
    expect(rowOf(question.id)).toMatchObject({ computedAt: null, version: 1 })
    expect(readVectors(db.$client, [question.id], VECTOR_MODEL).size).toBe(0)

    expect(await job.runOnce()).toBe(1)
    expect(rowOf(question.id)).toMatchObject({ dueAt: null })
    expect(
      await closeness(question.id, 'My smart plug forgets its timers when power fails'),
    ).toBeGreaterThan(
      await closeness(question.id, 'How do I change the language of the mobile app?'),
    )
    expect(await job.runOnce()).toBe(0)
  })

  it('keeps a question due when it is edited while its vector is computed, then follows the edit', async () => {
    const author = makeUser()
    const question = makeQuestion(author, {
      title: 'Doorbell camera video is blurry at night',
      body: 'The doorbell camera picture gets blurry as soon as it is dark outside.',
    })
    let edited = false
    const job = new VectorJob({
      db,
      encode: async (texts) => {
        const vectors = await thread.encode(texts)
        if (!edited) {
          edited = true // the asker saves an edit after the job read the old text
          editQuestion(author, question.id, {
            title: 'Thermostat app cannot find the heating zones',
            body: 'After the update the thermostat app no longer lists my heating zones.',
            tags: ['router'],
          })
        }
        return vectors
      },
    })
    const runs = await runUntilIdle(job)
    expect(runs).toEqual([1, 1, 0]) // the old text, the edit, then nothing
    expect(rowOf(question.id)).toMatchObject({ dueAt: null, version: 2 })
    expect(
      await closeness(question.id, 'Heating zones missing in the thermostat app'),
    ).toBeGreaterThan(await closeness(question.id, 'Night video of the doorbell camera is blurry'))
  })

  it('drops a due row whose thread has left the index instead of encoding it', async () => {
    const job = new VectorJob({ db, encode: (texts) => thread.encode(texts) })
    const question = makeQuestion(makeUser(), { title: 'Hub blinks red after the update' })
    // Deleted before the job got to it (a moderator's removal; the index drops the thread).
    db.run(sql`UPDATE questions SET deleted_at = ${Date.now()} WHERE id = ${question.id}`)
    pruneFtsRows(db)
    expect(await job.runOnce()).toBe(1)
    expect(rowOf(question.id)).toBeUndefined()
    expect(await job.runOnce()).toBe(0)
  })

  it('finds due rows through the due index, whatever the number of vectors stored', () => {
    makeQuestion(makeUser(), { title: 'Range extender pairs but gives no internet' })
    const plans = plansOf(() => void dueVectors(db, Date.now(), 16))
    expect(plans.length).toBe(1)
    const [{ sql: text, plan }] = plans as [{ sql: string; plan: string }]
    expect(plan, text).toMatch(/SEARCH v USING INDEX question_vectors_due_idx/)
    expect(plan, text).not.toMatch(/TEMP B-TREE/)
    // The text is read by rowid: FTS5's "INDEX 0:=" is a rowid look-up, not a scan of the index.
    expect(
      scansIn(plan).filter((step) => !/INDEX 0:=/.test(step)),
      text,
    ).toEqual([])
  })
})
