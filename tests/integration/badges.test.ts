// Badges through the models and a real database: each is awarded by the event that earns it,
// in that event's transaction, once; a recompute from the data finds the same set; and the
// pages list who holds what.
import { and, asc, eq, inArray } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { notifications, userBadges } from '#db/schema.ts'
import { FAST_RESPONSE_MS } from '#app/lib/badge-rules.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { lastFinished, runDueNightlyJobs } from '#app/models/nightly-jobs.server.ts'
import {
  awardBadges,
  badgeCounts,
  badgeHolders,
  badgesForUser,
  recomputeBadges,
  recomputeBadgesInSteps,
} from '#app/models/badges.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { loader as badgeLoader } from '#app/routes/badges.$slug.tsx'
import { loader as badgesLoader } from '#app/routes/badges._index.tsx'
import {
  makeAnswer,
  makeQuestion,
  makeUser,
  pastAnswer,
  pastQuestion,
} from '#tests/fixtures/factories.ts'
import { contextFor, ORIGIN } from '#tests/fixtures/requests.ts'

const MINUTE = 60_000
const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000
const ANSWER = 'Unplug it, wait thirty seconds, then hold reset while plugging it back in.'

type User = ReturnType<typeof makeUser>

const badgesOf = (user: { id: number }) =>
  db
    .select({ badge: userBadges.badge })
    .from(userBadges)
    .where(eq(userBadges.userId, user.id))
    .orderBy(asc(userBadges.badge))
    .all()
    .map((r) => r.badge)

const rowsOf = (user: { id: number }, badge: string) =>
  db
    .select()
    .from(userBadges)
    .where(and(eq(userBadges.userId, user.id), eq(userBadges.badge, badge)))
    .all()

const badgeNotifications = (user: { id: number }) =>
  db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), eq(notifications.kind, 'badge_earned')))
    .all()

const voters = (n: number) => Array.from({ length: n }, () => makeUser({ reputation: 15 }))

function askAt(asker: User, now: number) {
  return pastQuestion(
    asker,
    {
      title: `Doorbell chime stops after the update ${now}`,
      body: 'Since the last firmware update the indoor chime stays silent when someone rings.',
      tags: ['doorbell'],
    },
    now,
  )
}

describe('awarding on events', () => {
  it('Helper: the first answer, once, with a notification from nobody', () => {
    const answerer = makeUser()
    const q = makeQuestion(makeUser())
    const first = makeAnswer(answerer, q.id)
    expect(rowsOf(answerer, 'helper')).toMatchObject([{ questionId: q.id, answerId: first.id }])
    makeAnswer(answerer, makeQuestion(makeUser()).id)
    expect(rowsOf(answerer, 'helper')).toHaveLength(1)
    expect(badgeNotifications(answerer)).toMatchObject([{ kind: 'badge_earned', actorId: null }])
  })

  it('awarding twice gives one row and one notification', () => {
    const answerer = makeUser()
    makeAnswer(answerer, makeQuestion(makeUser()).id)
    const again = db.transaction((tx) => awardBadges(tx, 'answer_posted', [answerer.id], 1))
    expect(again).toEqual([])
    expect(rowsOf(answerer, 'helper')).toHaveLength(1)
    expect(badgeNotifications(answerer)).toHaveLength(1)
  })

  it('Supporter and Student: the first upvote cast, the first question upvoted', () => {
    const asker = makeUser()
    const voter = makeUser({ reputation: 200 })
    const q = makeQuestion(asker)
    castVote(voter, 'question', q.id, 'down')
    expect(badgesOf(voter)).toEqual([])
    expect(badgesOf(asker)).toEqual([])
    castVote(voter, 'question', q.id, 'up')
    expect(badgesOf(voter)).toEqual(['supporter'])
    expect(rowsOf(asker, 'student')).toMatchObject([{ questionId: q.id, answerId: null }])
  })

  it('Problem solver and Scholar on an accept; nothing for accepting your own answer', () => {
    const asker = makeUser()
    const answerer = makeUser()
    const q = makeQuestion(asker)
    const a = makeAnswer(answerer, q.id)
    toggleAcceptedAnswer(asker, a.id)
    expect(rowsOf(answerer, 'problem-solver')).toMatchObject([{ questionId: q.id, answerId: a.id }])
    expect(rowsOf(asker, 'scholar')).toMatchObject([{ questionId: q.id, answerId: a.id }])

    const selfHelper = makeUser()
    const own = makeQuestion(selfHelper)
    toggleAcceptedAnswer(selfHelper, makeAnswer(selfHelper, own.id).id)
    expect(badgesOf(selfHelper)).toEqual(['helper'])
  })

  it('Trusted solver at the tenth accepted answer', () => {
    const answerer = makeUser()
    for (let i = 0; i < 10; i++) {
      const asker = makeUser()
      const a = makeAnswer(answerer, makeQuestion(asker).id)
      toggleAcceptedAnswer(asker, a.id)
      expect(badgesOf(answerer).includes('trusted-solver'), `after ${i + 1}`).toBe(i === 9)
    }
  })

  it('Endorsed when staff mark a community answer official, not staff’s own', () => {
    const staff = makeUser({ role: 'staff' })
    const member = makeUser()
    const q = makeQuestion(makeUser())
    const a = makeAnswer(member, q.id)
    setOfficialAnswer(staff, a.id, true)
    expect(rowsOf(member, 'endorsed')).toMatchObject([{ answerId: a.id }])

    const q2 = makeQuestion(makeUser())
    setOfficialAnswer(staff, makeAnswer(staff, q2.id).id, true)
    expect(badgesOf(staff)).toEqual(['helper'])
  })

  it('Great answer at a score of 10, not 9', () => {
    const answerer = makeUser()
    const a = makeAnswer(answerer, makeQuestion(makeUser()).id)
    const crowd = voters(10)
    crowd.slice(0, 9).forEach((v) => castVote(v, 'answer', a.id, 'up'))
    expect(badgesOf(answerer)).not.toContain('great-answer')
    castVote(crowd[9]!, 'answer', a.id, 'up')
    expect(rowsOf(answerer, 'great-answer')).toMatchObject([{ answerId: a.id }])
  })

  it('Fast responder: answered within 10 minutes, then it helped', () => {
    const t0 = Date.UTC(2030, 0, 10, 9)
    const asker = makeUser({ reputation: 20 })
    const quick = makeUser()
    const slow = makeUser()
    const q = askAt(asker, t0)
    const fast = pastAnswer(quick, q.id, ANSWER, t0 + FAST_RESPONSE_MS)
    const late = pastAnswer(slow, q.id, ANSWER, t0 + FAST_RESPONSE_MS + 1)
    expect(badgesOf(quick)).not.toContain('fast-responder') // not helpful yet
    castVote(asker, 'answer', late.id, 'up', t0 + 20 * MINUTE)
    expect(badgesOf(slow)).not.toContain('fast-responder')
    castVote(asker, 'answer', fast.id, 'up', t0 + 20 * MINUTE)
    expect(rowsOf(quick, 'fast-responder')).toMatchObject([
      { questionId: q.id, answerId: fast.id, awardedAt: t0 + 20 * MINUTE },
    ])

    // Accepting (or an official mark) is enough too.
    const other = makeUser()
    const q2 = askAt(asker, t0 + 30 * MINUTE)
    const a2 = pastAnswer(other, q2.id, ANSWER, t0 + 35 * MINUTE)
    toggleAcceptedAnswer(asker, a2.id, t0 + 50 * MINUTE)
    expect(badgesOf(other)).toContain('fast-responder')
  })

  it('Commentator at the tenth comment', () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    for (let i = 0; i < 10; i++) {
      addComment(asker, { questionId: q.id }, `Still happening after try number ${i + 1}, sadly.`)
    }
    expect(badgesOf(asker)).toEqual(['commentator'])
  })

  it('Citizen expert when an event carries the reputation to 1 000', () => {
    const answerer = makeUser({ reputation: 990 })
    const a = makeAnswer(answerer, makeQuestion(makeUser()).id)
    expect(badgesOf(answerer)).not.toContain('citizen-expert')
    castVote(makeUser({ reputation: 15 }), 'answer', a.id, 'up')
    expect(badgesOf(answerer)).toContain('citizen-expert')
  })
})

describe('awarding in the event’s transaction', () => {
  it('keeps no badge (and no notification) when the event fails', () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    const answerer = makeUser()
    const earlier = makeAnswer(makeUser(), q.id)
    const voter = makeUser({ reputation: 15 })
    db.$client.exec(
      `create trigger outbox_down before insert on search_outbox begin select raise(abort, 'outbox unavailable'); end`,
    )
    try {
      expect(() => makeAnswer(answerer, q.id)).toThrow(/outbox unavailable/)
      expect(() => castVote(voter, 'answer', earlier.id, 'up')).toThrow(/outbox unavailable/)
      expect(() => toggleAcceptedAnswer(asker, earlier.id)).toThrow(/outbox unavailable/)
    } finally {
      db.$client.exec('drop trigger outbox_down')
    }
    for (const person of [answerer, voter, asker]) {
      expect(badgesOf(person)).toEqual([])
      expect(badgeNotifications(person)).toEqual([])
    }
    // The same events, once they can be written, award the badges.
    makeAnswer(answerer, q.id)
    castVote(voter, 'answer', earlier.id, 'up')
    expect(badgesOf(answerer)).toEqual(['helper'])
    expect(badgesOf(voter)).toEqual(['supporter'])
  })
})

describe('recomputeBadges', () => {
  /** A thread whose events award several badges; then those badges are deleted again. */
  function badgesAwardedThenLost(t0: number) {
    const staff = makeUser({ role: 'staff' })
    const asker = makeUser({ reputation: 20 })
    const expert = makeUser({ reputation: 995 })
    const helper = makeUser()
    const crowd = voters(10)
    const people = [staff, asker, expert, helper, ...crowd]

    const q1 = askAt(asker, t0)
    const fast = pastAnswer(expert, q1.id, ANSWER, t0 + 5 * MINUTE)
    pastAnswer(helper, q1.id, ANSWER, t0 + 30 * MINUTE)
    crowd.forEach((v, i) => castVote(v, 'answer', fast.id, 'up', t0 + (40 + i) * MINUTE))
    castVote(crowd[0]!, 'question', q1.id, 'up', t0 + 60 * MINUTE)
    toggleAcceptedAnswer(asker, fast.id, t0 + 70 * MINUTE)
    setOfficialAnswer(staff, fast.id, true, t0 + 80 * MINUTE)

    const snapshot = () =>
      db
        .select({
          userId: userBadges.userId,
          badge: userBadges.badge,
          questionId: userBadges.questionId,
          answerId: userBadges.answerId,
        })
        .from(userBadges)
        .where(
          inArray(
            userBadges.userId,
            people.map((p) => p.id),
          ),
        )
        .orderBy(asc(userBadges.userId), asc(userBadges.badge))
        .all()
    const awarded = snapshot()
    db.delete(userBadges)
      .where(
        inArray(
          userBadges.userId,
          people.map((p) => p.id),
        ),
      )
      .run()
    return { awarded, snapshot, expert, asker }
  }

  it('finds from the data exactly the badges the events awarded, and is idempotent', () => {
    const t0 = Date.UTC(2030, 1, 1, 12)
    const { awarded, snapshot, expert, asker } = badgesAwardedThenLost(t0)
    expect(awarded.filter((r) => r.userId === expert.id).map((r) => r.badge)).toEqual([
      'citizen-expert',
      'endorsed',
      'fast-responder',
      'great-answer',
      'helper',
      'problem-solver',
    ])
    expect(awarded.filter((r) => r.userId === asker.id).map((r) => r.badge)).toEqual([
      'scholar',
      'student',
    ])
    const first = recomputeBadges(t0 + DAY_MS)
    expect(first.awarded.length).toBeGreaterThanOrEqual(awarded.length)
    expect(snapshot()).toEqual(awarded)
    expect(recomputeBadges(t0 + 2 * DAY_MS).awarded).toEqual([])
    expect(snapshot()).toEqual(awarded)
  })

  it('in steps (the nightly run) awards the same, letting the event loop run between steps', async () => {
    const t0 = Date.UTC(2030, 2, 1, 12)
    const { awarded, snapshot } = badgesAwardedThenLost(t0)
    // Something else waiting on the event loop: it gets a turn between the steps.
    let turns = 0
    let ticking = true
    const tick = () => {
      turns++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    // A step budget of 0 ms: one person a step.
    const count = await recomputeBadgesInSteps(t0 + DAY_MS, 0)
    ticking = false
    expect(count).toBeGreaterThanOrEqual(awarded.length)
    expect(snapshot()).toEqual(awarded)
    expect(turns).toBeGreaterThanOrEqual(14) // at least one turn for each of the 14 people
    expect(await recomputeBadgesInSteps(t0 + 2 * DAY_MS)).toBe(0)
  })

  it('runs the nightly jobs a day after their last run, not again at a restart', async () => {
    const t0 = Date.UTC(2030, 3, 1, 12)
    const { awarded, snapshot } = badgesAwardedThenLost(t0)
    let now = t0 + DAY_MS
    const clock = () => now
    // First start on this database: both jobs are due, and the lost badges come back.
    expect(await runDueNightlyJobs(clock)).toEqual(['targeted-voting', 'badge-recompute'])
    expect(snapshot()).toEqual(awarded)
    expect(lastFinished('badge-recompute')).toBe(now)

    // A restart an hour later does nothing, not even for a badge lost since.
    db.delete(userBadges).where(eq(userBadges.badge, awarded[0]!.badge)).run()
    const lostAgain = snapshot()
    expect(lostAgain.length).toBeLessThan(awarded.length)
    now += HOUR_MS
    expect(await runDueNightlyJobs(clock)).toEqual([])
    expect(snapshot()).toEqual(lostAgain)

    // A day after the last run, they run again.
    now += DAY_MS
    expect(await runDueNightlyJobs(clock)).toEqual(['targeted-voting', 'badge-recompute'])
    expect(snapshot()).toEqual(awarded)
  })
})

describe('badge listings', () => {
  it('lists holders newest first, paged, and counts them', async () => {
    const t0 = Date.UTC(2031, 5, 1)
    const holders = Array.from({ length: 3 }, () => makeUser())
    const q = makeQuestion(makeUser())
    holders.forEach((h, i) => pastAnswer(h, q.id, ANSWER, t0 + i * MINUTE))

    const all = badgeHolders('helper', 1, 1000)
    expect(all?.items.slice(0, 3).map((h) => h.user.handle)).toEqual(
      [...holders].reverse().map((h) => h.handle),
    )
    expect(all?.items[0]).toMatchObject({
      awardedAt: t0 + 2 * MINUTE,
      question: { id: q.id, slug: q.slug },
    })
    const page2 = badgeHolders('helper', 2, 2)
    expect(page2?.items.map((h) => h.user.handle)[0]).toBe(holders[0]!.handle)
    expect(page2?.pageCount).toBe(Math.ceil((all?.total ?? 0) / 2))
    expect(badgeHolders('no-such-badge', 1)).toBeNull()

    const counts = badgeCounts()
    expect(counts.find((b) => b.slug === 'helper')?.holders).toBe(all?.total)
    expect(counts.map((b) => b.slug)).toContain('citizen-expert')

    expect(badgesForUser(holders[2]!.id)).toMatchObject([
      { slug: 'helper', name: 'Helper', tier: 'bronze', question: { id: q.id } },
    ])

    const get = async (slug: string) => {
      const request = new Request(`${ORIGIN}/badges/${encodeURIComponent(slug)}?page=1`)
      return badgeLoader({ request, params: { slug }, context: await contextFor(request) })
    }
    const page = await get('helper')
    expect(page.badge.name).toBe('Helper')
    expect(page.total).toBe(all?.total)
    for (const slug of ['no-such-badge', 'Bad Slug!']) {
      const thrown = await get(slug).catch((e: unknown) => e)
      expect(thrown).toBeInstanceOf(Response)
      expect((thrown as Response).status).toBe(404)
    }
    const index = await badgesLoader()
    expect(index.badges.find((b) => b.slug === 'helper')?.holders).toBe(all?.total)
  })
})
