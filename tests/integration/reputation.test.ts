// The SPEC's reputation table, row by row, through the models and a real database: each event
// lands on the right person, each undo reverses it with a new ledger row, and the cached
// users.reputation always equals the ledger's sum.
import { and, asc, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, questions, reputationEvents, users, votes } from '#db/schema.ts'
import { displayReputation } from '#app/lib/privileges.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { reputationFromLedger } from '#app/models/reputation.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'

type User = ReturnType<typeof makeUser>

/** Reputation a user has earned since they were made (the factory may seed a starting value). */
const starting = new Map<number, number>()
function user(opts: Parameters<typeof makeUser>[0] = {}): User {
  const made = makeUser(opts)
  starting.set(made.id, made.reputation)
  return made
}
const earned = (u: User) => reload(u).reputation - (starting.get(u.id) ?? 0)

function ledgerSum(userId: number) {
  return (
    db
      .select({ total: sql<number>`coalesce(sum(${reputationEvents.amount}), 0)` })
      .from(reputationEvents)
      .where(eq(reputationEvents.userId, userId))
      .get()?.total ?? 0
  )
}

function ledger(userId: number) {
  return db
    .select()
    .from(reputationEvents)
    .where(eq(reputationEvents.userId, userId))
    .orderBy(asc(reputationEvents.id))
    .all()
}

const allEvents = () => db.select().from(reputationEvents).orderBy(asc(reputationEvents.id)).all()

/** The cache matches the ledger: what the user earned is exactly the sum of their rows. */
function expectCacheMatchesLedger(...people: User[]) {
  for (const person of people) {
    expect(earned(person), `user ${person.handle}`).toBe(ledgerSum(person.id))
  }
}

/** A thread with an asker (who may vote), an answerer and an answer. */
function thread() {
  const asker = user({ reputation: 20 })
  const answerer = user()
  const question = makeQuestion(asker)
  const answer = makeAnswer(answerer, question.id)
  return { asker, answerer, question, answer }
}

const scoreOf = (table: typeof answers | typeof questions, id: number) =>
  db.select({ score: table.score }).from(table).where(eq(table.id, id)).get()?.score

describe('an upvote on your answer: +10', () => {
  it('gives the answerer 10 and costs the voter nothing', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 15 })
    castVote(voter, 'answer', answer.id, 'up')
    expect(earned(answerer)).toBe(10)
    expect(earned(voter)).toBe(0)
    expect(ledger(answerer.id)).toMatchObject([
      {
        amount: 10,
        kind: 'answer_upvoted',
        postType: 'answer',
        postId: answer.id,
        actorId: voter.id,
      },
    ])
    expectCacheMatchesLedger(answerer, voter)
  })

  it('is reversed when the voter takes the vote back, with a reversal row (nothing deleted)', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 15 })
    castVote(voter, 'answer', answer.id, 'up')
    const result = castVote(voter, 'answer', answer.id, 'up')
    expect(result).toEqual({ score: 0, myVote: 0 })
    expect(earned(answerer)).toBe(0)
    const rows = ledger(answerer.id)
    expect(rows).toHaveLength(2)
    const [original, reversal] = rows
    expect(original).toMatchObject({ amount: 10, reversalOfId: null })
    expect(original?.reversedAt).not.toBeNull()
    expect(reversal).toMatchObject({
      amount: -10,
      kind: 'answer_upvoted',
      reversalOfId: original?.id,
    })
    expectCacheMatchesLedger(answerer, voter)
  })

  it('counts again when the vote is cast again after an undo', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 15 })
    castVote(voter, 'answer', answer.id, 'up')
    castVote(voter, 'answer', answer.id, 'up')
    castVote(voter, 'answer', answer.id, 'up')
    expect(earned(answerer)).toBe(10)
    expect(ledger(answerer.id).map((r) => r.amount)).toEqual([10, -10, 10])
    expect(scoreOf(answers, answer.id)).toBe(1)
  })

  it('adds up over several voters', () => {
    const { answerer, answer } = thread()
    for (let i = 0; i < 3; i++) castVote(user({ reputation: 15 }), 'answer', answer.id, 'up')
    expect(earned(answerer)).toBe(30)
    expect(scoreOf(answers, answer.id)).toBe(3)
    expectCacheMatchesLedger(answerer)
  })
})

describe('an upvote on your question: +5', () => {
  it('gives the asker 5, and undoing it reverses the 5', () => {
    const { asker, question } = thread()
    const voter = user({ reputation: 15 })
    castVote(voter, 'question', question.id, 'up')
    expect(earned(asker)).toBe(5)
    expect(ledger(asker.id)).toMatchObject([
      { amount: 5, kind: 'question_upvoted', postType: 'question', postId: question.id },
    ])
    castVote(voter, 'question', question.id, 'up')
    expect(earned(asker)).toBe(0)
    expect(ledger(asker.id).map((r) => r.amount)).toEqual([5, -5])
    expect(earned(voter)).toBe(0)
    expectCacheMatchesLedger(asker, voter)
  })
})

describe('downvotes: −2 to the author, −1 to whoever downvotes an answer', () => {
  it('costs the answer author 2 and the voter 1', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 200 })
    castVote(voter, 'answer', answer.id, 'down')
    expect(earned(answerer)).toBe(-2)
    expect(earned(voter)).toBe(-1)
    expect(ledger(answerer.id)).toMatchObject([{ amount: -2, kind: 'post_downvoted' }])
    expect(ledger(voter.id)).toMatchObject([
      { amount: -1, kind: 'downvoted_answer', postId: answer.id, actorId: voter.id },
    ])
    expect(scoreOf(answers, answer.id)).toBe(-1)
    expectCacheMatchesLedger(answerer, voter)
  })

  it('gives both points back when the downvote is taken back', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 200 })
    castVote(voter, 'answer', answer.id, 'down')
    castVote(voter, 'answer', answer.id, 'down')
    expect(earned(answerer)).toBe(0)
    expect(earned(voter)).toBe(0)
    expect(ledger(answerer.id).map((r) => r.amount)).toEqual([-2, 2])
    expect(ledger(voter.id).map((r) => r.amount)).toEqual([-1, 1])
    expect(scoreOf(answers, answer.id)).toBe(0)
    expectCacheMatchesLedger(answerer, voter)
  })

  it('costs a question author 2 and the voter nothing', () => {
    const { asker, question } = thread()
    const voter = user({ reputation: 200 })
    castVote(voter, 'question', question.id, 'down')
    expect(earned(asker)).toBe(-2)
    expect(earned(voter)).toBe(0)
    expect(ledger(voter.id)).toEqual([])
    expect(scoreOf(questions, question.id)).toBe(-1)
    castVote(voter, 'question', question.id, 'down')
    expect(earned(asker)).toBe(0)
    expectCacheMatchesLedger(asker, voter)
  })

  it('lets a member at exactly 125 take back the downvote that cost them a point', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 125 })
    castVote(voter, 'answer', answer.id, 'down')
    expect(reload(voter).reputation).toBe(124)
    // Taking a vote back is not casting a new one: the SPEC reverses an undone vote's events.
    // Undoing needs no privilege: the voter (now at 124) must still be able to take it back.
    expect(() => castVote(reload(voter), 'answer', answer.id, 'down')).not.toThrow()
    expect(earned(answerer)).toBe(0)
    expect(earned(voter)).toBe(0)
  })
})

describe('changing a vote replaces it', () => {
  it('up then down: the +10 is reversed and the downvote counts', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 200 })
    castVote(voter, 'answer', answer.id, 'up')
    expect(castVote(voter, 'answer', answer.id, 'down')).toEqual({ score: -1, myVote: -1 })
    expect(earned(answerer)).toBe(-2)
    expect(earned(voter)).toBe(-1)
    expect(ledger(answerer.id).map((r) => [r.kind, r.amount])).toEqual([
      ['answer_upvoted', 10],
      ['answer_upvoted', -10],
      ['post_downvoted', -2],
    ])
    const rows = db
      .select()
      .from(votes)
      .where(and(eq(votes.postType, 'answer'), eq(votes.postId, answer.id)))
      .all()
    expect(rows).toMatchObject([{ userId: voter.id, value: -1 }])
    expectCacheMatchesLedger(answerer, voter)
  })

  it('down then up: the downvote and its cost are reversed and the +10 counts', () => {
    const { answerer, answer } = thread()
    const voter = user({ reputation: 200 })
    castVote(voter, 'answer', answer.id, 'down')
    expect(castVote(voter, 'answer', answer.id, 'up')).toEqual({ score: 1, myVote: 1 })
    expect(earned(answerer)).toBe(10)
    expect(earned(voter)).toBe(0)
    expectCacheMatchesLedger(answerer, voter)
  })

  it('on a question: up (+5) then down (−2)', () => {
    const { asker, question } = thread()
    const voter = user({ reputation: 200 })
    castVote(voter, 'question', question.id, 'up')
    castVote(voter, 'question', question.id, 'down')
    expect(earned(asker)).toBe(-2)
    expect(earned(voter)).toBe(0)
    expect(scoreOf(questions, question.id)).toBe(-1)
    expectCacheMatchesLedger(asker, voter)
  })

  it("undoing one voter's vote leaves other voters' votes alone", () => {
    const { answerer, answer } = thread()
    const first = user({ reputation: 15 })
    const second = user({ reputation: 15 })
    castVote(first, 'answer', answer.id, 'up')
    castVote(second, 'answer', answer.id, 'up')
    castVote(first, 'answer', answer.id, 'up')
    expect(earned(answerer)).toBe(10)
    expect(scoreOf(answers, answer.id)).toBe(1)
  })
})

describe('accepting an answer: +15 to the answerer, +2 to the asker', () => {
  it('credits both', () => {
    const { asker, answerer, answer } = thread()
    toggleAcceptedAnswer(asker, answer.id)
    expect(earned(answerer)).toBe(15)
    expect(earned(asker)).toBe(2)
    expect(ledger(answerer.id)).toMatchObject([
      { amount: 15, kind: 'answer_accepted', postId: answer.id, actorId: asker.id },
    ])
    expect(ledger(asker.id)).toMatchObject([
      { amount: 2, kind: 'accepted_answer', postId: answer.id, actorId: asker.id },
    ])
    expectCacheMatchesLedger(asker, answerer)
  })

  it('gives nothing for accepting your own answer', () => {
    const { asker, question } = thread()
    const own = makeAnswer(asker, question.id)
    const before = allEvents().length
    expect(toggleAcceptedAnswer(asker, own.id)).toEqual({ accepted: true, questionId: question.id })
    expect(earned(asker)).toBe(0)
    expect(allEvents()).toHaveLength(before)
  })

  it('moving the accept to another answer reverses the first', () => {
    const { asker, answerer, question, answer } = thread()
    const other = user()
    const second = makeAnswer(other, question.id)
    toggleAcceptedAnswer(asker, answer.id)
    toggleAcceptedAnswer(asker, second.id)
    expect(earned(answerer)).toBe(0)
    expect(earned(other)).toBe(15)
    expect(earned(asker)).toBe(2)
    expect(ledger(answerer.id).map((r) => r.amount)).toEqual([15, -15])
    expect(ledger(asker.id).map((r) => r.amount)).toEqual([2, -2, 2])
    expectCacheMatchesLedger(asker, answerer, other)
  })

  it("moving the accept from someone's answer to your own takes back both credits", () => {
    const { asker, answerer, question, answer } = thread()
    const own = makeAnswer(asker, question.id)
    toggleAcceptedAnswer(asker, answer.id)
    toggleAcceptedAnswer(asker, own.id)
    expect(earned(answerer)).toBe(0)
    expect(earned(asker)).toBe(0)
    expectCacheMatchesLedger(asker, answerer)
  })

  it('un-accepting reverses both', () => {
    const { asker, answerer, answer } = thread()
    toggleAcceptedAnswer(asker, answer.id)
    expect(toggleAcceptedAnswer(asker, answer.id).accepted).toBe(false)
    expect(earned(answerer)).toBe(0)
    expect(earned(asker)).toBe(0)
    expect(ledger(answerer.id).map((r) => r.amount)).toEqual([15, -15])
    expect(ledger(asker.id).map((r) => r.amount)).toEqual([2, -2])
    expectCacheMatchesLedger(asker, answerer)
  })

  it('keeps votes and accept apart: undoing one leaves the other', () => {
    const { asker, answerer, answer } = thread()
    castVote(asker, 'answer', answer.id, 'up')
    toggleAcceptedAnswer(asker, answer.id)
    expect(earned(answerer)).toBe(25)
    castVote(asker, 'answer', answer.id, 'up') // take the upvote back
    expect(earned(answerer)).toBe(15)
    expect(earned(asker)).toBe(2)
    castVote(asker, 'answer', answer.id, 'up')
    toggleAcceptedAnswer(asker, answer.id) // take the accept back
    expect(earned(answerer)).toBe(10)
    expect(earned(asker)).toBe(0)
    expectCacheMatchesLedger(asker, answerer)
  })
})

describe('an official answer: +25, not for staff answers', () => {
  it('credits a community answerer 25', () => {
    const { answerer, answer } = thread()
    const staff = user({ role: 'staff' })
    setOfficialAnswer(staff, answer.id, true)
    expect(earned(answerer)).toBe(25)
    expect(earned(staff)).toBe(0)
    expect(ledger(answerer.id)).toMatchObject([
      { amount: 25, kind: 'answer_official', postId: answer.id, actorId: staff.id },
    ])
    expectCacheMatchesLedger(answerer, staff)
  })

  it.each(['staff', 'moderator', 'admin'] as const)(
    "gives nothing when the official answer is a %s member's own",
    (role) => {
      const { question } = thread()
      const companyPerson = user({ role })
      const answer = makeAnswer(companyPerson, question.id)
      const before = allEvents().length
      setOfficialAnswer(companyPerson, answer.id, true)
      expect(earned(companyPerson)).toBe(0)
      expect(allEvents()).toHaveLength(before)
      const other = user({ role: 'staff' })
      setOfficialAnswer(other, answer.id, false)
      setOfficialAnswer(other, answer.id, true)
      expect(earned(companyPerson)).toBe(0)
    },
  )

  it('moving the official mark to another answer reverses the first', () => {
    const { answerer, question, answer } = thread()
    const other = user()
    const second = makeAnswer(other, question.id)
    const staff = user({ role: 'staff' })
    setOfficialAnswer(staff, answer.id, true)
    setOfficialAnswer(staff, second.id, true)
    expect(earned(answerer)).toBe(0)
    expect(earned(other)).toBe(25)
    expect(ledger(answerer.id).map((r) => r.amount)).toEqual([25, -25])
    expectCacheMatchesLedger(answerer, other)
  })

  it('removing the official mark reverses it', () => {
    const { answerer, answer } = thread()
    const staff = user({ role: 'staff' })
    setOfficialAnswer(staff, answer.id, true)
    setOfficialAnswer(staff, answer.id, false)
    expect(earned(answerer)).toBe(0)
    expect(ledger(answerer.id).map((r) => r.amount)).toEqual([25, -25])
  })

  it('marking the official answer again changes nothing', () => {
    const { answerer, answer } = thread()
    const staff = user({ role: 'staff' })
    setOfficialAnswer(staff, answer.id, true)
    setOfficialAnswer(staff, answer.id, true)
    setOfficialAnswer(user({ role: 'moderator' }), answer.id, true)
    expect(earned(answerer)).toBe(25)
    expect(ledger(answerer.id)).toHaveLength(1)
  })

  it('an answer both accepted and official earns both', () => {
    const { asker, answerer, answer } = thread()
    toggleAcceptedAnswer(asker, answer.id)
    setOfficialAnswer(user({ role: 'staff' }), answer.id, true)
    expect(earned(answerer)).toBe(40)
    toggleAcceptedAnswer(asker, answer.id)
    expect(earned(answerer)).toBe(25)
    expectCacheMatchesLedger(asker, answerer)
  })
})

describe('the ledger', () => {
  it('shows reputation as the sum, floored at 1', () => {
    const { answerer, answer } = thread()
    for (let i = 0; i < 3; i++) castVote(user({ reputation: 200 }), 'answer', answer.id, 'down')
    expect(reload(answerer).reputation).toBe(-6)
    expect(ledgerSum(answerer.id)).toBe(-6)
    expect(reputationFromLedger(answerer.id)).toBe(1)
    expect(displayReputation(reload(answerer).reputation)).toBe(1)
  })

  it('a new member with no events shows 1', () => {
    expect(reputationFromLedger(user().id)).toBe(1)
  })

  it('after a long story, every cache equals its ledger, and no row was ever deleted', () => {
    const asker = user({ reputation: 20 })
    const alice = user()
    const bob = user()
    const voter = user({ reputation: 300 })
    const staff = user({ role: 'staff' })
    const question = makeQuestion(asker)
    const a1 = makeAnswer(alice, question.id)
    const a2 = makeAnswer(bob, question.id)

    const seen = new Set<number>()
    const steps: (() => unknown)[] = [
      () => castVote(voter, 'question', question.id, 'up'),
      () => castVote(voter, 'answer', a1.id, 'up'),
      () => castVote(voter, 'answer', a2.id, 'down'),
      () => castVote(asker, 'answer', a1.id, 'up'),
      () => toggleAcceptedAnswer(asker, a1.id),
      () => setOfficialAnswer(staff, a2.id, true),
      () => castVote(voter, 'answer', a1.id, 'down'),
      () => toggleAcceptedAnswer(asker, a2.id),
      () => setOfficialAnswer(staff, a1.id, true),
      () => castVote(voter, 'answer', a2.id, 'down'),
      () => castVote(voter, 'question', question.id, 'down'),
      () => setOfficialAnswer(staff, a1.id, false),
      () => toggleAcceptedAnswer(asker, a2.id),
    ]
    for (const step of steps) {
      step()
      const ids = allEvents().map((e) => e.id)
      for (const id of seen) expect(ids, `event ${id} vanished`).toContain(id)
      for (const id of ids) seen.add(id)
      expectCacheMatchesLedger(asker, alice, bob, voter, staff)
    }

    // Where the story ends: only the voter's downvote on a1 and upvote-turned-down on the
    // question remain, plus the asker's upvote on a1.
    expect(earned(alice)).toBe(-2 + 10)
    expect(earned(bob)).toBe(0)
    expect(earned(asker)).toBe(-2)
    expect(earned(voter)).toBe(-1)
    expect(earned(staff)).toBe(0)
    for (const person of [alice, bob]) {
      expect(reputationFromLedger(person.id)).toBe(displayReputation(reload(person).reputation))
    }

    // Every reversal points at a live row of the same user, kind and post, with the opposite
    // amount, and each row is reversed at most once.
    const events = allEvents()
    const byId = new Map(events.map((e) => [e.id, e]))
    const reversals = events.filter((e) => e.reversalOfId != null)
    expect(reversals.length).toBeGreaterThan(0)
    const reversedIds = reversals.map((r) => r.reversalOfId)
    expect(new Set(reversedIds).size).toBe(reversedIds.length)
    for (const reversal of reversals) {
      const original = byId.get(reversal.reversalOfId ?? -1)
      expect(original).toBeDefined()
      expect(original?.reversedAt).not.toBeNull()
      expect(reversal).toMatchObject({
        userId: original?.userId,
        kind: original?.kind,
        postType: original?.postType,
        postId: original?.postId,
        amount: -(original?.amount ?? 0),
      })
    }

    // The same check straight in SQL, for everyone in this database.
    const sums = new Map(
      db
        .select({
          userId: reputationEvents.userId,
          total: sql<number>`sum(${reputationEvents.amount})`,
        })
        .from(reputationEvents)
        .groupBy(reputationEvents.userId)
        .all()
        .map((row) => [row.userId, row.total]),
    )
    const everyone = db.select({ id: users.id, cached: users.reputation }).from(users).all()
    expect(everyone.length).toBeGreaterThan(5)
    for (const row of everyone) {
      const since = row.cached - (starting.get(row.id) ?? 0)
      expect(since, `user ${row.id}`).toBe(sums.get(row.id) ?? 0)
    }
  })
})
