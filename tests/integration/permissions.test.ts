// Who may do what, enforced on the server whatever the page showed: reputation thresholds,
// roles, the asker's and staff's marks, suspended accounts, and one vote/flag per person.
// A refused action changes nothing: no score, no vote, no ledger row, no mark.
import { and, eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import {
  answers,
  comments,
  flags,
  questions,
  reputationEvents,
  users,
  votes,
  type PostType,
} from '#db/schema.ts'
import {
  createAnswer,
  editAnswer,
  setOfficialAnswer,
  toggleAcceptedAnswer,
} from '#app/models/answers.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { flagPost } from '#app/models/flags.server.ts'
import { createQuestion, editQuestion } from '#app/models/questions.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'

const COMMENT = 'Could you say which firmware version you are on?'
const ANSWER = 'Unplug it, wait thirty seconds, then hold reset while plugging in.'
const QUESTION = {
  title: 'Router keeps dropping the connection',
  body: 'Every evening around eight the connection drops for a minute or two.',
  tags: ['router'],
}

/** What a refused action must leave untouched on a post. */
function stateOf(postType: PostType, postId: number) {
  const table = postType === 'question' ? questions : answers
  return {
    score: db.select({ score: table.score }).from(table).where(eq(table.id, postId)).get()?.score,
    votes: db
      .select({ n: sql<number>`count(*)` })
      .from(votes)
      .where(and(eq(votes.postType, postType), eq(votes.postId, postId)))
      .get()?.n,
    ledger: db
      .select({ n: sql<number>`count(*)` })
      .from(reputationEvents)
      .where(and(eq(reputationEvents.postType, postType), eq(reputationEvents.postId, postId)))
      .get()?.n,
  }
}

function thread() {
  const asker = makeUser()
  const answerer = makeUser()
  const question = makeQuestion(asker)
  const answer = makeAnswer(answerer, question.id)
  return { asker, answerer, question, answer }
}

const marksOf = (questionId: number) =>
  db
    .select({ accepted: questions.acceptedAnswerId, official: questions.officialAnswerId })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()

function suspend(user: { id: number }) {
  db.update(users).set({ status: 'suspended' }).where(eq(users.id, user.id)).run()
  return reload(user)
}

describe('upvoting needs 15 reputation', () => {
  it.each(['question', 'answer'] as const)(
    'refuses 14 on a %s, naming 15, and changes nothing',
    (postType) => {
      const { question, answer } = thread()
      const postId = postType === 'question' ? question.id : answer.id
      const before = stateOf(postType, postId)
      const voter = makeUser({ reputation: 14 })
      expect(() => castVote(voter, postType, postId, 'up')).toThrow(PermissionError)
      expect(() => castVote(voter, postType, postId, 'up')).toThrow(
        'You need 15 reputation to upvote.',
      )
      expect(stateOf(postType, postId)).toEqual(before)
      expect(reload(voter).reputation).toBe(14)
    },
  )

  it('allows 15', () => {
    const { answer } = thread()
    expect(castVote(makeUser({ reputation: 15 }), 'answer', answer.id, 'up')).toEqual({
      score: 1,
      myVote: 1,
    })
  })

  it('does not let a new member take part by their floor of 1', () => {
    const { answer } = thread()
    expect(() => castVote(makeUser({ reputation: 0 }), 'answer', answer.id, 'up')).toThrow(
      'You need 15 reputation to upvote.',
    )
  })
})

describe('downvoting needs 125 reputation', () => {
  it('refuses 124, naming 125, and changes nothing', () => {
    const { answer } = thread()
    const before = stateOf('answer', answer.id)
    const voter = makeUser({ reputation: 124 })
    expect(() => castVote(voter, 'answer', answer.id, 'down')).toThrow(
      'You need 125 reputation to downvote.',
    )
    expect(stateOf('answer', answer.id)).toEqual(before)
    expect(reload(voter).reputation).toBe(124)
  })

  it('allows 125', () => {
    const { answer } = thread()
    expect(castVote(makeUser({ reputation: 125 }), 'answer', answer.id, 'down').score).toBe(-1)
  })

  it('refuses turning an upvote into a downvote below 125, keeping the upvote', () => {
    const { answerer, answer } = thread()
    const voter = makeUser({ reputation: 100 })
    castVote(voter, 'answer', answer.id, 'up')
    const before = stateOf('answer', answer.id)
    expect(() => castVote(voter, 'answer', answer.id, 'down')).toThrow(PermissionError)
    expect(stateOf('answer', answer.id)).toEqual(before)
    expect(reload(answerer).reputation).toBe(10)
  })
})

describe('staff roles vote whatever their reputation', () => {
  it.each(['staff', 'moderator', 'admin'] as const)(
    '%s at 1 reputation may up- and downvote',
    (role) => {
      const { question, answer } = thread()
      const person = makeUser({ role, reputation: 1 })
      expect(castVote(person, 'question', question.id, 'up').score).toBe(1)
      expect(castVote(person, 'answer', answer.id, 'down').score).toBe(-1)
    },
  )
})

describe('no self-votes', () => {
  it.each(['up', 'down'] as const)('refuses %svoting your own question or answer', (direction) => {
    const author = makeUser({ reputation: 10_000 })
    const question = makeQuestion(author)
    const answer = makeAnswer(author, question.id)
    for (const [postType, postId] of [
      ['question', question.id],
      ['answer', answer.id],
    ] as const) {
      const before = stateOf(postType, postId)
      expect(() => castVote(author, postType, postId, direction)).toThrow(
        "You can't vote on your own post.",
      )
      expect(stateOf(postType, postId)).toEqual(before)
    }
    expect(reload(author).reputation).toBe(10_000)
  })

  it('refuses staff voting their own answer too', () => {
    const { question } = thread()
    const staff = makeUser({ role: 'staff' })
    const answer = makeAnswer(staff, question.id)
    expect(() => castVote(staff, 'answer', answer.id, 'up')).toThrow(PermissionError)
  })
})

describe('one vote per user per post', () => {
  it('keeps a single vote row however often a person clicks', () => {
    const { answer } = thread()
    const voter = makeUser({ reputation: 500 })
    const directions = ['up', 'up', 'up', 'down', 'up', 'down', 'down', 'down'] as const
    for (const direction of directions) {
      castVote(voter, 'answer', answer.id, direction)
      const state = stateOf('answer', answer.id)
      expect(state.votes).toBeLessThanOrEqual(1)
      expect(Math.abs(state.score ?? 99)).toBeLessThanOrEqual(1)
    }
    // Last clicks: down (cast), down (taken back), down (cast again).
    expect(stateOf('answer', answer.id)).toMatchObject({ score: -1, votes: 1 })
  })

  it('is enforced by the database as well', () => {
    const { answer } = thread()
    const voter = makeUser({ reputation: 15 })
    castVote(voter, 'answer', answer.id, 'up')
    expect(() =>
      db
        .insert(votes)
        .values({ userId: voter.id, postType: 'answer', postId: answer.id, value: 1 })
        .run(),
    ).toThrow(/UNIQUE/)
  })
})

describe('commenting', () => {
  const commentsBy = (authorId: number) =>
    db
      .select({ n: sql<number>`count(*)` })
      .from(comments)
      .where(eq(comments.authorId, authorId))
      .get()?.n

  it("needs 50 reputation on other people's posts: 49 refused (naming 50), 50 allowed", () => {
    const { question, answer } = thread()
    const low = makeUser({ reputation: 49 })
    expect(() => addComment(low, { questionId: question.id }, COMMENT)).toThrow(
      "You need 50 reputation to comment on other people's posts.",
    )
    expect(() =>
      addComment(low, { questionId: question.id, answerId: answer.id }, COMMENT),
    ).toThrow(PermissionError)
    expect(commentsBy(low.id)).toBe(0)
    const enough = makeUser({ reputation: 50 })
    addComment(enough, { questionId: question.id }, COMMENT)
    addComment(enough, { questionId: question.id, answerId: answer.id }, COMMENT)
    expect(commentsBy(enough.id)).toBe(2)
  })

  it('is open at any reputation on your own posts and on answers to your own question', () => {
    const { asker, answerer, question, answer } = thread()
    expect(reload(asker).reputation).toBe(0)
    addComment(asker, { questionId: question.id }, COMMENT)
    addComment(asker, { questionId: question.id, answerId: answer.id }, COMMENT)
    addComment(answerer, { questionId: question.id, answerId: answer.id }, COMMENT)
    expect(commentsBy(asker.id)).toBe(2)
    expect(commentsBy(answerer.id)).toBe(1)
  })

  it("does not extend to the asker's question for an answerer, or to other answers", () => {
    const { answerer, question } = thread()
    const otherAnswer = makeAnswer(makeUser(), question.id)
    expect(() => addComment(answerer, { questionId: question.id }, COMMENT)).toThrow(
      PermissionError,
    )
    expect(() =>
      addComment(answerer, { questionId: question.id, answerId: otherAnswer.id }, COMMENT),
    ).toThrow(PermissionError)
    expect(commentsBy(answerer.id)).toBe(0)
  })

  it('is open to staff at any reputation', () => {
    const { question } = thread()
    const staff = makeUser({ role: 'staff', reputation: 1 })
    addComment(staff, { questionId: question.id }, COMMENT)
    expect(commentsBy(staff.id)).toBe(1)
  })
})

describe("editing other people's posts needs 2 000 reputation", () => {
  it('refuses 1 999, naming 2,000, and keeps the post as it was', () => {
    const { question, answer } = thread()
    const editor = makeUser({ reputation: 1_999 })
    expect(() => editAnswer(editor, answer.id, { body: ANSWER + ' Edited.' })).toThrow(
      "You need 2,000 reputation to edit other people's posts.",
    )
    expect(() => editQuestion(editor, question.id, QUESTION)).toThrow(PermissionError)
    const row = db.select().from(answers).where(eq(answers.id, answer.id)).get()
    expect(row).toMatchObject({ bodyMd: ANSWER, editedAt: null, lastEditorId: null })
    expect(
      db.select().from(questions).where(eq(questions.id, question.id)).get()?.editedAt,
    ).toBeNull()
  })

  it('allows 2 000, and staff at any reputation', () => {
    const { question, answer } = thread()
    editAnswer(makeUser({ reputation: 2_000 }), answer.id, { body: ANSWER + ' Edited once.' })
    editQuestion(makeUser({ role: 'moderator', reputation: 1 }), question.id, QUESTION)
    expect(db.select().from(answers).where(eq(answers.id, answer.id)).get()?.bodyMd).toBe(
      ANSWER + ' Edited once.',
    )
    expect(db.select().from(questions).where(eq(questions.id, question.id)).get()?.title).toBe(
      QUESTION.title,
    )
  })

  it('lets anyone edit their own post at any reputation', () => {
    const { asker, answerer, question, answer } = thread()
    editQuestion(asker, question.id, QUESTION)
    editAnswer(answerer, answer.id, { body: ANSWER + ' My own edit.' })
    expect(
      db.select().from(answers).where(eq(answers.id, answer.id)).get()?.editedAt,
    ).not.toBeNull()
  })
})

describe('accepting an answer', () => {
  it('is for the asker only: anyone else is refused, even with high reputation or a staff role', () => {
    const { answer, question } = thread()
    for (const other of [
      makeUser({ reputation: 10_000 }),
      makeUser({ role: 'staff' }),
      makeUser({ role: 'admin' }),
    ]) {
      expect(() => toggleAcceptedAnswer(other, answer.id)).toThrow(
        'Only the person who asked can accept an answer.',
      )
    }
    expect(marksOf(question.id)?.accepted).toBeNull()
    expect(stateOf('answer', answer.id).ledger).toBe(0)
  })

  it('is refused to the answerer on their own answer to someone else', () => {
    const { answerer, answer, question } = thread()
    expect(() => toggleAcceptedAnswer(answerer, answer.id)).toThrow(PermissionError)
    expect(marksOf(question.id)?.accepted).toBeNull()
  })

  it('works for the asker at any reputation', () => {
    const { asker, answer, question } = thread()
    toggleAcceptedAnswer(asker, answer.id)
    expect(marksOf(question.id)?.accepted).toBe(answer.id)
  })
})

describe('marking an official answer', () => {
  it('is refused to a member, even with 10 000 reputation, and changes nothing', () => {
    const { answer, question, answerer } = thread()
    const expert = makeUser({ reputation: 10_000 })
    expect(() => setOfficialAnswer(expert, answer.id, true)).toThrow(
      'Only staff can mark an official answer.',
    )
    expect(marksOf(question.id)?.official).toBeNull()
    expect(reload(answerer).reputation).toBe(0)
  })

  it('is refused to the asker', () => {
    const { asker, answer, question } = thread()
    expect(() => setOfficialAnswer(asker, answer.id, true)).toThrow(PermissionError)
    expect(marksOf(question.id)?.official).toBeNull()
  })

  it.each(['staff', 'moderator', 'admin'] as const)('is allowed to %s', (role) => {
    const { answer, question } = thread()
    setOfficialAnswer(makeUser({ role, reputation: 1 }), answer.id, true)
    expect(marksOf(question.id)?.official).toBe(answer.id)
  })

  it('cannot be removed by a member either', () => {
    const { answer, question } = thread()
    setOfficialAnswer(makeUser({ role: 'staff' }), answer.id, true)
    expect(() => setOfficialAnswer(makeUser({ reputation: 10_000 }), answer.id, false)).toThrow(
      PermissionError,
    )
    expect(marksOf(question.id)?.official).toBe(answer.id)
  })
})

describe('suspended accounts', () => {
  it('cannot ask, answer, comment, vote, accept, edit or flag', () => {
    const { asker, question, answer } = thread()
    const suspended = suspend(makeUser({ reputation: 5_000 }))
    const suspendedAsker = suspend(asker)
    const count = (table: typeof questions | typeof answers | typeof comments | typeof flags) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .get()?.n
    const before = [count(questions), count(answers), count(comments), count(flags)]
    const attempts: [string, () => unknown][] = [
      ['ask', () => createQuestion(suspended, QUESTION)],
      ['answer', () => createAnswer(suspended, question.id, ANSWER)],
      ['comment', () => addComment(suspended, { questionId: question.id }, COMMENT)],
      ['upvote', () => castVote(suspended, 'answer', answer.id, 'up')],
      ['downvote', () => castVote(suspended, 'question', question.id, 'down')],
      ['accept', () => toggleAcceptedAnswer(suspendedAsker, answer.id)],
      ['edit', () => editAnswer(suspended, answer.id, { body: ANSWER + ' Suspended edit.' })],
      ['flag', () => flagPost(suspended, 'answer', answer.id, 'spam')],
    ]
    for (const [label, attempt] of attempts) {
      expect(attempt, label).toThrow('Your account is suspended.')
    }
    expect([count(questions), count(answers), count(comments), count(flags)]).toEqual(before)
    expect(stateOf('answer', answer.id)).toEqual({ score: 0, votes: 0, ledger: 0 })
    expect(marksOf(question.id)?.accepted).toBeNull()
  })

  it('cannot mark an official answer even as staff', () => {
    const { answer, question } = thread()
    const staff = suspend(makeUser({ role: 'staff' }))
    expect(() => setOfficialAnswer(staff, answer.id, true)).toThrow(PermissionError)
    expect(marksOf(question.id)?.official).toBeNull()
  })
})

describe('flagging', () => {
  const flagsOn = (postType: PostType, postId: number) =>
    db
      .select()
      .from(flags)
      .where(and(eq(flags.postType, postType), eq(flags.postId, postId)))
      .all()

  it('refuses flagging your own post', () => {
    const { asker, answerer, question, answer } = thread()
    expect(() => flagPost(asker, 'question', question.id, 'spam')).toThrow(
      "You can't flag your own post.",
    )
    expect(() => flagPost(answerer, 'answer', answer.id, 'rude')).toThrow(PermissionError)
    expect(flagsOn('question', question.id)).toEqual([])
    expect(flagsOn('answer', answer.id)).toEqual([])
  })

  it('keeps one flag when the same person flags twice', () => {
    const { question, answer } = thread()
    const reporter = makeUser()
    expect(flagPost(reporter, 'answer', answer.id, 'spam', 'Links to a shop')).toMatchObject({
      created: true,
    })
    expect(flagPost(reporter, 'answer', answer.id, 'rude')).toMatchObject({ created: false })
    expect(flagsOn('answer', answer.id)).toMatchObject([
      {
        reporterId: reporter.id,
        reason: 'spam',
        details: 'Links to a shop',
        questionId: question.id,
      },
    ])
  })

  it('counts flags from different people separately', () => {
    const { question } = thread()
    flagPost(makeUser(), 'question', question.id, 'off_topic')
    flagPost(makeUser(), 'question', question.id, 'off_topic')
    expect(flagsOn('question', question.id)).toHaveLength(2)
  })
})
