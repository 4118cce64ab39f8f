// Search on SQLite FTS5 alone (no Meilisearch configured): every write refreshes the thread's
// FTS5 row in its own transaction, so search is current at once; prefixes, filters, facets,
// escaped highlights and similar questions work; nothing a person types breaks the query.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { eq, isNull, sql } from 'drizzle-orm'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db, openDatabase } from '#db/client.server.ts'
import { MIGRATIONS_FOLDER } from '#db/migrate.ts'
import { questions, searchOutbox } from '#db/schema.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import {
  drainOutbox,
  searchHealth,
  searchThreads,
  similarQuestions,
  startSearch,
  stopSearch,
} from '#search/index.server.ts'
import { loadSearchDocuments } from '#search/documents.server.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'
import { SqliteFtsBackend, writeFtsRows } from '#search/sqlite-fts.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

beforeAll(() => startSearch({ meilisearch: null, worker: false, log: () => {} }))
afterAll(() => stopSearch())

let n = 0
const uniqueTag = () => `f${Date.now().toString(36)}${(n++).toString(36)}`

function resolvedThread(opts: { title: string; body: string; tags: string[]; answer: string }) {
  const asker = makeUser()
  const question = makeQuestion(asker, opts)
  const answer = makeAnswer(makeUser({ reputation: 1500 }), question.id, opts.answer)
  toggleAcceptedAnswer(asker, answer.id)
  return question
}

describe('FTS5 kept current by the writes themselves', () => {
  it('finds a new thread, its answers and its edits without draining anything', async () => {
    const asker = makeUser()
    const question = makeQuestion(asker, {
      title: 'Hub loses its Zigbee devices overnight',
      body: 'Every morning the gerbilsensor and two plugs show as unreachable on the hub.',
      tags: ['hub'],
    })
    let result = await searchThreads({ q: 'gerbilsensor', status: 'all' })
    expect(result.backend).toBe('sqlite-fts')
    expect(result.hits.map((h) => h.id)).toEqual([question.id])

    const answer = makeAnswer(
      makeUser(),
      question.id,
      'Move the hub away from the router: the hamsterchannel overlaps with Wi-Fi channel 11.',
    )
    result = await searchThreads({ q: 'hamsterchannel', status: 'all' })
    expect(result.hits[0]).toMatchObject({ id: question.id, status: 'answered', answerCount: 1 })

    setOfficialAnswer(makeUser({ role: 'staff' }), answer.id, true)
    result = await searchThreads({ q: 'hamsterchannel', status: 'resolved' })
    expect(result.hits[0]).toMatchObject({ id: question.id, resolved: true, official: true })

    editQuestion(asker, question.id, {
      title: 'Hub loses its Zigbee devices every night',
      body: 'Every morning the ferretsensor and two plugs show as unreachable on the hub.',
      tags: ['hub', 'zigbee'],
    })
    expect((await searchThreads({ q: 'gerbilsensor', status: 'all' })).total).toBe(0)
    result = await searchThreads({ q: 'ferretsensor', status: 'all' })
    expect(result.hits[0]).toMatchObject({ id: question.id, tags: ['hub', 'zigbee'] })
    expect(result.hits[0]!.titleHtml).toBe('Hub loses its Zigbee devices every night')
  })

  it('drops a deleted thread at once', async () => {
    const question = makeQuestion(makeUser(), {
      title: 'Doorbell rings twice per press',
      body: 'Each press of the gophersbutton rings the indoor chime two times in a row.',
      tags: ['doorbell'],
    })
    expect((await searchThreads({ q: 'gophersbutton', status: 'all' })).total).toBe(1)
    db.transaction((tx) => {
      tx.update(questions).set({ deletedAt: Date.now() }).where(eq(questions.id, question.id)).run()
      enqueueThreadReindex(tx, question.id)
    })
    expect((await searchThreads({ q: 'gophersbutton', status: 'all' })).total).toBe(0)
  })

  it('runs without Meilisearch: health says degraded, the worker just marks rows done', async () => {
    makeQuestion(makeUser(), {
      title: 'App notifications arrive late',
      body: 'Motion alerts from the doorbell reach my phone a minute after the event.',
      tags: ['app'],
    })
    const health = await searchHealth()
    expect(health).toMatchObject({ backend: 'sqlite-fts', status: 'degraded' })
    expect(health.detail).toContain('Meilisearch disabled')
    expect(health.outbox.pending).toBeGreaterThan(0)
    expect((await drainOutbox()).error).toBeUndefined()
    expect(db.select().from(searchOutbox).where(isNull(searchOutbox.processedAt)).all()).toEqual([])
  })

  it('the outbox drain repairs a row that differs from its thread, and only such rows', async () => {
    const stale = makeQuestion(makeUser(), {
      title: 'Hub forgets the schedule after a power cut',
      body: 'Every outage wipes the heating schedule I set in the app.',
      tags: ['hub'],
    })
    const missing = makeQuestion(makeUser(), {
      title: 'Thermostat reads two degrees high',
      body: 'The display says 23 while the room thermometer says 21.',
      tags: ['thermostat'],
    })
    const current = makeQuestion(makeUser(), {
      title: 'Sirens chirp at midnight',
      body: 'The outdoor siren chirps once every night at twelve.',
      tags: ['siren'],
    })
    await drainOutbox()
    const row = (id: number) =>
      db.get<{ title: string; body: string } | undefined>(
        sql`SELECT title, body FROM search_fts WHERE rowid = ${id}`,
      )
    // As a migration's backfill or a failed refresh could have left them.
    db.run(sql`UPDATE search_fts SET title = 'stale words' WHERE rowid = ${stale.id}`)
    db.run(sql`DELETE FROM search_fts WHERE rowid = ${missing.id}`)
    const before = row(current.id)
    // Outbox rows alone (enqueueThreadReindex would refresh FTS5 itself): the drain must repair.
    const now = Date.now()
    for (const questionId of [stale.id, missing.id, current.id]) {
      db.insert(searchOutbox).values({ questionId, createdAt: now, availableAt: now }).run()
    }
    expect((await drainOutbox()).error).toBeUndefined()

    expect(row(stale.id)?.title).toBe('Hub forgets the schedule after a power cut')
    expect(row(missing.id)?.title).toBe('Thermostat reads two degrees high')
    expect(row(current.id)).toEqual(before)
    expect(
      (await searchThreads({ q: 'outage wipes', status: 'all' })).hits.map((h) => h.id),
    ).toEqual([stale.id])
  })
})

describe('FTS5 search', () => {
  it('matches the word being typed as a prefix', async () => {
    const tag = uniqueTag()
    const question = makeQuestion(makeUser(), {
      title: 'Thermostat configuration wizard freezes',
      body: 'The setup wizard stops at the heating type step and never finishes.',
      tags: ['thermostat', tag],
    })
    for (const q of ['thermo', 'thermostat config', 'configura', 'heating ty', 'wizard freez']) {
      const result = await searchThreads({ q, status: 'all', tags: [tag] })
      expect(
        result.hits.map((h) => h.id),
        q,
      ).toEqual([question.id])
    }
  })

  it('filters by status and tag, counts facets, ranks title matches first', async () => {
    const tag = uniqueTag()
    const resolved = resolvedThread({
      title: 'Voleinvoice shows the wrong VAT',
      body: 'The invoice for March charges 25 percent VAT instead of 20.',
      tags: ['billing', tag],
      answer: 'VAT follows the billing address; update it and the next invoice is corrected.',
    })
    const open = makeQuestion(makeUser(), {
      title: 'Cannot download an old invoice',
      body: 'The voleinvoice link for January returns an error page.',
      tags: ['billing', 'account', tag],
    })
    const all = await searchThreads({ q: 'voleinvoice', status: 'all' })
    expect(all.hits.map((h) => h.id)).toEqual([resolved.id, open.id])
    expect(all.facets.status).toEqual({ resolved: 1, open: 1 })
    expect(all.facets.tags).toEqual({ billing: 2, [tag]: 2, account: 1 })

    const onlyResolved = await searchThreads({ q: 'voleinvoice', status: 'resolved' })
    expect(onlyResolved.hits.map((h) => h.id)).toEqual([resolved.id])
    expect(onlyResolved.total).toBe(1)
    expect(onlyResolved.facets.status).toEqual({ resolved: 1, open: 1 })
    expect(onlyResolved.facets.tags).toEqual({ billing: 1, [tag]: 1 })

    const account = await searchThreads({ q: 'voleinvoice', status: 'all', tags: ['account'] })
    expect(account.hits.map((h) => h.id)).toEqual([open.id])
    expect(account.facets.status).toEqual({ open: 1 })

    const page2 = await searchThreads({ q: 'voleinvoice', status: 'all', pageSize: 1, page: 2 })
    expect(page2).toMatchObject({ total: 2, page: 2, pageCount: 2 })
    expect(page2.hits.map((h) => h.id)).toEqual([open.id])
  })

  it('falls back to any word when not every word matches', async () => {
    const question = makeQuestion(makeUser(), {
      title: 'Mesh satellite keeps rebooting',
      body: 'The lemmingsatellite restarts every ten minutes since Tuesday.',
      tags: ['mesh'],
    })
    const result = await searchThreads({ q: 'lemmingsatellite unrelatedword', status: 'all' })
    expect(result.hits.map((h) => h.id)).toEqual([question.id])
  })

  it('highlights as escaped text: <script> in a title stays text', async () => {
    const question = makeQuestion(makeUser(), {
      title: 'Title with <script>alert("mole")</script> in it & more',
      body: 'Body text mentions <img src=x onerror=alert(1)> and the molerat sensor.',
      tags: ['app'],
    })
    const { hits } = await searchThreads({ q: 'mole molerat', status: 'all' })
    const hit = hits.find((h) => h.id === question.id)!
    expect(hit.titleHtml).toBe(
      'Title with &lt;script&gt;alert(&quot;<mark>mole</mark>&quot;)&lt;/script&gt; in it &amp; more',
    )
    expect(hit.snippetHtml).toContain('<mark>molerat</mark>')
    expect(hit.snippetHtml).not.toMatch(/<(?!\/?mark>)/)
  })

  it('never fails on what people type', async () => {
    const inputs = [
      '"',
      '(',
      'AND',
      'NOT x',
      'x OR',
      '*',
      '-',
      'NEAR(a b)',
      'title:x',
      '½ 温度 😀',
      '',
    ]
    for (const q of inputs) {
      const result = await searchThreads({ q, status: 'all', tags: ['no-such-tag'] })
      expect(result.backend).toBe('sqlite-fts')
      expect(result.hits).toEqual([])
    }
  })

  it('lists the newest activity first for an empty query', async () => {
    const tag = uniqueTag()
    const older = makeQuestion(makeUser(), {
      title: 'Older question about the app',
      body: 'This one was asked first and has had no activity since.',
      tags: [tag],
    })
    const newer = makeQuestion(makeUser(), {
      title: 'Newer question about the app',
      body: 'This one was asked second, so it is the most recent activity.',
      tags: [tag],
    })
    db.update(questions)
      .set({ lastActivityAt: sql`${questions.lastActivityAt} + 1000` })
      .where(eq(questions.id, newer.id))
      .run()
    const result = await searchThreads({ q: '', status: 'all', tags: [tag] })
    expect(result.hits.map((h) => h.id)).toEqual([newer.id, older.id])
    expect(result.hits[1]!.snippetHtml).toBe(
      'This one was asked first and has had no activity since.',
    )
  })
})

describe('similar questions on BM25', () => {
  it('ranks the thread being duplicated first for a paraphrased title', async () => {
    const original = resolvedThread({
      title: 'How do I factory reset the thermostat?',
      body: 'I moved house and want to reset the thermostat to factory settings before setup.',
      tags: ['thermostat'],
      answer: 'Hold the dial for 15 seconds until the screen shows RESET, then confirm.',
    })
    makeQuestion(makeUser(), {
      title: 'Thermostat schedule resets itself',
      body: 'My weekly schedule is lost every few days and the thermostat runs the default.',
      tags: ['thermostat'],
    })
    makeQuestion(makeUser(), {
      title: 'Factory reset the doorbell',
      body: 'How do I wipe the doorbell before selling it on?',
      tags: ['doorbell'],
    })
    const hits = await similarQuestions({
      text: 'Resetting my thermostat back to its factory settings',
    })
    expect(hits[0]).toMatchObject({ id: original.id, resolved: true, status: 'resolved' })
    expect(hits.length).toBeGreaterThan(1)

    const typing = await similarQuestions({ text: 'factory reset thermost' })
    expect(typing[0]!.id).toBe(original.id)

    const excluded = await similarQuestions({
      text: 'factory reset thermostat',
      excludeId: original.id,
    })
    expect(excluded.map((h) => h.id)).not.toContain(original.id)
    const resolvedOnly = await similarQuestions({ text: 'factory reset', resolvedOnly: true })
    expect(resolvedOnly.length).toBeGreaterThan(0)
    expect(resolvedOnly.every((h) => h.resolved)).toBe(true)
    expect(await similarQuestions({ text: 'how do I do this?' })).toEqual([])
  })
})

describe('similar questions re-ranked by word proximity', () => {
  it('prefers the thread where the asker’s words stand together over a shorter scattered match', async () => {
    const together = makeQuestion(makeUser(), {
      title: 'Porch lights ignore the okapi sensor at night',
      body: 'Since the update the porch lights stay off when the okapi sensor sees someone after dark, although the schedule is right in the app and the bulbs answer manual control.',
      tags: ['lighting'],
    })
    const scattered = makeQuestion(makeUser(), {
      title: 'Okapi pairing and lights',
      body: 'The lights pair fine; the sensor needs a new battery.',
      tags: ['lighting'],
    })
    const text = 'okapi sensor lights'
    const baseline = await similarQuestions({ text, strategy: 'baseline' })
    expect(baseline.map((h) => h.id).slice(0, 2)).toEqual([scattered.id, together.id])
    const ranked = await similarQuestions({ text })
    expect(ranked.map((h) => h.id).slice(0, 2)).toEqual([together.id, scattered.id])
  })
})

describe("the newest threads' own index", () => {
  const matching = (table: string, word: string) =>
    db.$client
      .prepare(`SELECT rowid AS id, title FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`)
      .all(`"${word}"`) as { id: number; title: string }[]

  it('holds the newest question ids, as written, and slides forward as questions are asked', () => {
    const word = uniqueTag()
    const ids = [1, 2, 3, 4].map(
      (i) =>
        makeQuestion(makeUser(), {
          title: `Thread ${i} about the ${word} bridge`,
          body: `The ${word} bridge drops its devices, case ${i}, every night after the update.`,
          tags: ['hub'],
        }).id,
    )
    // Fewer threads than the window: every one is in both indexes, with the same text.
    expect(matching('search_fts_recent', word)).toEqual(matching('search_fts', word))
    expect(matching('search_fts_recent', word).map((r) => r.id)).toEqual(ids)

    writeFtsRows(db, [], [], { window: 2 })
    expect(matching('search_fts_recent', word).map((r) => r.id)).toEqual(ids.slice(2))
    expect(matching('search_fts', word).map((r) => r.id)).toEqual(ids)

    // A new question pushes the oldest of the window out; rewriting an older thread leaves it out.
    const fifth = makeQuestion(makeUser(), {
      title: `Thread 5 about the ${word} bridge`,
      body: `The ${word} bridge drops its devices again, five nights in a row now.`,
      tags: ['hub'],
    })
    writeFtsRows(db, [], [], { window: 2 })
    expect(matching('search_fts_recent', word).map((r) => r.id)).toEqual([ids[3], fifth.id])
    writeFtsRows(db, [ids[0]!], loadSearchDocuments(db, [ids[0]!]).values(), { window: 2 })
    expect(matching('search_fts_recent', word).map((r) => r.id)).toEqual([ids[3], fifth.id])
    expect(matching('search_fts', word).map((r) => r.id)).toEqual([...ids, fifth.id])
  })

  it('ranks a look-up whose every word is common among the newest threads only', () => {
    const [a, b] = [uniqueTag(), uniqueTag()]
    const best = makeQuestion(makeUser(), {
      title: `${a} ${b}`,
      body: `Only ${a} and ${b} here, nothing else to say about it at all.`,
      tags: ['hub'],
    })
    const newer = [1, 2, 3].map(
      (i) =>
        makeQuestion(makeUser(), {
          title: `Something else entirely, number ${i}, mentioning ${a}`,
          body: `A long body that mentions ${b} once among many other words, number ${i}.`,
          tags: ['hub'],
        }).id,
    )
    writeFtsRows(db, [], [], { window: 2 })
    const text = `${a} ${b}`
    const everything = new SqliteFtsBackend(db).similarCandidatesSync({ text }, 10)
    expect(everything[0]!.hit.id).toBe(best.id)
    // Both words hold more threads than a budget of 2: the newest threads' index ranks them.
    const bounded = new SqliteFtsBackend(db, { candidateBudget: 2 }).similarCandidatesSync(
      { text },
      10,
    )
    expect(bounded.map((c) => c.hit.id).sort()).toEqual(newer.slice(1).sort())
    expect(bounded[0]!.keyword.every(Number.isFinite)).toBe(true)

    // Plain BM25 (a question in another language gets it) is bounded the same way; only the
    // yardstick of the eval and the bench reads every thread holding the words.
    const small = new SqliteFtsBackend(db, { candidateBudget: 2 })
    const plain = small.similarSync({ text, limit: 10 }, { plain: true })
    expect(plain.map((h) => h.id).sort()).toEqual(newer.slice(1).sort())
    const yardstick = small.similarSync({ text, limit: 10, wholeIndex: true }, { plain: true })
    expect(yardstick[0]!.id).toBe(best.id)
    expect(yardstick.map((h) => h.id)).toEqual(expect.arrayContaining(newer))
  })
})

describe('the migration', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-fts-migration-'))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('backfills an existing database and queues every thread for indexing', () => {
    // A database as it was before the FTS5 migration: only 0000 applied.
    const before = path.join(dir, 'migrations')
    fs.cpSync(MIGRATIONS_FOLDER, before, { recursive: true })
    const journalFile = path.join(before, 'meta', '_journal.json')
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: unknown[] }
    fs.writeFileSync(
      journalFile,
      JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }),
    )
    const old = openDatabase(path.join(dir, 'old.db'))
    try {
      migrate(old, { migrationsFolder: before })
      old.$client.exec(`
        INSERT INTO users (id, handle, email, display_name) VALUES (1, 'ann', 'ann@x.test', 'Ann');
        INSERT INTO questions (id, author_id, title, slug, body_md, body_html, last_activity_at)
          VALUES (1, 1, 'Capybara hub question', 'capybara', 'The **capybara** hub body', '<p>The <strong>capybara</strong> hub body</p>', 1),
                 (2, 1, 'Deleted one', 'deleted', 'gone', '<p>gone</p>', 1);
        UPDATE questions SET deleted_at = 5 WHERE id = 2;
        INSERT INTO answers (question_id, author_id, body_md, body_html) VALUES (1, 1, 'An answer about llamas', '<p>An answer about llamas</p>');
        INSERT INTO tags (id, name) VALUES (1, 'hub');
        INSERT INTO question_tags (question_id, tag_id) VALUES (1, 1);
      `)
      migrate(old, { migrationsFolder: MIGRATIONS_FOLDER })
      const rows = old.$client
        .prepare(
          `SELECT rowid AS id FROM search_fts WHERE search_fts MATCH 'llamas AND capybara AND hub'`,
        )
        .all()
      expect(rows).toEqual([{ id: 1 }])
      expect(old.$client.prepare('SELECT count(*) AS n FROM search_fts').get()).toEqual({ n: 1 })
      expect(old.$client.prepare('SELECT question_id FROM search_outbox').all()).toEqual([
        { question_id: 1 },
      ])
    } finally {
      old.$client.close()
    }
  })
})
