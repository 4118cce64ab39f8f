// Writes from a request while another process holds SQLite's write lock (issue 10, two workers):
// writeWhenFree() waits for the lock without stopping the event loop, then runs the whole write
// in one transaction whose after-commit work runs once it is durable, or not at all.
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions } from '#db/schema.ts'
import { createAnswer } from '#app/models/answers.server.ts'
import { afterCommit, writeTransaction, writeWhenFree } from '#app/models/transaction.server.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

/** Another worker's connection to the same file, holding the write lock until released. */
function otherWorkerHoldsTheLock() {
  const other = new Database(process.env.DATABASE_PATH!)
  other.exec('BEGIN IMMEDIATE')
  return {
    release() {
      other.exec('COMMIT')
      other.close()
    },
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

let lock: ReturnType<typeof otherWorkerHoldsTheLock> | null = null
afterEach(() => {
  lock?.release()
  lock = null
})

describe('writeWhenFree', () => {
  it('lets the event loop run while another connection holds the lock, then writes', async () => {
    const question = makeQuestion(makeUser())
    const answerer = makeUser()
    lock = otherWorkerHoldsTheLock()

    let done = false
    const posting = writeWhenFree(() => createAnswer(answerer, question.id, 'Restart the hub.'))
    void posting.then(() => (done = true))
    let turns = 0
    for (; turns < 20; turns++) await turn()
    // Twenty turns of the loop ran (other requests would have), and the write still waits.
    expect(done).toBe(false)

    lock.release()
    lock = null
    const answer = await posting
    const row = db.select().from(questions).where(eq(questions.id, question.id)).get()!
    expect(row.answerCount).toBe(1)
    expect(answer.id).toBeGreaterThan(0)
  })

  it('runs after-commit work once, after COMMIT; a failing write runs none and keeps nothing', async () => {
    const question = makeQuestion(makeUser())
    const seen: string[] = []
    await writeWhenFree(() => {
      writeTransaction((tx) => {
        tx.update(questions).set({ viewCount: 7 }).where(eq(questions.id, question.id)).run()
        afterCommit(() => seen.push(db.$client.inTransaction ? 'inside' : 'committed'))
      })
      seen.push('work done')
    })
    expect(seen).toEqual(['work done', 'committed'])

    await expect(
      writeWhenFree(() => {
        writeTransaction((tx) => {
          tx.update(questions).set({ viewCount: 99 }).where(eq(questions.id, question.id)).run()
          afterCommit(() => seen.push('should not run'))
        })
        throw new Error('refused after the write')
      }),
    ).rejects.toThrow('refused after the write')
    expect(seen).toEqual(['work done', 'committed'])
    expect(db.$client.inTransaction).toBe(false)
    const row = db.select().from(questions).where(eq(questions.id, question.id)).get()!
    expect(row.viewCount).toBe(7)
  })

  it('inside a running write it is just part of it', async () => {
    const question = makeQuestion(makeUser())
    const order: string[] = []
    await writeWhenFree(() =>
      writeTransaction(() => {
        afterCommit(() => order.push('outer committed'))
        // Not awaited by design: a nested call runs at once, in the same transaction.
        void writeWhenFree(() => {
          db.update(questions).set({ viewCount: 3 }).where(eq(questions.id, question.id)).run()
          order.push('nested ran')
        })
        order.push('outer work')
      }),
    )
    expect(order).toEqual(['nested ran', 'outer work', 'outer committed'])
  })
})
