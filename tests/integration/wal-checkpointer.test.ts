// Checkpoints run in a thread of their own (issue 10: a COMMIT that checkpointed held the event
// loop for 50-500 ms on a big file): the serving connection no longer checkpoints, and what it
// commits still reaches the database file.
import fs from 'node:fs'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions } from '#db/schema.ts'
import { startWalCheckpointer, type CheckpointReport } from '#db/wal-checkpointer.server.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

const nextReport = (checkpointer: { onReport(l: (r: CheckpointReport) => void): void }) =>
  new Promise<CheckpointReport>((resolve) => checkpointer.onReport(resolve))

describe('the WAL checkpointer', () => {
  it('takes checkpoints off the connection and copies its commits into the file', async () => {
    const checkpointer = startWalCheckpointer(db, 20)!
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0)

    const question = makeQuestion(makeUser())
    for (let i = 0; i < 50; i++) {
      db.update(questions).set({ viewCount: i }).where(eq(questions.id, question.id)).run()
    }
    const walFile = `${process.env.DATABASE_PATH}-wal`
    expect(fs.statSync(walFile).size).toBeGreaterThan(0)

    // Reports until one has copied every frame the connection wrote.
    let report = await nextReport(checkpointer)
    while (!(report.log! > 0 && report.checkpointed === report.log)) {
      report = await nextReport(checkpointer)
    }
    expect(report.error).toBeUndefined()

    await checkpointer.stop()
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    const row = db.select().from(questions).where(eq(questions.id, question.id)).get()!
    expect(row.viewCount).toBe(49)
  })
})
