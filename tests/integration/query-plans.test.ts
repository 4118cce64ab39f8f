// Hot queries cost the same in a big community: list sizes come from counter rows that SQL
// triggers keep, not a count over the community, and the queries use indexes (EXPLAIN QUERY PLAN).
// The counters:
// after any mix of writes they equal what a full count says, and reading one is a key look-up.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions, questionTags, tags } from '#db/schema.ts'
import {
  createAnswer,
  setOfficialAnswer,
  toggleAcceptedAnswer,
} from '#app/models/answers.server.ts'
import { voteToClose } from '#app/models/close-votes.server.ts'
import {
  citizenExperts,
  leaderboard,
  profileCounts,
  recentAnswers,
  reputationTimeline,
  tagExperts,
  topAnswerTags,
} from '#app/models/profiles.server.ts'
import { listQuestions, memberQuestions } from '#app/models/question-lists.server.ts'
import { createQuestion, editQuestion } from '#app/models/questions.server.ts'
import { reputationHistory } from '#app/models/reputation.server.ts'
import { feedQuestions, sitemapBatch, sitemapChunks } from '#app/models/seo.server.ts'
import { listTags } from '#app/models/tags.server.ts'
import { claimQuestion, liveClaims } from '#app/models/staff-claims.server.ts'
import { QUEUE_AGES, QUEUE_STATUSES, staffQueue } from '#app/models/staff-queue.server.ts'
import { withAnswerPreview } from '#app/models/answer-preview.server.ts'
import { topUsers } from '#app/models/users.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { SqliteFtsBackend } from '#search/sqlite-fts.server.ts'
import {
  makeAnswer,
  makeQuestion,
  makeUser,
  pastAnswer,
  pastQuestion,
} from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'

/** What the list would count the slow way: every live question that matches. */
function countedByScan(tab: 'newest' | 'unanswered' | 'resolved', tag?: string) {
  const conditions = [isNull(questions.deletedAt)]
  if (tab === 'unanswered')
    conditions.push(eq(questions.answerCount, 0), eq(questions.status, 'open'))
  if (tab === 'resolved') conditions.push(eq(questions.status, 'resolved'))
  if (tag) {
    const ids = db
      .select({ id: questionTags.questionId })
      .from(questionTags)
      .innerJoin(tags, eq(tags.id, questionTags.tagId))
      .where(eq(tags.name, tag))
    conditions.push(inArray(questions.id, ids))
  }
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(questions)
      .where(and(...conditions))
      .get()?.n ?? 0
  )
}

function expectCountsRight() {
  for (const tag of [undefined, 'hub', 'doorbell', 'wifi', 'nosuchtag']) {
    for (const tab of ['newest', 'unanswered', 'resolved'] as const) {
      expect({ tab, tag, total: listQuestions({ tab, tag }).total }).toEqual({
        tab,
        tag,
        total: countedByScan(tab, tag),
      })
    }
  }
}

describe('list sizes', () => {
  it('follow asks, answers, accepts, tag edits, closes and deletions', () => {
    const asker = makeUser()
    const answerer = makeUser()
    const moderator = makeUser({ role: 'moderator' })
    expectCountsRight()

    const a = makeQuestion(asker, { tags: ['hub', 'wifi'] })
    const b = makeQuestion(asker, { tags: ['doorbell'] })
    const c = makeQuestion(asker, { tags: ['hub'] })
    expectCountsRight()

    const answer = makeAnswer(answerer, a.id)
    makeAnswer(answerer, b.id)
    expectCountsRight()
    toggleAcceptedAnswer(asker, answer.id)
    expectCountsRight()
    toggleAcceptedAnswer(asker, answer.id) // and back
    toggleAcceptedAnswer(asker, answer.id)
    expectCountsRight()

    const current = db.select().from(questions).where(eq(questions.id, c.id)).get()!
    editQuestion(asker, c.id, { title: current.title, body: current.bodyMd, tags: ['doorbell'] })
    expectCountsRight()

    voteToClose(moderator, b.id, { reason: 'off_topic' })
    expectCountsRight()

    db.update(questions).set({ deletedAt: Date.now() }).where(eq(questions.id, a.id)).run()
    expectCountsRight()
    db.update(questions).set({ deletedAt: null }).where(eq(questions.id, a.id)).run()
    expectCountsRight()
  })

  it('are read with one key look-up, whatever the size of the community', () => {
    const plan = db
      .all<{ detail: string }>(
        sql`EXPLAIN QUERY PLAN SELECT n FROM question_counts WHERE scope = ${'tag:1:resolved'}`,
      )
      .map((r) => r.detail)
      .join(' | ')
    expect(plan).toMatch(/SEARCH question_counts USING INDEX sqlite_autoindex_question_counts_1/)
    expect(plan).not.toMatch(/SCAN/)
  })
})

describe("a member's profile", () => {
  it('reads their counts of questions, answers, accepted and official answers by key', () => {
    const member = makeUser()
    const asker = makeUser()
    const q = makeQuestion(asker)
    const a = makeAnswer(member, q.id)
    toggleAcceptedAnswer(asker, a.id)
    let counts: ReturnType<typeof profileCounts> | undefined
    const plans = plansOf(() => {
      counts = profileCounts(member.id)
    })
    expect(counts).toMatchObject({ answers: 1, accepted: 1, official: 0 })
    expect(plans).toHaveLength(1)
    // One row kept by triggers (migration 0025): the busiest member costs what anyone does.
    expect(plans[0]!.plan).toBe('SEARCH member_counts USING INTEGER PRIMARY KEY (rowid=?)')
  })
})

/**
 * Every SELECT `run` executes, with its plan; none may scan a community table (questions,
 * answers, votes, users, comments, question_tags) or full-text postings, nor sort a whole
 * range (sorting ties of the last ORDER BY term is fine: LIMIT stops it). The one sort allowed
 * is of a page's own rows (its questions' tags by name).
 */
function expectNoScans(run: () => void) {
  const plans = plansOf(run)
  expect(plans.length).toBeGreaterThan(0)
  for (const { sql: text, plan } of plans) {
    const sorts = /"question_id" in \(/.test(text)
      ? []
      : plan.split(' | ').filter((step) => /^USE TEMP B-TREE FOR (ORDER|GROUP) BY/.test(step))
    expect({
      sql: text,
      scans: scansIn(plan, ['q', 'a', 'u', 'qt', 'ta', 'd', 'w']),
      sorts,
    }).toEqual({ sql: text, scans: [], sorts: [] })
  }
  return plans
}

describe('hot list queries use indexes and counters, never a scan of the community', () => {
  // A small community across several days, so that deep pages take the bucket path.
  const DAY = 86_400_000
  const T0 = Date.UTC(2026, 1, 1)
  const asker = makeUser()
  const expert = makeUser()
  const ids: number[] = []
  for (let i = 0; i < 30; i++) {
    ids.push(
      pastQuestion(
        asker,
        {
          title: `Why does the hub lose its schedule number ${i}?`,
          body: 'After a power cut the hub forgets every schedule I made in the app.',
          tags: i % 2 ? ['hub', 'schedules'] : ['hub'],
        },
        T0 + i * (DAY / 3),
      ).id,
    )
  }
  for (const id of ids.slice(0, 12)) {
    const answer = pastAnswer(
      expert,
      id,
      'Schedules live in the cloud: sign in again and they sync back.',
      T0 + 20 * DAY,
    )
    if (id % 3 === 0) toggleAcceptedAnswer(asker, answer.id, T0 + 21 * DAY)
  }
  castVote(makeUser({ role: 'staff' }), 'answer', ids[0]!, 'up')

  it('/questions, / and /tags/:tag: every tab, with and without a tag, first to past the last page', () => {
    const plans = expectNoScans(() => {
      for (const tab of ['newest', 'active', 'unanswered', 'resolved'] as const) {
        for (const tag of [undefined, 'hub', 'schedules']) {
          const { pageCount } = listQuestions({ tab, tag, pageSize: 4 })
          for (const page of [1, 2, Math.ceil(pageCount / 2), pageCount, pageCount + 1]) {
            listQuestions({ tab, tag, page, pageSize: 4 })
          }
        }
      }
    })
    // The page seeks: one per list, on that list's own covering index, and no sort.
    const seeks = plans.filter((p) => /INDEXED BY/.test(p.sql))
    expect(seeks.length).toBeGreaterThanOrEqual(16)
    for (const { plan } of seeks) {
      expect(plan).toMatch(/^SEARCH (questions|question_tags) USING COVERING INDEX \w+ \(/)
      expect(plan).not.toMatch(/TEMP B-TREE/)
    }
    // The day counts: a key range of list_buckets.
    const buckets = plans.filter((p) => /list_buckets/.test(p.sql))
    expect(buckets).toHaveLength(2) // read from the newest end, and from the oldest
    for (const { plan } of buckets) {
      expect(plan).toMatch(/SEARCH list_buckets USING PRIMARY KEY \(scope=\? AND sort=\?\)/)
    }
  })

  it('a member profile: counts, questions, answers, top tags, reputation', () => {
    expectNoScans(() => {
      profileCounts(expert.id)
      memberQuestions(asker.id, { pageSize: 10 })
      memberQuestions(asker.id, { page: 2, pageSize: 10 })
      recentAnswers(expert.id, 10)
      topAnswerTags([expert.id], 5)
      reputationTimeline(expert.id)
      reputationHistory(expert.id, 15)
    })
  })

  it("/experts (week, month, all time), the home page's experts and a tag's top answerers", () => {
    const plans = expectNoScans(() => {
      leaderboard('week')
      leaderboard('month')
      leaderboard('all')
      citizenExperts(1000)
      topUsers(8)
      tagExperts('hub')
    })
    const windows = plans.find((p) => /FROM reputation_windows/.test(p.sql))
    expect(windows?.plan).toMatch(/SEARCH w USING COVERING INDEX reputation_windows_rank_idx/)
    const experts = plans.find((p) => /FROM tags t JOIN tag_answerers/.test(p.sql))
    expect(experts?.plan).toMatch(/SEARCH ta USING INDEX tag_answerers_rank_idx \(tag_id=\?\)/)
    expect(experts?.plan).not.toMatch(/TEMP B-TREE/)
  })

  it('similar questions, learned ranking: one MATCH for the pool, its texts and vectors by key', () => {
    const fts = new SqliteFtsBackend(db)
    let pool: ReturnType<SqliteFtsBackend['similarCandidatesSync']> = []
    const plans = plansOf(() => {
      pool = fts.similarCandidatesSync({ text: 'hub forgets schedules after a power cut' }, 50)
    })
    expect(pool.length).toBeGreaterThan(10)
    // The pool: the only look-up that ranks by MATCH, on the full-text index.
    const ranked = plans.filter((p) => /MATCH/.test(p.sql) && /bm25\(/.test(p.sql))
    expect(ranked).toHaveLength(1)
    expect(ranked[0]!.plan).toMatch(/SCAN search_fts VIRTUAL TABLE INDEX 0:M/)
    expect(ranked[0]!.plan).toMatch(/SEARCH q USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    // The texts of the pool: by rowid, no MATCH (FTS5 would run the query again per candidate).
    const texts = plans.filter((p) => /substr\(answers/.test(p.sql))
    expect(texts).toHaveLength(1)
    expect(texts[0]!.sql).not.toMatch(/MATCH/)
    expect(texts[0]!.plan).toMatch(/^SCAN search_fts VIRTUAL TABLE INDEX 0:=/)
    // The stored vectors: by primary key.
    const vectors = plans.find((p) => /FROM question_vectors/.test(p.sql))
    expect(scansIn(vectors!.plan)).toEqual([])
    expect(vectors!.plan).toMatch(/^SEARCH question_vectors USING/)
  })

  it("similar questions whose every word is common: ranked on the newest threads' index", () => {
    // A budget of one posting: every word of the look-up is "common".
    const fts = new SqliteFtsBackend(db, { candidateBudget: 1 })
    let pool: ReturnType<SqliteFtsBackend['similarCandidatesSync']> = []
    const plans = plansOf(() => {
      pool = fts.similarCandidatesSync({ text: 'hub forgets schedules after a power cut' }, 50)
    })
    expect(pool.length).toBeGreaterThan(0)
    const ranked = plans.filter((p) => /MATCH/.test(p.sql) && /bm25\(/.test(p.sql))
    expect(ranked).toHaveLength(1)
    expect(ranked[0]!.plan).toMatch(/SCAN search_fts_recent VIRTUAL TABLE INDEX 0:M/)
    expect(ranked[0]!.sql).not.toMatch(/\bsearch_fts\b/)
  })

  it("a thread's write keeps the newest threads' index by key and by a range of rowids", () => {
    const asker = makeUser()
    const plans = plansOf(() => makeQuestion(asker, { title: 'Hub forgets its scenes at night' }), {
      writes: true,
    })
    const recent = plans.filter((p) => /search_fts_recent/.test(p.sql))
    expect(recent.map((p) => p.plan)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/VIRTUAL TABLE INDEX 0:=/),
        expect.stringMatching(/VIRTUAL TABLE INDEX 0:</),
      ]),
    )
    for (const p of recent) expect(p.plan).not.toMatch(/VIRTUAL TABLE INDEX 0:$/)
  })

  it('/tags, sitemaps and feeds', () => {
    expectNoScans(() => {
      listTags({ sort: 'popular' })
      listTags({ sort: 'popular', page: 2, pageSize: 1 })
      listTags({ sort: 'name', page: 2, pageSize: 1 })
      sitemapChunks()
      sitemapBatch(1, 0)
      sitemapBatch(1, ids[10]!)
      feedQuestions()
      feedQuestions({ tag: 'schedules' })
    })
  })
})

describe('the answer preview of the best resolved similar thread', () => {
  it('is one query: the question by its key, then its official and accepted answers by theirs', () => {
    const asker = makeUser()
    const question = makeQuestion(asker)
    // A long thread: the look-up must not read every answer of it.
    const answerIds = Array.from({ length: 12 }, () => makeAnswer(makeUser(), question.id).id)
    toggleAcceptedAnswer(asker, answerIds[3]!)
    setOfficialAnswer(makeUser({ role: 'staff' }), answerIds[7]!, true)
    const hit = {
      id: question.id,
      slug: question.slug,
      title: 'How do I reset the router?',
      status: 'resolved' as const,
      resolved: true,
      official: true,
      answerCount: 12,
    }
    let preview: ReturnType<typeof withAnswerPreview> = []
    const plans = plansOf(() => {
      preview = withAnswerPreview([hit])
    })
    expect(preview[0]!.answerPreview?.answerId).toBe(answerIds[7])
    expect(plans).toHaveLength(1)
    const { plan } = plans[0]!
    expect(plan).toMatch(/SEARCH q USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(plan).toMatch(/SEARCH a USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(plan).not.toMatch(/answers_question_idx/)
    expect(scansIn(plan, ['q', 'a'])).toEqual([])
    // The one sort is of those two rows at most (official first).
  })
})

describe('the post limits (post-limits.server.ts) read an author’s recent posts by index', () => {
  it("seek the author's questions and answers, never a scan of either table", () => {
    const DAY = 86_400_000
    const T0 = Date.UTC(2026, 3, 1)
    const busy = makeUser({ reputation: 500 })
    const newcomer = makeUser()
    // A history for the busy member, so the planner has rows to choose among.
    for (let i = 0; i < 20; i++) {
      const q = pastQuestion(
        busy,
        {
          title: `How do I pair sensor number ${i} with the hub?`,
          body: `Sensor ${i} blinks red and never shows up in the app.`,
          tags: ['hub'],
        },
        T0 - i * DAY,
      )
      pastAnswer(busy, q.id, `Hold the sensor's button for ten seconds, sensor ${i}.`, T0 - i * DAY)
    }
    const target = makeQuestion(makeUser())
    const plans = plansOf(() => {
      createQuestion(
        newcomer,
        {
          title: 'Why does the doorbell chime twice?',
          body: 'Every press rings twice since the firmware update last week.',
          tags: ['doorbell'],
        },
        T0,
      )
      createAnswer(busy, target.id, 'Turn off the double chime in the doorbell settings.', T0)
    })
    const limits = plans.filter(
      (p) => /"author_id" = \?/.test(p.sql) && /"created_at" > \?/.test(p.sql),
    )
    const tableOf = (text: string) => text.match(/from "(\w+)"/)?.[1]
    const sameText = limits.filter((p) => /"body_fingerprint" = \?/.test(p.sql))
    const daily = limits.filter((p) => !sameText.includes(p))
    // The same text, as a question or an answer: one look-up in each table's fingerprint index.
    expect(sameText.map((p) => tableOf(p.sql)).sort()).toEqual(['answers', 'questions'])
    // The newcomer's daily count: their newest questions, a few rows by index.
    expect(daily.map((p) => tableOf(p.sql))).toEqual(['questions'])
    for (const { sql: text, plan } of limits) {
      expect({ text, scans: scansIn(plan) }).toEqual({ text, scans: [] })
    }
    for (const { plan } of sameText) {
      expect(plan).toMatch(/USING (COVERING )?INDEX (questions|answers)_author_fingerprint_idx/)
    }
    expect(daily[0]!.plan).toMatch(/SEARCH questions USING (COVERING )?INDEX questions_author_/)
  })
})

describe('the staff queue (/staff) and its claims read a page by index, whatever the community', () => {
  it('every status, with and without a tag, every age, first, next and previous pages', () => {
    const HOUR = 3_600_000
    const T0 = Date.UTC(2026, 5, 1)
    const asker = makeUser()
    const staff = makeUser({ role: 'staff' })
    const ids: number[] = []
    for (let i = 0; i < 24; i++) {
      const q = pastQuestion(
        asker,
        {
          title: `Why does the thermostat drop the schedule number ${i}?`,
          body: 'The thermostat forgets its schedule every night and heats at 3 am.',
          tags: i % 2 ? ['thermostat', 'schedules'] : ['thermostat'],
        },
        T0 + i * HOUR,
      )
      ids.push(q.id)
      if (i % 3 === 0)
        pastAnswer(
          staff,
          q.id,
          'Update the firmware: the schedule bug is fixed.',
          T0 + i * HOUR + 1,
        )
    }
    claimQuestion(staff, ids[1]!, T0 + 30 * HOUR)
    const now = T0 + 30 * HOUR
    const plans = expectNoScans(() => {
      for (const status of QUEUE_STATUSES) {
        for (const tag of [undefined, 'thermostat']) {
          for (const age of QUEUE_AGES) {
            const first = staffQueue({ now, status, tag, age, pageSize: 4 })
            if (first.newer) {
              const next = staffQueue({ now, status, tag, age, pageSize: 4, after: first.newer })
              if (next.older) staffQueue({ now, status, tag, age, pageSize: 4, before: next.older })
            }
          }
        }
      }
      liveClaims(ids.slice(0, 6), now)
    })
    // The page seeks: each on its partial index, in order (no sort), by a range of created_at.
    const seeks = plans.filter((p) => /INDEXED BY (questions|question_tags)_/.test(p.sql))
    expect(seeks.length).toBeGreaterThanOrEqual(8)
    const claimed = plans.find((p) => /FROM answers INDEXED BY answers_author_idx/.test(p.sql))
    expect(claimed?.plan).toMatch(/^SEARCH answers USING INDEX answers_author_idx/)
    for (const { plan } of seeks) {
      expect(plan).toMatch(
        /^SEARCH (questions|qt) USING (COVERING )?INDEX (questions_(waiting|unanswered|escalated)_created_idx|question_tags_(waiting|unanswered)_created_idx) \(/,
      )
      expect(plan).not.toMatch(/TEMP B-TREE/)
    }
  })
})
