import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { deletePost, undeletePost } from '#app/models/deletion.server.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import {
  citizenExperts,
  leaderboard,
  profileCounts,
  recentAnswers,
  reputationTimeline,
  tagExperts,
} from '#app/models/profiles.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { action as editProfile } from '#app/routes/users_.$handle.edit.tsx'
import { startSession } from '#app/lib/auth.server.ts'
import { getUserByHandle } from '#app/models/users.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'

const DAY = 24 * 3600 * 1000

describe('profiles', () => {
  it('counts answers, accepted and official answers, and lists recent answers with their marks', () => {
    const expert = makeUser()
    const asker = makeUser()
    const staff = makeUser({ role: 'staff' })
    const q1 = makeQuestion(asker, { tags: ['hub'] })
    const q2 = makeQuestion(asker, { tags: ['doorbell'] })
    const a1 = makeAnswer(expert, q1.id)
    const a2 = makeAnswer(expert, q2.id)
    toggleAcceptedAnswer(asker, a1.id)
    setOfficialAnswer(staff, a2.id, true)
    expect(profileCounts(expert.id)).toEqual({ questions: 0, answers: 2, accepted: 1, official: 1 })
    const recent = recentAnswers(expert.id)
    expect(recent.map((a) => [a.id, a.accepted, a.official])).toEqual([
      [a2.id, false, true],
      [a1.id, true, false],
    ])
  })

  it('keeps the counts true through accepts, official marks, deletions and undeletions', () => {
    // The counting the stored figures replace (migration 0025's triggers keep member_counts).
    const recount = (userId: number) =>
      db
        .select({
          questions: sql<number>`(select count(*) from questions where author_id = ${userId} and deleted_at is null)`,
          answers: sql<number>`(select count(*) from answers where author_id = ${userId} and deleted_at is null)`,
          accepted: sql<number>`(select count(*) from answers a join questions q on q.accepted_answer_id = a.id where a.author_id = ${userId} and a.deleted_at is null)`,
          official: sql<number>`(select count(*) from answers a join questions q on q.official_answer_id = a.id where a.author_id = ${userId} and a.deleted_at is null)`,
        })
        .from(sql`(select 1)`)
        .get()
    const expert = makeUser()
    const asker = makeUser()
    const staff = makeUser({ role: 'staff' })
    const moderator = makeUser({ role: 'moderator' })
    const same = () => {
      for (const who of [expert, asker, staff])
        expect(profileCounts(who.id)).toEqual(recount(who.id))
    }
    const questions = [1, 2, 3].map(() => makeQuestion(asker, { tags: ['hub'] }))
    const answersGiven = questions.map((q) => makeAnswer(expert, q.id))
    makeAnswer(staff, questions[0]!.id)
    same()
    toggleAcceptedAnswer(asker, answersGiven[0]!.id)
    setOfficialAnswer(staff, answersGiven[1]!.id, true)
    setOfficialAnswer(staff, answersGiven[0]!.id, true)
    expect(profileCounts(expert.id)).toEqual({ questions: 0, answers: 3, accepted: 1, official: 2 })
    same()
    toggleAcceptedAnswer(asker, answersGiven[0]!.id) // unaccepted
    deletePost(moderator, { type: 'answer', id: answersGiven[1]!.id }, 'spam')
    deletePost(moderator, { type: 'question', id: questions[2]!.id }, 'duplicate')
    expect(profileCounts(expert.id)).toEqual({ questions: 0, answers: 2, accepted: 0, official: 1 })
    expect(profileCounts(asker.id).questions).toBe(2)
    same()
    undeletePost(moderator, { type: 'answer', id: answersGiven[1]!.id })
    undeletePost(moderator, { type: 'question', id: questions[2]!.id })
    same()
    expect(profileCounts(expert.id)).toEqual({ questions: 0, answers: 3, accepted: 0, official: 2 })
  })

  it('charts reputation as a running total per day', () => {
    const author = makeUser()
    const voter = makeUser({ role: 'staff' })
    const q = makeQuestion(makeUser())
    const a = makeAnswer(author, q.id)
    const day1 = Date.UTC(2026, 0, 10, 12)
    castVote(voter, 'answer', a.id, 'up', day1)
    castVote(voter, 'answer', a.id, 'up', day1 + DAY) // undone the next day
    castVote(voter, 'answer', a.id, 'up', day1 + 2 * DAY)
    const points = reputationTimeline(author.id)
    expect(points.map((p) => p.reputation)).toEqual([10, 1, 10])
    expect(points[1]!.day - points[0]!.day).toBe(DAY)
  })

  it("draws a long history at the chart's width: its first day, then the last of each span of time", () => {
    const author = makeUser()
    const a = makeAnswer(author, makeQuestion(makeUser()).id)
    const day0 = Date.UTC(2026, 0, 10, 12)
    for (let d = 0; d < 12; d++)
      castVote(makeUser({ role: 'staff' }), 'answer', a.id, 'up', day0 + d * DAY)
    const now = day0 + 11 * DAY
    expect(reputationTimeline(author.id, { now })).toHaveLength(12)
    // Four spans of 2.75 days: days 0–2, 3–5, 6–8, 9–11.
    const points = reputationTimeline(author.id, { now, maxPoints: 4 })
    expect(points.map((p) => p.reputation)).toEqual([10, 30, 60, 90, 120])
    expect(points[0]!.day).toBe(Date.UTC(2026, 0, 10))
    expect(points.at(-1)!.reputation).toBe(reload(author).reputation)
  })
})

describe('experts', () => {
  it('ranks customers by reputation gained in the period, with their top tags; staff are not listed', () => {
    const now = Date.UTC(2026, 5, 30)
    const recent = makeUser()
    const old = makeUser()
    const staffAnswerer = makeUser({ role: 'staff' })
    const voter = makeUser({ role: 'staff' })
    const q = makeQuestion(makeUser(), { tags: ['thermostat'] })
    const oldAnswer = makeAnswer(old, q.id)
    const recentAnswer = makeAnswer(recent, q.id)
    const staffAnswer = makeAnswer(staffAnswerer, q.id)
    castVote(voter, 'answer', oldAnswer.id, 'up', now - 20 * DAY)
    castVote(voter, 'answer', recentAnswer.id, 'up', now - 2 * DAY)
    castVote(makeUser({ role: 'admin' }), 'answer', staffAnswer.id, 'up', now - DAY)

    const week = leaderboard('week', 25, now)
    expect(week.map((u) => u.id)).toContain(recent.id)
    expect(week.map((u) => u.id)).not.toContain(old.id)
    expect(week.map((u) => u.id)).not.toContain(staffAnswerer.id)
    expect(week.find((u) => u.id === recent.id)).toMatchObject({
      gained: 10,
      topTags: ['thermostat'],
    })
    expect(leaderboard('month', 25, now).map((u) => u.id)).toEqual(
      expect.arrayContaining([recent.id, old.id]),
    )
  })

  it('lists citizen experts from 1 000 reputation and the top answerers of a tag', () => {
    const expert = makeUser({ reputation: 1000 })
    const almost = makeUser({ reputation: 999 })
    expect(citizenExperts(1000).map((u) => u.id)).toContain(expert.id)
    expect(citizenExperts(1000).map((u) => u.id)).not.toContain(almost.id)

    const q = makeQuestion(makeUser(), { tags: ['billing'] })
    const good = makeAnswer(expert, q.id)
    makeAnswer(almost, q.id)
    castVote(makeUser({ role: 'staff' }), 'answer', good.id, 'up')
    const top = tagExperts('billing')
    expect(top[0]).toMatchObject({ id: expert.id, answers: 1, score: 1 })
    expect(top.map((u) => u.id)).toEqual([expert.id, almost.id])
  })
})

describe('editing a profile', () => {
  async function submit(handle: string, userId: number, fields: Record<string, string>) {
    const cookie = (await startSession(userId, new Request(ORIGIN))).split(';')[0]!
    const request = formRequest(`/users/${handle}/edit`, fields, { cookie })
    return editProfile({ request, params: { handle }, context: await contextFor(request) })
  }

  it('saves the owner’s display name and bio', async () => {
    const user = makeUser()
    const response = (await submit(user.handle, user.id, {
      displayName: 'Pat the Tinkerer',
      bio: 'Two hubs.',
    })) as Response
    expect(response.status).toBe(302)
    expect(getUserByHandle(user.handle)).toMatchObject({
      displayName: 'Pat the Tinkerer',
      bio: 'Two hubs.',
    })
  })

  it('answers field errors and changes nothing for bad input', async () => {
    const user = makeUser()
    const result = await submit(user.handle, user.id, { displayName: 'x', bio: 'y'.repeat(501) })
    const { status, data } = unwrap(result)
    expect(status).toBe(400)
    expect((data.result as { error: Record<string, string[]> }).error).toEqual({
      displayName: ['Display name must be at least 2 characters'],
      bio: ['Bio must be at most 500 characters'],
    })
    expect(getUserByHandle(user.handle)?.displayName).toBe(user.handle)
  })

  it('refuses to edit someone else’s profile', async () => {
    const owner = makeUser()
    const other = reload(makeUser())
    await expect(
      submit(owner.handle, other.id, { displayName: 'Hijacked', bio: '' }),
    ).rejects.toMatchObject({
      status: 403,
    })
  })
})
