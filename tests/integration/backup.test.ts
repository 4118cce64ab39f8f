// Online backups (issue 14): `npm run db:backup` copies the live database through SQLite's backup
// API while the site writes; the copy is whole, consistent and opens as a Peerdesk database.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { backupDatabase } from '#db/backup.server.ts'
import { db, openDatabase } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { questions } from '#db/schema.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

const databasePath = process.env.DATABASE_PATH!
const backupsDir = path.join(path.dirname(databasePath), 'backups')
const ROOT = path.resolve(import.meta.dirname, '../..')

/** Threads whose stored answer count disagrees with their answer rows: none in a consistent copy. */
function countMismatches(file: string) {
  const copy = new Database(file, { readonly: true })
  try {
    return copy
      .prepare(
        `SELECT count(*) FROM questions q
          WHERE q.answer_count != (SELECT count(*) FROM answers a
                                    WHERE a.question_id = q.id AND a.deleted_at IS NULL)`,
      )
      .pluck()
      .get() as number
  } finally {
    copy.close()
  }
}

describe('online backup', () => {
  const before: number[] = []

  beforeAll(() => {
    const asker = makeUser()
    const helper = makeUser()
    for (let i = 0; i < 60; i++) {
      const { id } = makeQuestion(asker, { body: `${'A long question body. '.repeat(40)} (${i})` })
      makeAnswer(helper, id, `${'Unplug it and plug it back in. '.repeat(30)} (${i})`)
      before.push(id)
    }
  })

  it('copies the database while another connection writes, starting over until it holds one moment', async () => {
    // The backup reads through a connection of its own, as the script beside the server does;
    // the models write through the test's connection meanwhile.
    const source = new Database(databasePath, { readonly: true })
    const writer = makeUser()
    let writesDuring = 0
    const result = await backupDatabase(source, path.join(backupsDir, 'during-writes.db'), {
      pagesPerStep: 4,
      onProgress: ({ remainingPages }) => {
        if (remainingPages > 0 && writesDuring < 8) {
          const { id } = makeQuestion(writer)
          makeAnswer(makeUser(), id)
          writesDuring++
        }
      },
    })
    source.close()
    expect(writesDuring).toBeGreaterThan(0)
    expect(result.restarts).toBeGreaterThan(0)
    expect(result.integrity).toBe('ok')
    expect(fs.existsSync(`${result.file}.partial`)).toBe(false)
    expect(countMismatches(result.file)).toBe(0)

    // Restored: the app opens the copy, migrates it (nothing to do) and finds the threads.
    const restored = openDatabase(result.file)
    try {
      runMigrations(restored)
      const ids = restored
        .select({ id: questions.id })
        .from(questions)
        .all()
        .map((r) => r.id)
      expect(ids).toEqual(expect.arrayContaining(before))
      const first = restored.select().from(questions).where(eq(questions.id, before[0]!)).get()
      const live = db.select().from(questions).where(eq(questions.id, before[0]!)).get()
      expect(first?.title).toBe(live?.title)
      expect(first?.answerCount).toBe(1)
    } finally {
      restored.$client.close()
    }
  })

  it('runs as npm run db:backup, with its summary and an integrity check', () => {
    const out = path.join(backupsDir, 'from-script.db')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/db-backup.ts', '--out', out],
      { cwd: ROOT, env: { ...process.env, DATABASE_PATH: databasePath }, encoding: 'utf8' },
    )
    expect(run.status).toBe(0)
    expect(run.stderr).toContain('100% | page') // the progress bar
    expect(run.stdout).toContain(`to ${out}`)
    expect(run.stdout).toContain('integrity ok')
    expect(countMismatches(out)).toBe(0)
    const copy = new Database(out, { readonly: true })
    expect(copy.prepare('SELECT count(*) FROM questions').pluck().get()).toBeGreaterThanOrEqual(60)
    copy.close()
  })

  it('refuses a missing database without making a file', () => {
    const out = path.join(backupsDir, 'nothing.db')
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/db-backup.ts', '--out', out],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: path.join(backupsDir, 'no-such.db') },
        encoding: 'utf8',
      },
    )
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('No database at')
    expect(fs.existsSync(out)).toBe(false)
  })
})
