// Hot queries cost the same in a big community: list sizes come from counter rows that SQL
// triggers keep, not a count over the community, and the queries use indexes (EXPLAIN QUERY PLAN).
// The counters:
// after any mix of writes they equal what a full count says, and reading one is a key look-up.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions, questionTags, tags } from '#db/schema.ts'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { voteToClose } from '#app/models/close-votes.server.ts'
import { profileCounts } from '#app/models/profiles.server.ts'
import { listQuestions } from '#app/models/question-lists.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { plansOf } from '#tests/fixtures/query-plans.ts'

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

  it("a tag's newest questions come off its index, with no sort and no scan of questions", () => {
    const asker = makeUser()
    for (let i = 0; i < 3; i++) makeQuestion(asker, { tags: ['thermostat', 'hub'] })
    const plans = plansOf(() => {
      for (const tab of ['newest', 'unanswered', 'resolved'] as const) {
        const list = listQuestions({ tab, tag: 'thermostat' })
        if (tab === 'newest') {
          const times = list.items.map((q) => q.createdAt)
          expect(times).toEqual([...times].sort((x, y) => y - x))
        }
      }
    })
    const listPlans = plans.filter((p) => p.sql.includes('question_created_at'))
    expect(listPlans).toHaveLength(3)
    for (const { plan } of listPlans) {
      expect(plan).toMatch(
        /SEARCH question_tags USING (COVERING )?INDEX question_tags_tag_created_idx/,
      )
      expect(plan).not.toMatch(/SCAN|TEMP B-TREE/)
    }
  })
})

describe("a member's profile", () => {
  it('counts their questions, answers, accepted and official answers without a scan', () => {
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
    expect(plans[0]!.plan).toMatch(/questions_accepted_answer_idx/)
    expect(plans[0]!.plan).toMatch(/questions_official_answer_idx/)
    expect(plans[0]!.plan).not.toMatch(/SCAN (q|questions|answers|a)\b/)
  })
})
