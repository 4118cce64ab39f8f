// The unit of work: every thread write publishes exactly one event, after its commit; a write
// that fails inside its transaction leaves nothing behind and publishes nothing.
import { count, eq, sql, type SQL } from 'drizzle-orm'
import type { SQLiteTable } from 'drizzle-orm/sqlite-core'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, notifications, questions, searchOutbox } from '#db/schema.ts'
import {
  createAnswer,
  editAnswer,
  setOfficialAnswer,
  toggleAcceptedAnswer,
} from '#app/models/answers.server.ts'
import { voteToClose } from '#app/models/close-votes.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import {
  onCommitted,
  reactInTransaction,
  type DomainEvent,
  type ThreadEvent,
} from '#app/models/events.server.ts'
import { createQuestion, editQuestion } from '#app/models/questions.server.ts'
import { changeThread } from '#app/models/thread-writes.server.ts'
import { inWriteTransaction } from '#app/models/transaction.server.ts'
import { castVote, retractVote } from '#app/models/votes.server.ts'
import { votes } from '#db/schema.ts'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'

const BODY = 'Unplug the hub, wait thirty seconds, then hold reset while plugging it in.'

let seen: { event: DomainEvent; duringTransaction: boolean; answerRows: number }[] = []
let stop: () => void = () => {}
beforeEach(() => {
  seen = []
  stop = onCommitted((event) =>
    seen.push({
      event,
      duringTransaction: inWriteTransaction(),
      answerRows: rows(answers),
    }),
  )
})
afterEach(() => stop())

/** Runs one write and returns the single thread event it published. */
function onlyEvent(write: () => unknown): ThreadEvent {
  seen = []
  write()
  expect(seen).toHaveLength(1)
  const [{ event, duringTransaction }] = seen as [(typeof seen)[number]]
  expect(duringTransaction).toBe(false)
  if (event.kind !== 'thread') throw new Error(`expected a thread event, got ${event.kind}`)
  return event
}

const rows = (table: SQLiteTable, where?: SQL) =>
  db.select({ n: count() }).from(table).where(where).get()?.n ?? 0
const outboxRows = (questionId: number) =>
  rows(searchOutbox, eq(searchOutbox.questionId, questionId))
const ftsRows = (questionId: number) =>
  db.get<{ n: number }>(sql`SELECT count(*) AS n FROM search_fts WHERE rowid = ${questionId}`).n

describe('each kind of thread write publishes one event after it commits', () => {
  it('asking, answering, editing, commenting, voting, accepting, official marks, closing', () => {
    const asker = makeUser({ reputation: 20 })
    const expert = makeUser({ reputation: 3000 })
    const staff = makeUser({ role: 'staff' })

    let questionId = 0
    const asked = onlyEvent(() => {
      questionId = createQuestion(asker, {
        title: 'The doorbell chime stopped ringing after the update',
        body: 'Since the firmware update last night the chime stays silent when pressed.',
        tags: ['doorbell'],
      }).id
    })
    expect(asked).toMatchObject({
      questionId,
      actorId: asker.id,
      statusBefore: null,
      status: 'open',
      change: { type: 'question.asked' },
    })

    let answerId = 0
    const answered = onlyEvent(() => {
      answerId = createAnswer(expert, questionId, BODY).id
    })
    expect(answered).toMatchObject({
      statusBefore: 'open',
      status: 'answered',
      change: { type: 'answer.posted', answerId },
    })
    // Listeners run once the data is there for everyone to read.
    expect(seen[0]?.answerRows).toBeGreaterThan(0)

    expect(
      onlyEvent(() =>
        editQuestion(asker, questionId, {
          title: 'The doorbell chime stopped ringing after the firmware update',
          body: 'Since the firmware update last night the chime stays silent when pressed.',
          tags: ['doorbell'],
        }),
      ).change,
    ).toMatchObject({ type: 'question.edited', titleChanged: true })
    expect(
      onlyEvent(() => editAnswer(expert, answerId, { body: `${BODY} Then pair it again.` })).change,
    ).toMatchObject({ type: 'answer.edited', answerId })
    expect(
      onlyEvent(() => addComment(asker, { questionId, answerId }, 'Thanks, that did it for me.'))
        .change,
    ).toMatchObject({ type: 'comment.posted', answerId, postAuthorId: expert.id })
    expect(onlyEvent(() => castVote(asker, 'answer', answerId, 'up')).change).toMatchObject({
      type: 'post.voted',
      postType: 'answer',
      postId: answerId,
      vote: 1,
    })
    expect(onlyEvent(() => toggleAcceptedAnswer(asker, answerId))).toMatchObject({
      statusBefore: 'answered',
      status: 'resolved',
      change: { type: 'answer.accepted', accepted: true },
    })
    expect(onlyEvent(() => setOfficialAnswer(staff, answerId, true)).change).toMatchObject({
      type: 'answer.official',
      official: true,
    })
    expect(onlyEvent(() => setOfficialAnswer(staff, answerId, false)).change).toMatchObject({
      type: 'answer.official',
      official: false,
    })
    expect(onlyEvent(() => voteToClose(expert, questionId, { reason: 'unclear' }))).toMatchObject({
      change: { type: 'question.close_voted', votes: 1 },
      status: 'resolved',
    })
    const moderator = makeUser({ role: 'moderator' })
    expect(
      onlyEvent(() => voteToClose(moderator, questionId, { reason: 'off_topic' })),
    ).toMatchObject({
      statusBefore: 'resolved',
      status: 'closed',
      change: { type: 'question.closed' },
    })
  })

  it('a vote taken back by the targeted-voting job is a write of the system', () => {
    const author = makeUser()
    const voter = makeUser({ reputation: 200 })
    const q = makeQuestion(author)
    castVote(voter, 'question', q.id, 'up')
    const vote = db.select().from(votes).where(eq(votes.postId, q.id)).get()!
    const event = onlyEvent(() => retractVote(vote, Date.now()))
    expect(event).toMatchObject({ actorId: null, change: { type: 'vote.retracted' } })
    const score = db
      .select({ score: questions.score })
      .from(questions)
      .where(eq(questions.id, q.id))
    expect(score.get()?.score).toBe(0)
  })

  it('a refused write publishes nothing', () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    const a = makeAnswer(makeUser(), q.id)
    seen = []
    expect(() => toggleAcceptedAnswer(makeUser(), a.id)).toThrow(/Only the person who asked/)
    expect(() => castVote(asker, 'question', q.id, 'up')).toThrow(/your own post/)
    expect(seen).toEqual([])
  })
})

describe('a write that throws inside its transaction', () => {
  it('leaves no answer, outbox, FTS5 or notification row and publishes nothing', () => {
    const asker = makeUser()
    const mentioned = makeUser()
    const q = makeQuestion(asker)
    const before = {
      answers: rows(answers),
      outbox: outboxRows(q.id),
      notifications: rows(notifications),
      answerCount: db.select().from(questions).where(eq(questions.id, q.id)).get()?.answerCount,
    }
    // A reaction that fails after the answer, its notification and the outbox row were written.
    const stopFailing = reactInTransaction((_tx, event) => {
      if (event.kind === 'thread' && event.change.type === 'answer.posted') {
        throw new Error('the disk is full')
      }
    })
    seen = []
    try {
      expect(() =>
        createAnswer(makeUser(), q.id, `${BODY} Ask @${mentioned.handle} if it persists.`),
      ).toThrow('the disk is full')
    } finally {
      stopFailing()
    }
    expect(seen).toEqual([])
    expect(rows(answers)).toBe(before.answers)
    expect(outboxRows(q.id)).toBe(before.outbox)
    expect(rows(notifications)).toBe(before.notifications)
    expect(db.select().from(questions).where(eq(questions.id, q.id)).get()?.answerCount).toBe(
      before.answerCount,
    )
  })

  it('a new question that fails leaves no FTS5 row behind', () => {
    const author = makeUser()
    const stopFailing = reactInTransaction((_tx, event) => {
      if (event.kind === 'thread' && event.change.type === 'question.asked') {
        throw new Error('refused')
      }
    })
    const next =
      (db.get<{ id: number | null }>(sql`SELECT max(id) AS id FROM questions`).id ?? 0) + 1
    try {
      expect(() => makeQuestion(author)).toThrow('refused')
    } finally {
      stopFailing()
    }
    expect(seen).toEqual([])
    expect(ftsRows(next)).toBe(0)
    expect(outboxRows(next)).toBe(0)
  })

  it('work that throws after writing rolls back with it', () => {
    const q = makeQuestion(makeUser())
    const title = () => db.select().from(questions).where(eq(questions.id, q.id)).get()?.title
    const before = title()
    const outbox = outboxRows(q.id)
    seen = []
    expect(() =>
      changeThread(null, q.id, (tx) => {
        tx.update(questions)
          .set({ title: 'Changed and then regretted' })
          .where(eq(questions.id, q.id))
          .run()
        throw new Error('changed my mind')
      }),
    ).toThrow('changed my mind')
    expect(seen).toEqual([])
    expect(title()).toBe(before)
    expect(outboxRows(q.id)).toBe(outbox)
  })
})
