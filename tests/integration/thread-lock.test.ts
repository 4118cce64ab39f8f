// Locking a thread: moderators and admins only; a locked thread refuses every write kind with the
// lock's reason (moderators may still edit), its page says why, and each lock and unlock is on
// the moderation log with the state before it.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions, users, type Role } from '#db/schema.ts'
import { editAnswer, createAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import { moderationLogPage } from '#app/models/moderation-log.server.ts'
import { setThreadLock } from '#app/models/moderation.server.ts'
import { editQuestion } from '#app/models/questions.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'

const REASON = 'Heated argument; cooling off'
const ANSWER = 'Hold the reset button for ten seconds until the light blinks white.'

function lockedThread() {
  const asker = makeUser()
  const question = makeQuestion(asker, { tags: ['router'] })
  const answerer = makeUser({ reputation: 3_000 })
  const answer = makeAnswer(answerer, question.id)
  const moderator = makeUser({ role: 'moderator' })
  setThreadLock(moderator, question.id, { locked: true, reason: REASON })
  return { asker, question, answerer, answer, moderator }
}

const lockOf = (id: number) =>
  db
    .select({ lockedAt: questions.lockedAt, reason: questions.lockReason })
    .from(questions)
    .where(eq(questions.id, id))
    .get()!

describe('who may lock a thread', () => {
  type Kind = Role | 'member at 3 000' | 'suspended moderator'
  const cases: [Kind, boolean][] = [
    ['member', false],
    ['member at 3 000', false],
    ['staff', false],
    ['suspended moderator', false],
    ['moderator', true],
    ['admin', true],
  ]
  const actorOf = (kind: Kind) => {
    if (kind === 'member at 3 000') return makeUser({ reputation: 3_000 })
    if (kind === 'suspended moderator') {
      const m = makeUser({ role: 'moderator' })
      db.update(users).set({ status: 'suspended' }).where(eq(users.id, m.id)).run()
      return reload(m)
    }
    return makeUser({ role: kind })
  }
  it.each(cases)('%s: allowed %s', (kind, allowed) => {
    const question = makeQuestion(makeUser())
    const lock = () =>
      setThreadLock(actorOf(kind), question.id, { locked: true, reason: 'Off the rails' })
    if (allowed) {
      expect(lock()).toEqual({ locked: true })
      expect(lockOf(question.id)).toMatchObject({ reason: 'Off the rails' })
    } else {
      expect(lock).toThrow(PermissionError)
      expect(lockOf(question.id)).toEqual({ lockedAt: null, reason: null })
      expect(moderationLogPage({ target: { type: 'question', id: question.id } }).entries).toEqual(
        [],
      )
    }
  })

  it('needs a reason to lock, and refuses locking twice or unlocking an open thread', () => {
    const moderator = makeUser({ role: 'moderator' })
    const question = makeQuestion(makeUser())
    expect(() => setThreadLock(moderator, question.id, { locked: true, reason: '  ' })).toThrow(
      FieldError,
    )
    expect(() => setThreadLock(moderator, question.id, { locked: false, reason: '' })).toThrow(
      'This thread is not locked.',
    )
    setThreadLock(moderator, question.id, { locked: true, reason: REASON })
    expect(() => setThreadLock(moderator, question.id, { locked: true, reason: REASON })).toThrow(
      'This thread is already locked.',
    )
  })
})

describe('a locked thread', () => {
  const refusal = `This thread is locked by a moderator: ${REASON}`
  const writes: [string, (t: ReturnType<typeof lockedThread>) => unknown][] = [
    ['an answer', (t) => createAnswer(makeUser(), t.question.id, ANSWER)],
    [
      'a comment on the question',
      (t) => addComment(t.asker, { questionId: t.question.id }, 'Which firmware are you on now?'),
    ],
    [
      'a comment on an answer',
      (t) =>
        addComment(
          t.asker,
          { questionId: t.question.id, answerId: t.answer.id },
          'Did that work for you as well?',
        ),
    ],
    ['a vote on the question', (t) => castVote(t.answerer, 'question', t.question.id, 'up')],
    [
      'a vote on an answer',
      (t) => castVote(makeUser({ reputation: 200 }), 'answer', t.answer.id, 'up'),
    ],
    ['accepting an answer', (t) => toggleAcceptedAnswer(t.asker, t.answer.id)],
    [
      'an edit of the question by its author',
      (t) =>
        editQuestion(t.asker, t.question.id, {
          title: 'A new title for the router that drops',
          body: 'A body long enough to pass the thirty character minimum.',
          tags: ['router'],
        }),
    ],
    [
      'an edit of an answer by its author',
      (t) => editAnswer(t.answerer, t.answer.id, { body: ANSWER }),
    ],
  ]
  it.each(writes)('refuses %s with the lock’s reason', (_name, write) => {
    const thread = lockedThread()
    const before = getThread(thread.question.id, null)
    expect(() => write(thread)).toThrow(refusal)
    const after = getThread(thread.question.id, null)
    expect(after).toEqual(before)
  })

  it('may still be edited by a moderator, and takes writes again once unlocked', () => {
    const thread = lockedThread()
    editAnswer(thread.moderator, thread.answer.id, { body: `${ANSWER} (moderator's note)` })
    setThreadLock(thread.moderator, thread.question.id, { locked: false, reason: 'Calmer now' })
    expect(createAnswer(makeUser(), thread.question.id, ANSWER).id).toBeGreaterThan(0)
    expect(castVote(makeUser({ reputation: 200 }), 'answer', thread.answer.id, 'up')).toEqual({
      score: 1,
      myVote: 1,
    })
  })

  it('shows its reason on the page, and editing only to moderators', () => {
    const thread = lockedThread()
    const view = getThread(thread.question.id, reload(thread.asker))!
    expect(view.question).toMatchObject({ lockReason: REASON, canEdit: false })
    expect(getThread(thread.question.id, thread.moderator)!.question.canEdit).toBe(true)
  })

  it('leaves a lock and an unlock on the moderation log, each with the state before it', () => {
    const thread = lockedThread()
    setThreadLock(thread.moderator, thread.question.id, { locked: false, reason: 'Calmer now' })
    const entries = moderationLogPage({
      target: { type: 'question', id: thread.question.id },
    }).entries
    expect(entries.map((e) => [e.action, e.reason])).toEqual([
      ['unlock', 'Calmer now'],
      ['lock', REASON],
    ])
    expect(entries[1]!.before).toEqual({ lockedAt: null, lockReason: null, lockedById: null })
    expect(entries[0]!.before).toMatchObject({
      lockReason: REASON,
      lockedById: thread.moderator.id,
    })
  })
})
