// Every page of every list (tab × tag) is the slice a plain sorted query would give, on a
// community spread over several days, through asks, answers (activity), accepts, tag edits,
// deletions and undeletions; and the day counters the pages seek by match a full recount.
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { listQuestions, memberQuestions } from '#app/models/question-lists.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { makeUser, pastAnswer, pastQuestion } from '#tests/fixtures/factories.ts'
import type { QuestionTab } from '#app/validation/lists.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 2, 1, 6)
const TABS: QuestionTab[] = ['newest', 'active', 'unanswered', 'resolved']
const TAGS = [undefined, 'hub', 'doorbell', 'nosuchtag']

/** The whole list, sorted the slow way: every live question that matches. */
function expectedIds(tab: QuestionTab, tag?: string): number[] {
  const key = tab === 'active' ? sql.raw('q.last_activity_at') : sql.raw('q.created_at')
  const state =
    tab === 'unanswered'
      ? sql`AND q.answer_count = 0 AND q.status = 'open'`
      : tab === 'resolved'
        ? sql`AND q.status = 'resolved'`
        : sql``
  const tagged = tag
    ? sql`AND q.id IN (SELECT qt.question_id FROM question_tags qt JOIN tags t ON t.id = qt.tag_id WHERE t.name = ${tag})`
    : sql``
  return db
    .all<{ id: number }>(
      sql`SELECT q.id FROM questions q NOT INDEXED WHERE q.deleted_at IS NULL ${state} ${tagged}
          ORDER BY ${key} DESC, q.id DESC`,
    )
    .map((r) => r.id)
}

function expectEveryPageRight(pageSize: number) {
  for (const tag of TAGS) {
    for (const tab of TABS) {
      const all = expectedIds(tab, tag)
      const pageCount = Math.max(1, Math.ceil(all.length / pageSize))
      for (let page = 1; page <= pageCount + 1; page++) {
        const list = listQuestions({ tab, tag, page, pageSize })
        expect({ tab, tag, page, ids: list.items.map((q) => q.id) }).toEqual({
          tab,
          tag,
          page,
          ids: all.slice((page - 1) * pageSize, page * pageSize),
        })
        expect(list).toMatchObject({ total: all.length, pageCount })
      }
    }
  }
}

/** list_buckets as a recount from the rows would make it (zero rows left out). */
function expectBucketsRight() {
  const counted = db.all(sql`
    SELECT scope, sort, day, count(*) AS n FROM (
      SELECT 'all' AS scope, 'newest' AS sort, created_at / 86400000 AS day FROM questions WHERE deleted_at IS NULL
      UNION ALL SELECT 'all', 'active', last_activity_at / 86400000 FROM questions WHERE deleted_at IS NULL
      UNION ALL SELECT 'unanswered', 'newest', created_at / 86400000 FROM questions
        WHERE deleted_at IS NULL AND answer_count = 0 AND status = 'open'
      UNION ALL SELECT 'resolved', 'newest', created_at / 86400000 FROM questions
        WHERE deleted_at IS NULL AND status = 'resolved'
      UNION ALL SELECT 'tag:' || qt.tag_id, 'newest', q.created_at / 86400000 FROM question_tags qt
        JOIN questions q ON q.id = qt.question_id WHERE q.deleted_at IS NULL
      UNION ALL SELECT 'tag:' || qt.tag_id, 'active', q.last_activity_at / 86400000 FROM question_tags qt
        JOIN questions q ON q.id = qt.question_id WHERE q.deleted_at IS NULL
      UNION ALL SELECT 'tag:' || qt.tag_id || ':unanswered', 'newest', q.created_at / 86400000 FROM question_tags qt
        JOIN questions q ON q.id = qt.question_id
        WHERE q.deleted_at IS NULL AND q.answer_count = 0 AND q.status = 'open'
      UNION ALL SELECT 'tag:' || qt.tag_id || ':resolved', 'newest', q.created_at / 86400000 FROM question_tags qt
        JOIN questions q ON q.id = qt.question_id WHERE q.deleted_at IS NULL AND q.status = 'resolved'
    ) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
  const kept = db.all(
    sql`SELECT scope, sort, day, n FROM list_buckets WHERE n <> 0 ORDER BY scope, sort, day`,
  )
  expect(kept).toEqual(counted)
}

const draft = (i: number, tags: string[]) => ({
  title: `How do I keep device number ${i} online overnight?`,
  body: 'It drops off the network every night around two and comes back in the morning.',
  tags,
})

describe('list pages', () => {
  it('are the slices of the sorted list, on every page, through every kind of write', () => {
    const asker = makeUser()
    const answerer = makeUser()
    const tagSets = [['hub'], ['doorbell'], ['hub', 'doorbell'], ['wifi']]
    // 40 questions over 10 days, several in the same millisecond (ties break by id).
    const ids: number[] = []
    for (let i = 0; i < 40; i++) {
      const at = T0 + Math.floor(i / 4) * DAY + (i % 4 === 3 ? 0 : (i % 4) * 3_600_000)
      ids.push(pastQuestion(asker, draft(i, tagSets[i % 4]!), at).id)
    }
    expectBucketsRight()
    expectEveryPageRight(3)

    // Answers lift old questions to later days in "active"; some get accepted (resolved).
    for (const [n, i] of [3, 7, 8, 15, 22, 30, 31].entries()) {
      const answer = pastAnswer(
        answerer,
        ids[i]!,
        'Give it a fixed address in the router and turn off band steering.',
        T0 + (12 + (n % 3)) * DAY,
      )
      if (n % 2 === 0) toggleAcceptedAnswer(asker, answer.id, T0 + 15 * DAY)
    }
    expectBucketsRight()
    expectEveryPageRight(3)

    // Tags move: a question leaves one tag's lists and joins another's.
    editQuestion(asker, ids[2]!, draft(2, ['doorbell']))
    editQuestion(asker, ids[7]!, draft(7, ['hub', 'wifi']))
    // Deleted questions leave every list; undeleted ones come back where they were.
    for (const i of [0, 5, 8, 39]) {
      db.run(sql`UPDATE questions SET deleted_at = ${T0 + 20 * DAY} WHERE id = ${ids[i]!}`)
    }
    expectBucketsRight()
    expectEveryPageRight(3)
    expectEveryPageRight(7)
    db.run(sql`UPDATE questions SET deleted_at = NULL WHERE id = ${ids[8]!}`)
    expectBucketsRight()
    expectEveryPageRight(4)

    // A question removed for good (with its tags) leaves no count behind.
    db.run(sql`DELETE FROM question_tags WHERE question_id = ${ids[1]!}`)
    db.run(sql`DELETE FROM questions WHERE id = ${ids[1]!}`)
    expectBucketsRight()
    expectEveryPageRight(5)
  })

  it("a member's questions, newest first, without their deleted ones", () => {
    const member = makeUser()
    const ids = [0, 1, 2, 3].map((i) => pastQuestion(member, draft(i, ['hub']), T0 + i).id)
    db.run(sql`UPDATE questions SET deleted_at = ${T0} WHERE id = ${ids[1]!}`)
    expect(memberQuestions(member.id, { pageSize: 2 }).map((q) => q.id)).toEqual([ids[3], ids[2]])
    expect(memberQuestions(member.id, { page: 2, pageSize: 2 }).map((q) => q.id)).toEqual([ids[0]])
  })
})
