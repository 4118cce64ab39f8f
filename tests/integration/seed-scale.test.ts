// The scale seeder (npm run seed -- --questions N) on a small community: it makes what its
// flags ask, the same rows from the same flags, a ledger and thread facts that agree with the
// rows, bodies rendered as the site renders them, a searchable FTS5 table, and the same outbox
// and FTS5 rows whether the unit of work writes them per thread or once per batch.
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { SCALE_RATIOS, scaleShape, tagVocabulary } from '#db/seed/scale.ts'
import { BADGE_EVENTS } from '#app/lib/badge-rules.ts'
import { renderInlineMarkdown, renderMarkdown } from '#app/lib/markdown.server.ts'
import { computeThreadStatus } from '#app/lib/thread-status.ts'
import { awardBadges } from '#app/models/badges.server.ts'
import { lastFinished } from '#app/models/nightly-jobs.server.ts'
import { excerptOf } from '#app/models/questions.server.ts'
import { seedScaleCommunity, type ScaleSeedSummary } from '#app/models/scale-seed.server.ts'
import { bulkThreadWrites, startThread } from '#app/models/thread-writes.server.ts'
import { writeTransaction } from '#app/models/transaction.server.ts'
import { SqliteFtsBackend } from '#search/sqlite-fts.server.ts'

const N = 400
const shape = scaleShape(N, { seed: 7 })
// The newest threads' FTS5 index of the batched runs: smaller than a batch, so batches push
// rows out of it (the per-write unit of work keeps RECENT_WINDOW, all 400, and takes no option).
const recentWindow = 100

const CONTENT_TABLES = [
  'users',
  'questions',
  'answers',
  'comments',
  'votes',
  'tags',
  'question_tags',
  'reputation_events',
  'revisions',
  'user_badges',
  'notifications',
  // kept by triggers as the rows go in
  'member_counts',
  'tag_answerers',
  'question_counts',
  'list_buckets',
  'sitemap_chunks',
  'reputation_days',
]

const globalForDb = globalThis as typeof globalThis & {
  __peerdeskDb?: { $client: { close(): void } }
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-seed-scale-'))

/** Points the process's one connection at a fresh migrated database file. */
function useDatabase(name: string) {
  globalForDb.__peerdeskDb?.$client.close()
  delete globalForDb.__peerdeskDb
  process.env.DATABASE_PATH = path.join(scratch, `${name}.db`)
  runMigrations(db)
}

const rows = (query: string) => db.$client.prepare(query).all() as Record<string, unknown>[]
const one = <T = number>(query: string) => db.$client.prepare(query).pluck().get() as T
const hash = (value: unknown) =>
  crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex')
// Every row of each table, in one order (some trigger-kept tables have no rowid).
const contentHash = () =>
  hash(
    CONTENT_TABLES.map((t) => [
      t,
      rows(`SELECT * FROM ${t}`)
        .map((r) => JSON.stringify(r))
        .sort(),
    ]),
  )
const ftsRows = () =>
  rows('SELECT rowid, title, body, answers, tags FROM search_fts ORDER BY rowid')
const outboxRows = () =>
  rows(
    'SELECT id, question_id, created_at, available_at, processed_at FROM search_outbox ORDER BY id',
  )

const indexes = () =>
  rows(`SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`)

let summary: ScaleSeedSummary
let migratedIndexes: unknown
const builtAgain: number[] = []
const runs: Record<string, { content: string; fts: unknown; outbox: unknown }> = {}

beforeAll(async () => {
  // The per-write run is also the one that keeps every index up row by row.
  for (const [name, batched] of [
    ['per-write', false],
    ['second', true],
    ['first', true], // last, so the checks below read this one
  ] as const) {
    useDatabase(name)
    migratedIndexes = indexes()
    summary = await seedScaleCommunity({
      shape,
      batchSize: 150,
      deferReindex: batched,
      deferIndexes: batched,
      ...(batched ? { recentWindow, onIndexBuilt: (built) => builtAgain.push(built) } : {}),
    })
    runs[name] = { content: contentHash(), fts: ftsRows(), outbox: outboxRows() }
  }
}, 60_000)

afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }))

describe('npm run seed -- --questions N', () => {
  it('makes N questions with the stated ratios of answers, accepts, official marks, comments and votes', () => {
    expect(one('SELECT count(*) FROM questions')).toBe(N)
    expect(summary.questions).toBe(N)
    expect(one('SELECT count(*) FROM users WHERE role = ?'.replace('?', "'member'"))).toBe(
      shape.users,
    )
    const answers = one('SELECT count(*) FROM answers')
    expect(answers / N).toBeGreaterThan(1.3)
    expect(answers / N).toBeLessThan(1.7)
    const answered = one('SELECT count(*) FROM questions WHERE answer_count > 0')
    const accepted = one('SELECT count(*) FROM questions WHERE accepted_answer_id IS NOT NULL')
    const official = one('SELECT count(*) FROM questions WHERE official_answer_id IS NOT NULL')
    expect(accepted).toBe(summary.accepted)
    expect(official).toBe(summary.official)
    // Each with the mark's record (who, when), as a staff mark writes it.
    expect(
      one(`SELECT count(*) FROM official_marks m JOIN questions q
             ON q.id = m.question_id AND q.official_answer_id = m.answer_id`),
    ).toBe(summary.official)
    expect(accepted / answered).toBeGreaterThan(SCALE_RATIOS.accepted - 0.1)
    expect(accepted / answered).toBeLessThan(SCALE_RATIOS.accepted + 0.1)
    expect(official / answered).toBeGreaterThan(0.03)
    expect(official / answered).toBeLessThan(0.14)
    const comments = one('SELECT count(*) FROM comments')
    expect(comments / N).toBeGreaterThan(0.45)
    expect(comments / N).toBeLessThan(1.0)
    const votes = one('SELECT count(*) FROM votes')
    expect(votes / (N + answers)).toBeGreaterThan(1)
    expect(votes / (N + answers)).toBeLessThan(3)
    const up = one('SELECT count(*) FROM votes WHERE value = 1') / votes
    expect(up).toBeGreaterThan(SCALE_RATIOS.upShare - 0.06)
    expect(up).toBeLessThan(SCALE_RATIOS.upShare + 0.06)
  })

  it('spreads tags Zipf-like and activity over a long tail of members', () => {
    const vocabulary = tagVocabulary(shape.tags)
    const counts = new Map(
      rows('SELECT name, question_count AS n FROM tags').map((r) => [r.name, r.n as number]),
    )
    const byRank = vocabulary.map((name) => counts.get(name) ?? 0)
    // log(count) against log(rank) over the ten most used: a slope near -1.
    const xs = byRank.slice(0, 10).map((_, i) => Math.log(i + 1))
    const ys = byRank.slice(0, 10).map((n) => Math.log(Math.max(1, n)))
    const mx = xs.reduce((a, b) => a + b) / xs.length
    const my = ys.reduce((a, b) => a + b) / ys.length
    const slope =
      xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) /
      xs.reduce((s, x) => s + (x - mx) ** 2, 0)
    expect(slope).toBeLessThan(-0.5)
    expect(slope).toBeGreaterThan(-1.6)
    expect(byRank[0]!).toBeGreaterThan(3 * byRank[9]!)

    const posts = rows(
      `SELECT u.id, (SELECT count(*) FROM questions q WHERE q.author_id = u.id)
         + (SELECT count(*) FROM answers a WHERE a.author_id = u.id) AS n
       FROM users u WHERE u.role = 'member' ORDER BY n DESC`,
    ).map((r) => r.n as number)
    const median = posts[Math.floor(posts.length / 2)]!
    expect(posts[0]!).toBeGreaterThan(5 * Math.max(1, median))
  })

  it('writes the same rows from the same flags', () => {
    expect(runs.second!.content).toBe(runs.first!.content)
    expect(runs.second!.fts).toEqual(runs.first!.fts)
    expect(runs.second!.outbox).toEqual(runs.first!.outbox)
  })

  it('builds again every index it left for after the threads, as the migrations made it', () => {
    expect(indexes()).toEqual(migratedIndexes)
    expect(builtAgain.length).toBeGreaterThan(20) // the questions' list indexes among them
    expect(summary.seconds.indexes).toBeGreaterThan(0)
    const plan = rows(
      `EXPLAIN QUERY PLAN SELECT id FROM votes WHERE user_id = 5 ORDER BY created_at DESC LIMIT 5`,
    )
    expect(plan.map((step) => step.detail).join(' ')).toContain('votes_user_created_idx')
  })

  it('leaves the same rows, FTS5 and outbox rows as the per-write unit of work', () => {
    expect(runs['per-write']!.content).toBe(runs.first!.content)
    expect(runs['per-write']!.fts).toEqual(runs.first!.fts)
    expect(runs['per-write']!.outbox).toEqual(runs.first!.outbox)
    expect(one('SELECT count(DISTINCT question_id) FROM search_outbox')).toBe(N)
  })

  it('keeps users.reputation the sum of the ledger, within the daily caps', () => {
    expect(
      one(`SELECT count(*) FROM users u
           WHERE u.reputation != (SELECT coalesce(sum(amount), 0) FROM reputation_events e WHERE e.user_id = u.id)`),
    ).toBe(0)
    expect(one('SELECT sum(reputation) FROM users')).toBeGreaterThan(0)
    expect(
      one(`SELECT count(*) FROM (SELECT user_id FROM votes
           GROUP BY user_id, created_at / 86400000 HAVING count(*) > 40)`),
    ).toBe(0)
    expect(
      one(`SELECT count(*) FROM (SELECT user_id FROM reputation_events
           WHERE kind IN ('question_upvoted', 'answer_upvoted')
           GROUP BY user_id, created_at / 86400000 HAVING sum(amount) > 200)`),
    ).toBe(0)
    // One ledger row per vote, accept (two) and official mark, as the models write them.
    expect(
      one(
        `SELECT count(*) FROM reputation_events WHERE kind IN ('question_upvoted', 'answer_upvoted', 'post_downvoted')`,
      ),
    ).toBe(one('SELECT count(*) FROM votes'))
    expect(one(`SELECT count(*) FROM reputation_events WHERE kind = 'answer_accepted'`)).toBe(
      summary.accepted,
    )
    expect(one(`SELECT count(*) FROM reputation_events WHERE kind = 'answer_official'`)).toBe(
      summary.official,
    )
  })

  it('keeps each thread’s status and counters consistent with its rows', () => {
    const questions = rows(
      `SELECT q.*,
         (SELECT count(*) FROM answers a WHERE a.question_id = q.id) AS answers,
         (SELECT count(*) FROM comments c WHERE c.question_id = q.id) AS comments,
         (SELECT coalesce(sum(value), 0) FROM votes v WHERE v.post_type = 'question' AND v.post_id = q.id) AS votes
       FROM questions q`,
    )
    for (const q of questions) {
      expect(q.answer_count).toBe(q.answers)
      expect(q.comment_count).toBe(q.comments)
      expect(q.score).toBe(q.votes)
      expect(q.status).toBe(
        computeThreadStatus({
          closed: false,
          duplicateOfId: null,
          answerCount: q.answers as number,
          acceptedAnswerId: q.accepted_answer_id as number | null,
          officialAnswerId: q.official_answer_id as number | null,
        }),
      )
      expect(q.resolved_at != null).toBe(
        q.accepted_answer_id != null || q.official_answer_id != null,
      )
    }
    expect(
      one(`SELECT count(*) FROM answers a WHERE a.score != (SELECT coalesce(sum(value), 0) FROM votes v WHERE v.post_type = 'answer' AND v.post_id = a.id)
             OR a.comment_count != (SELECT count(*) FROM comments c WHERE c.answer_id = a.id)`),
    ).toBe(0)
    expect(
      one(
        `SELECT count(*) FROM tags t WHERE t.question_count != (SELECT count(*) FROM question_tags qt WHERE qt.tag_id = t.id)`,
      ),
    ).toBe(0)
    // The lists' counter rows and the tag index's copy of each question's time are right too.
    expect(one(`SELECT n FROM question_counts WHERE scope = 'all'`)).toBe(questions.length)
    expect(one(`SELECT n FROM question_counts WHERE scope = 'resolved'`)).toBe(
      one(`SELECT count(*) FROM questions WHERE status = 'resolved'`),
    )
    expect(
      one(`SELECT count(*) FROM question_tags qt JOIN questions q ON q.id = qt.question_id
           WHERE qt.question_created_at != q.created_at`),
    ).toBe(0)
    expect(one(`SELECT count(*) FROM questions WHERE status = 'open'`)).toBeGreaterThan(0)
    expect(one(`SELECT count(*) FROM questions WHERE status = 'resolved'`)).toBeGreaterThan(0)
    // Imported-style history notifies nobody.
    expect(one('SELECT count(*) FROM notifications')).toBe(0)
  })

  it('awards, in one set-based pass, the badges the per-person hooks would award', () => {
    const badgeRows = () =>
      rows(
        'SELECT user_id, badge, question_id, answer_id, awarded_at FROM user_badges ORDER BY user_id, badge',
      )
    const bulk = badgeRows()
    expect(bulk.length).toBe(summary.badges)
    expect(new Set(bulk.map((r) => r.badge)).size).toBeGreaterThanOrEqual(5)
    // Recorded as the day's recompute: the first start does not spend it again.
    expect(lastFinished('badge-recompute')).not.toBeNull()
    // The people the seed recomputes (a post, or 1 000 reputation) again through the hooks the events call (each person, each event's
    // badges, read person by person), in a transaction rolled back afterwards.
    const people = rows(
      `SELECT id FROM users u WHERE u.reputation >= 1000
         OR EXISTS (SELECT 1 FROM questions q WHERE q.author_id = u.id)
         OR EXISTS (SELECT 1 FROM answers a WHERE a.author_id = u.id)
         OR EXISTS (SELECT 1 FROM comments c WHERE c.author_id = u.id)`,
    ).map((r) => r.id as number)
    let perPerson: Record<string, unknown>[] = []
    const rollback = new Error('roll back')
    expect(() =>
      writeTransaction((tx) => {
        db.$client.prepare('DELETE FROM user_badges').run()
        for (const event of BADGE_EVENTS) awardBadges(tx, event, people, shape.now)
        perPerson = badgeRows()
        throw rollback
      }),
    ).toThrow(rollback)
    expect(perPerson).toEqual(bulk)
    expect(badgeRows()).toEqual(bulk)
  })

  it('stores the HTML and excerpts the site renders for those bodies', () => {
    for (const q of rows('SELECT body_md, body_html, excerpt FROM questions')) {
      expect(q.body_html).toBe(renderMarkdown(q.body_md as string))
      expect(q.excerpt).toBe(excerptOf(q.body_html as string))
    }
    for (const a of rows('SELECT body_md, body_html FROM answers LIMIT 200')) {
      expect(a.body_html).toBe(renderMarkdown(a.body_md as string))
    }
    for (const c of rows('SELECT body_md, body_html FROM comments LIMIT 100')) {
      expect(c.body_html).toBe(renderInlineMarkdown(c.body_md as string))
    }
  })

  it('leaves the newest threads, and only them, in their own FTS5 index', () => {
    const recent = rows(
      'SELECT rowid, title, body, answers, tags FROM search_fts_recent ORDER BY rowid',
    )
    expect(recent).toEqual(ftsRows().slice(N - recentWindow))
  })

  it('is searchable through FTS5', () => {
    expect(one('SELECT count(*) FROM search_fts')).toBe(N)
    const fts = new SqliteFtsBackend(db)
    const target = rows('SELECT id, title FROM questions ORDER BY id LIMIT 1 OFFSET 17')[0]!
    const result = fts.searchSync({ q: target.title as string, status: 'all', pageSize: 50 })
    expect(result.hits.map((h) => h.id)).toContain(target.id)
    const tagged = fts.searchSync({ q: 'firmware', status: 'all' })
    expect(tagged.total).toBeGreaterThan(0)
  })
})

describe('bulkThreadWrites', () => {
  it('is all or nothing: a failed write fails the batch, even when the writer goes on', () => {
    const before = contentHash()
    const authorId = one('SELECT min(id) FROM users')
    const insertQuestion = () =>
      db.$client
        .prepare(
          `INSERT INTO questions (author_id, title, slug, body_md, body_html, excerpt, created_at, last_activity_at)
           VALUES (?, 'A question written in a failed batch', 'a-question', 'Body', '<p>Body</p>', 'Body', 1, 1)
           RETURNING id`,
        )
        .pluck()
        .get(authorId) as number
    const thread = (fail: boolean) => () => {
      const questionId = insertQuestion()
      if (fail) throw new Error('the second write fails')
      return {
        questionId,
        change: { type: 'thread.imported' as const, answers: 0, comments: 0 },
        result: questionId,
      }
    }
    expect(() =>
      bulkThreadWrites((options) => {
        startThread({ id: authorId }, thread(false), shape.now, options)
        try {
          startThread({ id: authorId }, thread(true), shape.now, options)
        } catch {
          // a careless bulk writer carries on
        }
        startThread({ id: authorId }, thread(false), shape.now, options)
      }),
    ).toThrow('the second write fails')
    expect(contentHash()).toBe(before)
  })
})
