// Anti-gaming, server side: no self-votes, one vote per post (again = take it back), a daily
// vote cap, a daily cap on reputation from upvotes that the ledger keeps exact, and the job
// that reverses targeted voting from one account to another.
import { and, asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, reputationEvents, voteFraudLog, votes } from '#db/schema.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { reverseTargetedVoting, type LoggedVote } from '#app/models/vote-fraud.server.ts'
import {
  DAILY_UPVOTE_REPUTATION_CAP,
  DAILY_VOTE_LIMIT,
  castVote,
  dailyVoteLimitMessage,
} from '#app/models/votes.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

type User = ReturnType<typeof makeUser>

function ledgerSum(user: { id: number }) {
  return (
    db
      .select({ total: sql<number>`coalesce(sum(${reputationEvents.amount}), 0)` })
      .from(reputationEvents)
      .where(eq(reputationEvents.userId, user.id))
      .get()?.total ?? 0
  )
}

/** users.reputation == SUM(ledger) for people made with reputation 0. */
function expectLedgerMatches(...people: User[]) {
  for (const p of people) expect(reload(p).reputation, p.handle).toBe(ledgerSum(p))
}

const scoreOf = (answerId: number) =>
  db.select({ score: answers.score }).from(answers).where(eq(answers.id, answerId)).get()?.score

const answersBy = (author: User, n: number) =>
  Array.from({ length: n }, () => makeAnswer(author, makeQuestion(makeUser()).id))

const votesBetween = (voter: User, postIds: number[]) =>
  db
    .select()
    .from(votes)
    .where(eq(votes.userId, voter.id))
    .all()
    .filter((v) => v.postType === 'answer' && postIds.includes(v.postId))

describe('the vote rules that already held', () => {
  it('refuses a vote on your own post; a second identical vote takes the first back', () => {
    const author = makeUser({ reputation: 200 })
    const [a] = answersBy(author, 1)
    expect(() => castVote(author, 'answer', a!.id, 'up')).toThrow(
      "You can't vote on your own post.",
    )
    const voter = makeUser({ reputation: 200 })
    expect(castVote(voter, 'answer', a!.id, 'up')).toEqual({ score: 1, myVote: 1 })
    expect(castVote(voter, 'answer', a!.id, 'up')).toEqual({ score: 0, myVote: 0 })
    expect(castVote(voter, 'answer', a!.id, 'down')).toEqual({ score: -1, myVote: -1 })
    expect(votesBetween(voter, [a!.id])).toHaveLength(1)
  })
})

describe(`the daily vote cap (${DAILY_VOTE_LIMIT})`, () => {
  it('allows the 40th vote of a UTC day, refuses the 41st, and lets votes be taken back', () => {
    const day = Date.UTC(2030, 3, 10)
    const at = day + 10 * HOUR // 14 h before midnight UTC
    const voter = makeUser({ reputation: 500 })
    const posts = answersBy(makeUser(), DAILY_VOTE_LIMIT + 2).map((a) => a.id)

    // Yesterday's votes do not count today.
    castVote(voter, 'answer', posts[40]!, 'up', day - HOUR)
    for (let i = 0; i < DAILY_VOTE_LIMIT; i++) {
      expect(castVote(voter, 'answer', posts[i]!, 'up', at + i).myVote, `vote ${i + 1}`).toBe(1)
    }
    const message = 'You have used your 40 votes for today. Voting opens again in 14 h.'
    expect(dailyVoteLimitMessage(at)).toBe(message)
    expect(() => castVote(voter, 'answer', posts[41]!, 'up', at + HOUR / 2)).toThrow(message)
    expect(() => castVote(voter, 'answer', posts[41]!, 'up', at + HOUR / 2)).toThrow(
      PermissionError,
    )
    expect(scoreOf(posts[41]!)).toBe(0)
    // Changing yesterday's vote would be a new vote today: refused, and yesterday's vote stays.
    const later = dailyVoteLimitMessage(at + HOUR)
    expect(later).toMatch(/opens again in 13 h\.$/)
    expect(() => castVote(voter, 'answer', posts[40]!, 'down', at + HOUR)).toThrow(later)
    expect(votesBetween(voter, [posts[40]!])).toMatchObject([{ value: 1 }])

    // Taking a vote back is always allowed, and frees its place.
    expect(castVote(voter, 'answer', posts[0]!, 'up', at + HOUR).myVote).toBe(0)
    // Changing today's vote replaces it and uses no new place.
    expect(castVote(voter, 'answer', posts[1]!, 'down', at + HOUR).myVote).toBe(-1)
    expect(castVote(voter, 'answer', posts[41]!, 'up', at + HOUR).myVote).toBe(1)
    expect(() => castVote(voter, 'answer', posts[0]!, 'up', at + HOUR)).toThrow(later)

    // The last hour before midnight says 1 h; after midnight voting opens again.
    expect(dailyVoteLimitMessage(day + DAY - 10 * MINUTE)).toMatch(/opens again in 1 h\.$/)
    expect(castVote(voter, 'answer', posts[0]!, 'up', day + DAY).myVote).toBe(1)
  })
})

describe(`the daily cap on reputation from upvotes (${DAILY_UPVOTE_REPUTATION_CAP})`, () => {
  it('credits 200 for 21 upvotes in a day; reversing the 21st leaves 200; the next day counts again', () => {
    const day = Date.UTC(2030, 4, 1)
    const author = makeUser()
    const [a, next] = answersBy(author, 2)
    const crowd = Array.from({ length: 22 }, () => makeUser({ reputation: 15 }))

    crowd.slice(0, 21).forEach((v, i) => castVote(v, 'answer', a!.id, 'up', day + i * MINUTE))
    expect(scoreOf(a!.id)).toBe(21) // every vote counts as a vote
    expect(reload(author).reputation).toBe(200)
    const upvoteRows = db
      .select({ amount: reputationEvents.amount })
      .from(reputationEvents)
      .where(
        and(eq(reputationEvents.userId, author.id), eq(reputationEvents.kind, 'answer_upvoted')),
      )
      .orderBy(asc(reputationEvents.id))
      .all()
      .map((r) => r.amount)
    expect(upvoteRows).toEqual([...Array(20).fill(10), 0])

    // The 21st upvote taken back: it credited 0, so its reversal takes 0.
    castVote(crowd[20]!, 'answer', a!.id, 'up', day + HOUR)
    expect(reload(author).reputation).toBe(200)
    expect(scoreOf(a!.id)).toBe(20)
    expectLedgerMatches(author)

    // A credited upvote taken back frees its share of the day: the next upvote credits again.
    castVote(crowd[0]!, 'answer', a!.id, 'up', day + 2 * HOUR)
    expect(reload(author).reputation).toBe(190)
    castVote(crowd[20]!, 'answer', a!.id, 'up', day + 3 * HOUR)
    expect(reload(author).reputation).toBe(200)

    // Tomorrow (UTC) is a new day.
    castVote(crowd[21]!, 'answer', next!.id, 'up', day + DAY + MINUTE)
    expect(reload(author).reputation).toBe(210)
    expectLedgerMatches(author)
  })

  it('credits the part of an upvote that fits, reverses exactly that, and never caps accepts or official marks', () => {
    const day = Date.UTC(2030, 4, 5)
    const author = makeUser()
    const asker = makeUser()
    const q = makeQuestion(asker)
    const a = makeAnswer(author, q.id)
    const others = answersBy(author, 1)
    const ownQuestion = makeQuestion(author)
    const crowd = Array.from({ length: 21 }, () => makeUser({ reputation: 15 }))

    crowd.slice(0, 19).forEach((v, i) => castVote(v, 'answer', a.id, 'up', day + i * MINUTE))
    castVote(crowd[19]!, 'question', ownQuestion.id, 'up', day + HOUR) // +5: 195
    expect(reload(author).reputation).toBe(195)
    castVote(crowd[20]!, 'answer', others[0]!.id, 'up', day + 2 * HOUR) // 5 of 10 fit
    expect(reload(author).reputation).toBe(200)
    castVote(crowd[20]!, 'answer', others[0]!.id, 'up', day + 3 * HOUR) // undone: -5
    expect(reload(author).reputation).toBe(195)
    castVote(crowd[20]!, 'answer', others[0]!.id, 'up', day + 4 * HOUR)
    expect(reload(author).reputation).toBe(200)

    toggleAcceptedAnswer(asker, a.id, day + 5 * HOUR)
    expect(reload(author).reputation).toBe(215)
    setOfficialAnswer(makeUser({ role: 'staff' }), a.id, true, day + 6 * HOUR)
    expect(reload(author).reputation).toBe(240)
    expectLedgerMatches(author, asker)
  })

  it('lets downvotes through the cap (they only take reputation away)', () => {
    const day = Date.UTC(2030, 4, 9)
    const author = makeUser()
    const [a] = answersBy(author, 1)
    const crowd = Array.from({ length: 20 }, () => makeUser({ reputation: 15 }))
    crowd.forEach((v, i) => castVote(v, 'answer', a!.id, 'up', day + i * MINUTE))
    castVote(makeUser({ reputation: 200 }), 'answer', a!.id, 'down', day + HOUR)
    expect(reload(author).reputation).toBe(198)
    expectLedgerMatches(author)
  })
})

describe('reverseTargetedVoting', () => {
  function reversalsLogged() {
    return db.select().from(voteFraudLog).orderBy(asc(voteFraudLog.id)).all()
  }

  it('reverses a burst of votes from one account on another, restores score and reputation, logs it, and is idempotent', () => {
    const t0 = Date.UTC(2032, 2, 1, 8)
    const serial = makeUser({ reputation: 200 })
    const fan = makeUser()
    const bystander = makeUser({ reputation: 200 })
    const other = makeUser()
    const fanAnswers = answersBy(fan, 10)
    const otherAnswers = answersBy(other, 3)

    // A fair voter upvotes three of the fan's answers; the serial voter upvotes all ten in two
    // hours, plus a few of someone else's.
    fanAnswers
      .slice(0, 3)
      .forEach((a, i) => castVote(bystander, 'answer', a.id, 'up', t0 + i * MINUTE))
    otherAnswers.forEach((a, i) => castVote(bystander, 'answer', a.id, 'up', t0 + i * MINUTE))
    fanAnswers.forEach((a, i) => castVote(serial, 'answer', a.id, 'up', t0 + i * 12 * MINUTE))
    otherAnswers.forEach((a, i) => castVote(serial, 'answer', a.id, 'up', t0 + 3 * HOUR + i))
    expect(reload(fan).reputation).toBe(130)
    expect(fanAnswers.map((a) => scoreOf(a.id))).toEqual([2, 2, 2, 1, 1, 1, 1, 1, 1, 1])

    const lines: string[] = []
    const now = t0 + DAY
    const before = reversalsLogged().length
    const reversed = reverseTargetedVoting(now, (line) => lines.push(line))
    expect(reversed).toEqual([
      {
        voterId: serial.id,
        targetId: fan.id,
        reason: 'burst',
        voteCount: 10,
        windowStart: t0,
        windowEnd: t0 + 9 * 12 * MINUTE,
        reputationReversed: 100,
      },
    ])
    expect(lines).toEqual([
      '[vote-fraud] Reversed 10 targeted votes from 1 voter→target pair(s) (burst: 1, share: 0).',
    ])

    // The votes are gone as if the voter had undone them; the fair votes stay.
    expect(
      votesBetween(
        serial,
        fanAnswers.map((a) => a.id),
      ),
    ).toEqual([])
    expect(
      votesBetween(
        serial,
        otherAnswers.map((a) => a.id),
      ),
    ).toHaveLength(3)
    expect(fanAnswers.map((a) => scoreOf(a.id))).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    expect(reload(fan).reputation).toBe(30)
    expect(reload(other).reputation).toBe(60)
    expectLedgerMatches(fan, other)

    const logged = reversalsLogged().slice(before)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({
      voterId: serial.id,
      targetId: fan.id,
      reason: 'burst',
      voteCount: 10,
      createdAt: now,
    })
    const loggedVotes = JSON.parse(logged[0]!.votes) as LoggedVote[]
    expect(loggedVotes.map((v) => v.postId).sort()).toEqual(fanAnswers.map((a) => a.id).sort())

    // Running again changes nothing.
    expect(reverseTargetedVoting(now, () => {})).toEqual([])
    expect(reversalsLogged()).toHaveLength(before + 1)
    expect(fanAnswers.map((a) => scoreOf(a.id))).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    expect(reload(fan).reputation).toBe(30)
  })

  it('reverses a week in which most of one account’s votes went to another, and catches it going on', () => {
    const t0 = Date.UTC(2032, 5, 1, 8)
    const voter = makeUser({ reputation: 200 })
    const friend = makeUser()
    const stranger = makeUser()
    const friendAnswers = answersBy(friend, 7)
    const strangerAnswers = answersBy(stranger, 4)

    // One vote a day for the friend (no burst), four for a stranger: 6 of 10 is over half.
    friendAnswers.slice(0, 6).forEach((a, i) => castVote(voter, 'answer', a.id, 'up', t0 + i * DAY))
    strangerAnswers.forEach((a, i) => castVote(voter, 'answer', a.id, 'up', t0 + i * DAY + HOUR))
    expect(reload(friend).reputation).toBe(60)

    const now = t0 + 6 * DAY + 2 * HOUR
    const reversed = reverseTargetedVoting(now, () => {})
    expect(reversed).toMatchObject([
      { voterId: voter.id, targetId: friend.id, reason: 'share', voteCount: 6 },
    ])
    expect(reversed[0]).toMatchObject({ windowStart: now - 7 * DAY, windowEnd: now })
    expect(reload(friend).reputation).toBe(0)
    expect(reload(stranger).reputation).toBe(40)
    expect(reverseTargetedVoting(now, () => {})).toEqual([])

    // Back at it: the reversed votes still count, so the new one goes too.
    castVote(voter, 'answer', friendAnswers[6]!.id, 'up', now + HOUR)
    expect(reload(friend).reputation).toBe(10)
    expect(reverseTargetedVoting(now + 2 * HOUR, () => {})).toMatchObject([
      { voterId: voter.id, targetId: friend.id, reason: 'share', voteCount: 1 },
    ])
    expect(reload(friend).reputation).toBe(0)
    expectLedgerMatches(friend, stranger)
  })

  it('reverses serial downvoting too, giving back what both sides lost', () => {
    const t0 = Date.UTC(2032, 8, 1, 8)
    const grudge = makeUser({ reputation: 500 })
    const victim = makeUser()
    const victimAnswers = answersBy(victim, 10)
    victimAnswers.forEach((a, i) => castVote(grudge, 'answer', a.id, 'down', t0 + i * MINUTE))
    expect(reload(victim).reputation).toBe(-20)
    expect(reload(grudge).reputation).toBe(490)

    const reversed = reverseTargetedVoting(t0 + HOUR, () => {})
    expect(reversed).toMatchObject([
      { voterId: grudge.id, targetId: victim.id, reason: 'burst', reputationReversed: -20 },
    ])
    expect(reload(victim).reputation).toBe(0)
    expect(reload(grudge).reputation).toBe(500)
    expect(victimAnswers.map((a) => scoreOf(a.id))).toEqual(Array(10).fill(0))
    expectLedgerMatches(victim)
  })

  it('leaves fair voting and anything older than a week alone', () => {
    const t0 = Date.UTC(2033, 0, 1, 8)
    const voter = makeUser({ reputation: 200 })
    const author = makeUser()
    const spread = Array.from({ length: 5 }, () => makeUser())
    const authorAnswers = answersBy(author, 10)
    // Ten votes in a day for one person, but more than a week ago.
    authorAnswers.forEach((a, i) => castVote(voter, 'answer', a.id, 'up', t0 + i * MINUTE))
    // Then a normal week: one vote each for five people.
    spread.forEach((p, i) =>
      castVote(voter, 'answer', answersBy(p, 1)[0]!.id, 'up', t0 + 8 * DAY + i * HOUR),
    )
    expect(reverseTargetedVoting(t0 + 9 * DAY, () => {})).toEqual([])
    expect(reload(author).reputation).toBe(100)
  })
})
