// The counters that 0008's triggers keep equal what a full recount says after every kind of
// write: a tag's answerers, the reputation windows of /experts, the sitemap files, /tags.
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { leaderboard, tagExperts, topAnswerTags } from '#app/models/profiles.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { sitemapChunks } from '#app/models/seo.server.ts'
import { listTags } from '#app/models/tags.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

const DAY = 86_400_000

function expectTagAnswerersRight() {
  const counted = db.all(sql`
    SELECT qt.tag_id AS tagId, a.author_id AS userId, count(*) AS answers, sum(a.score) AS score,
      sum(q.accepted_answer_id IS a.id) AS accepted
    FROM answers a JOIN questions q ON q.id = a.question_id JOIN question_tags qt ON qt.question_id = q.id
    WHERE a.deleted_at IS NULL AND q.deleted_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2`)
  const kept = db.all(sql`
    SELECT tag_id AS tagId, user_id AS userId, answers, score, accepted FROM tag_answerers
    WHERE answers <> 0 OR score <> 0 OR accepted <> 0 ORDER BY 1, 2`)
  expect(kept).toEqual(counted)
}

describe("a tag's answerers", () => {
  it('follow answers, votes, accepts, deletions and tag edits', () => {
    const asker = makeUser()
    const [ana, ben] = [makeUser(), makeUser()]
    const voter = makeUser({ role: 'staff' })
    const q1 = makeQuestion(asker, { tags: ['thermostat', 'schedules'] })
    const q2 = makeQuestion(asker, { tags: ['thermostat'] })
    const a1 = makeAnswer(ana, q1.id)
    const a2 = makeAnswer(ben, q1.id)
    const a3 = makeAnswer(ana, q2.id)
    expectTagAnswerersRight()

    castVote(voter, 'answer', a1.id, 'up')
    castVote(makeUser({ role: 'staff' }), 'answer', a3.id, 'up')
    castVote(makeUser({ role: 'staff' }), 'answer', a2.id, 'down')
    toggleAcceptedAnswer(asker, a2.id)
    toggleAcceptedAnswer(asker, a1.id) // the mark moves from ben to ana
    setOfficialAnswer(makeUser({ role: 'staff' }), a3.id, true)
    expectTagAnswerersRight()
    expect(tagExperts('thermostat')).toMatchObject([
      { id: ana.id, answers: 2, score: 2, accepted: 1 },
      { id: ben.id, answers: 1, score: -1, accepted: 0 },
    ])
    expect(topAnswerTags([ana.id]).get(ana.id)).toEqual([
      { tag: 'thermostat', answers: 2, score: 2 },
      { tag: 'schedules', answers: 1, score: 1 },
    ])

    // q1 changes tags: its answers leave 'schedules' and join 'wifi'.
    const title = 'How do I keep the thermostat schedule after a reset?'
    const body = 'Every time the power drops the schedule is gone and I have to set it up.'
    editQuestion(asker, q1.id, { title, body, tags: ['thermostat', 'wifi'] })
    expectTagAnswerersRight()
    expect(tagExperts('schedules')).toEqual([])

    // Deleting an answer, then its question, then bringing the question back.
    db.run(sql`UPDATE answers SET deleted_at = ${Date.now()} WHERE id = ${a3.id}`)
    expectTagAnswerersRight()
    db.run(sql`UPDATE questions SET deleted_at = ${Date.now()} WHERE id = ${q1.id}`)
    expectTagAnswerersRight()
    expect(tagExperts('thermostat')).toEqual([])
    db.run(sql`UPDATE questions SET deleted_at = NULL WHERE id = ${q1.id}`)
    expectTagAnswerersRight()
  })
})

describe("/experts' week and month", () => {
  it('hold what the ledger gained in the window, and let go of the days that leave it', () => {
    const now = Date.now()
    const [recent, older, oldest] = [makeUser(), makeUser(), makeUser()]
    const q = makeQuestion(makeUser(), { tags: ['doorbell'] })
    const answers = [recent, older, oldest].map((u) => makeAnswer(u, q.id))
    castVote(makeUser({ role: 'staff' }), 'answer', answers[0]!.id, 'up', now)
    castVote(makeUser({ role: 'staff' }), 'answer', answers[1]!.id, 'up', now - 10 * DAY)
    castVote(makeUser({ role: 'staff' }), 'answer', answers[2]!.id, 'up', now - 40 * DAY)

    const mine = new Set([recent.id, older.id, oldest.id])
    const gained = (period: 'week' | 'month', at = now) =>
      Object.fromEntries(
        leaderboard(period, 25, at)
          .filter((u) => mine.has(u.id))
          .map((u) => [u.id, u.gained]),
      )
    expect(gained('week')).toEqual({ [recent.id]: 10 })
    expect(gained('month')).toEqual({ [recent.id]: 10, [older.id]: 10 })
    expect(leaderboard('week', 25, now).find((u) => u.id === recent.id)).toMatchObject({
      topTags: ['doorbell'],
    })

    // The windows as a recount of the ledger over their days says.
    const recount = (period: 'week' | 'month') =>
      db.all(sql`
        SELECT e.user_id AS userId, sum(e.amount) AS gained FROM reputation_events e
        JOIN reputation_window_state s ON s.period = ${period}
        WHERE e.created_at / 86400000 > s.through_day - s.days AND e.created_at / 86400000 <= s.through_day
        GROUP BY 1 HAVING sum(e.amount) <> 0 ORDER BY 1`)
    const kept = (period: 'week' | 'month') =>
      db.all(sql`SELECT user_id AS userId, gained FROM reputation_windows
                 WHERE period = ${period} AND gained <> 0 ORDER BY 1`)
    expect(kept('week')).toEqual(recount('week'))
    expect(kept('month')).toEqual(recount('month'))

    // 25 days on (the windows move forward on the first read or ledger row of the new day).
    const later = now + 25 * DAY
    expect(gained('week', later)).toEqual({})
    expect(gained('month', later)).toEqual({ [recent.id]: 10 })
    castVote(makeUser({ role: 'staff' }), 'answer', answers[2]!.id, 'down', later)
    expect(kept('week')).toEqual(recount('week'))
    expect(kept('month')).toEqual(recount('month'))
    expect(gained('week', later)).toEqual({})
    // A day the windows moved past is summed from the day rows instead.
    expect(gained('week', now)).toEqual({ [recent.id]: 10 })
  })
})

describe('the sitemap index and /tags', () => {
  it('count what is live', () => {
    const asker = makeUser()
    const before = listTags().total
    const q = makeQuestion(asker, { tags: ['brand-new-tag'] })
    expect(listTags().total).toBe(before + 1)
    expect(listTags({ sort: 'name' }).items.map((t) => t.name)).toContain('brand-new-tag')

    const live = () =>
      db.get<{ n: number }>(sql`SELECT count(*) AS n FROM questions WHERE deleted_at IS NULL`)!.n
    const kept = () => db.get<{ n: number }>(sql`SELECT sum(n) AS n FROM sitemap_chunks`)!.n
    expect(kept()).toBe(live())
    const chunk = sitemapChunks()[0]!
    db.run(sql`UPDATE questions SET deleted_at = ${chunk.lastmod + 1000} WHERE id = ${q.id}`)
    expect(kept()).toBe(live())
    // A deletion changes the file: its lastmod moves forward.
    expect(sitemapChunks()[0]!.lastmod).toBe(chunk.lastmod + 1000)
  })
})
