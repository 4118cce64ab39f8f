// Reopening (SPEC: moderators "close, reopen, mark duplicate"; "Reopening recomputes the
// status"): who may, what it clears, and what the moderation log keeps. Access for every role is
// in access-matrix.test.ts; this is what a reopen does.
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { closeVotes, moderationLog, questions } from '#db/schema.ts'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { voteToClose } from '#app/models/close-votes.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { reopenQuestion } from '#app/models/moderation.server.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

const facts = (id: number) =>
  db
    .select({
      status: questions.status,
      closedAt: questions.closedAt,
      closedReason: questions.closedReason,
      closedById: questions.closedById,
      duplicateOfId: questions.duplicateOfId,
    })
    .from(questions)
    .where(eq(questions.id, id))
    .get()!

const votesOn = (id: number) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(closeVotes)
    .where(eq(closeVotes.questionId, id))
    .get()!.n

describe('reopening a question', () => {
  it('clears a community close and its votes; the status follows from the answers again', () => {
    const asker = makeUser()
    const question = makeQuestion(asker)
    const answer = makeAnswer(makeUser(), question.id)
    toggleAcceptedAnswer(asker, answer.id)
    for (let i = 0; i < 3; i++) {
      voteToClose(makeUser({ reputation: 3_000 }), question.id, { reason: 'unclear' })
    }
    expect(facts(question.id).status).toBe('closed')
    expect(votesOn(question.id)).toBe(3)

    const moderator = makeUser({ role: 'moderator' })
    reopenQuestion(moderator, question.id, { reason: 'The asker added the model number' })
    expect(facts(question.id)).toEqual({
      status: 'resolved',
      closedAt: null,
      closedReason: null,
      closedById: null,
      duplicateOfId: null,
    })
    // A new round starts from zero: one vote does not close it again.
    expect(votesOn(question.id)).toBe(0)
    voteToClose(makeUser({ reputation: 3_000 }), question.id, { reason: 'unclear' })
    expect(facts(question.id).status).toBe('resolved')

    const logged = db
      .select()
      .from(moderationLog)
      .where(and(eq(moderationLog.action, 'reopen'), eq(moderationLog.targetId, question.id)))
      .get()!
    expect(logged).toMatchObject({
      actorId: moderator.id,
      targetType: 'question',
      reason: 'The asker added the model number',
    })
    expect(logged.before).toMatchObject({ closeVotes: 3, duplicateOfId: null })
  })

  it('takes a duplicate link off: an unanswered question is open again', () => {
    const original = makeQuestion(makeUser())
    const question = makeQuestion(makeUser())
    const moderator = makeUser({ role: 'moderator' })
    voteToClose(moderator, question.id, { reason: 'duplicate', duplicateOfId: original.id })
    expect(facts(question.id).status).toBe('duplicate')
    reopenQuestion(moderator, question.id, { reason: '' })
    expect(facts(question.id)).toMatchObject({ status: 'open', duplicateOfId: null })
  })

  it('refuses a question that is not closed, and anyone below moderator', () => {
    const question = makeQuestion(makeUser())
    const moderator = makeUser({ role: 'moderator' })
    expect(() => reopenQuestion(moderator, question.id, { reason: '' })).toThrow(
      'This question is not closed.',
    )
    voteToClose(moderator, question.id, { reason: 'off_topic' })
    for (const actor of [makeUser({ reputation: 10_000 }), makeUser({ role: 'staff' })]) {
      expect(() => reopenQuestion(actor, question.id, { reason: '' })).toThrow(PermissionError)
    }
    expect(facts(question.id).status).toBe('closed')
  })
})
