// Soft delete and undelete: who may, what a deletion takes away (the visitor's page, lists,
// both search backends' FTS5 side, the ledger's events, the accepted mark) and that undelete
// gives back exactly that.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { answers, questions, type Role } from '#db/schema.ts'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { deletePost, undeletePost } from '#app/models/deletion.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { moderationLogPage } from '#app/models/moderation-log.server.ts'
import { listQuestions } from '#app/models/question-lists.server.ts'
import { reputationFromLedger } from '#app/models/reputation.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { SqliteFtsBackend } from '#search/sqlite-fts.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'

const fts = new SqliteFtsBackend(db)
const TITLE_WORD = () => `zebracorn${Date.now().toString(36)}${Math.floor(Math.random() * 1e6)}`

function resolvedThread() {
  const word = TITLE_WORD()
  const asker = makeUser()
  const question = makeQuestion(asker, {
    title: `Why does the ${word} hub lose its schedule?`,
    body: `After a power cut the ${word} hub forgets every schedule I made.`,
    tags: ['hub'],
  })
  const answerer = makeUser()
  const answer = makeAnswer(answerer, question.id)
  toggleAcceptedAnswer(asker, answer.id)
  const staff = makeUser({ role: 'staff' })
  setOfficialAnswer(staff, answer.id, true)
  castVote(makeUser({ reputation: 200 }), 'answer', answer.id, 'up')
  castVote(makeUser({ reputation: 200 }), 'question', question.id, 'up')
  return { word, asker, question, answerer, answer }
}

const searchIds = (word: string) => fts.searchSync({ q: word, status: 'all' }).hits.map((h) => h.id)

describe('who may delete', () => {
  type Kind = Role | 'author' | 'member at 3 000'
  const cases: [Kind, 'question' | 'answer' | 'comment', 'fresh' | 'built on', boolean][] = [
    ['member', 'answer', 'fresh', false],
    ['member at 3 000', 'answer', 'fresh', false],
    ['staff', 'answer', 'fresh', false],
    ['author', 'question', 'fresh', true],
    ['author', 'question', 'built on', false],
    ['author', 'answer', 'fresh', true],
    ['author', 'answer', 'built on', false],
    ['author', 'comment', 'fresh', true],
    ['moderator', 'question', 'built on', true],
    ['moderator', 'answer', 'built on', true],
    ['admin', 'comment', 'fresh', true],
  ]
  it.each(cases)('%s deleting a %s (%s): allowed %s', (kind, type, state, allowed) => {
    const author = makeUser({ reputation: 100 })
    const question = makeQuestion(author)
    const answer = makeAnswer(author, makeQuestion(makeUser()).id)
    const comment = addComment(author, { questionId: question.id }, 'Which firmware are you on?')
    if (state === 'built on') {
      if (type === 'question') makeAnswer(makeUser(), question.id)
      else castVote(makeUser({ reputation: 200 }), 'answer', answer.id, 'up')
    }
    const id = type === 'question' ? question.id : type === 'answer' ? answer.id : comment.id
    const actor =
      kind === 'author'
        ? reload(author)
        : kind === 'member at 3 000'
          ? makeUser({ reputation: 3_000 })
          : makeUser({ role: kind })
    const remove = () => deletePost(actor, { type, id })
    if (allowed) expect(remove).not.toThrow()
    else expect(remove).toThrow(PermissionError)
  })
})

describe('deleting and undeleting', () => {
  it('a question: gone for visitors, lists and FTS5, its ledger reversed; undelete brings all back', () => {
    const t = resolvedThread()
    const before = {
      asker: reputationFromLedger(t.asker.id),
      answerer: reputationFromLedger(t.answerer.id),
    }
    expect(before.answerer).toBeGreaterThan(1)
    expect(searchIds(t.word)).toEqual([t.question.id])
    const moderator = makeUser({ role: 'moderator' })

    deletePost(moderator, { type: 'question', id: t.question.id }, 'Spam')
    expect(getThread(t.question.id, null)).toBeNull()
    expect(getThread(t.question.id, moderator)?.question.deletedAt).not.toBeNull()
    expect(listQuestions({ tab: 'newest', pageSize: 50 }).items.map((q) => q.id)).not.toContain(
      t.question.id,
    )
    expect(searchIds(t.word)).toEqual([])
    expect(reputationFromLedger(t.answerer.id)).toBe(1)
    expect(reputationFromLedger(t.asker.id)).toBe(1)

    undeletePost(moderator, { type: 'question', id: t.question.id }, 'Not spam after all')
    expect(getThread(t.question.id, null)?.question.status).toBe('resolved')
    expect(searchIds(t.word)).toEqual([t.question.id])
    expect(listQuestions({ tab: 'newest', pageSize: 50 }).items.map((q) => q.id)).toContain(
      t.question.id,
    )
    expect(reputationFromLedger(t.answerer.id)).toBe(before.answerer)
    expect(reputationFromLedger(t.asker.id)).toBe(before.asker)
    const actions = moderationLogPage({ target: { type: 'question', id: t.question.id } }).entries
    expect(actions.map((a) => [a.action, a.reason])).toEqual([
      ['undelete', 'Not spam after all'],
      ['delete', 'Spam'],
    ])
  })

  it('an accepted, official answer: the thread is no longer resolved; undelete restores both marks', () => {
    const t = resolvedThread()
    const earned = reputationFromLedger(t.answerer.id)
    const moderator = makeUser({ role: 'moderator' })
    deletePost(moderator, { type: 'answer', id: t.answer.id })
    const visitor = getThread(t.question.id, null)!
    expect(visitor.answers).toEqual([])
    expect(visitor.question.status).toBe('open')
    expect(getThread(t.question.id, moderator)!.answers[0]!.deletedAt).not.toBeNull()
    expect(reputationFromLedger(t.answerer.id)).toBe(1)

    undeletePost(moderator, { type: 'answer', id: t.answer.id })
    const back = getThread(t.question.id, null)!
    expect(back.question.status).toBe('resolved')
    expect(back.answers[0]).toMatchObject({ isAccepted: true, isOfficial: true, deletedAt: null })
    expect(reputationFromLedger(t.answerer.id)).toBe(earned)
    const row = db.select().from(answers).where(eq(answers.id, t.answer.id)).get()!
    expect(row.deletedAt).toBeNull()
  })

  it('a comment: hidden for everyone but moderators, counted out of the thread', () => {
    const asker = makeUser()
    const question = makeQuestion(asker)
    const comment = addComment(asker, { questionId: question.id }, 'Which firmware are you on?')
    deletePost(asker, { type: 'comment', id: comment.id })
    expect(getThread(question.id, null)!.question.comments).toEqual([])
    const count = db
      .select({ n: questions.commentCount })
      .from(questions)
      .where(eq(questions.id, question.id))
      .get()!.n
    expect(count).toBe(0)
    expect(() => undeletePost(asker, { type: 'comment', id: comment.id })).toThrow(PermissionError)
  })

  it('refuses deleting twice and undeleting a live post', () => {
    const moderator = makeUser({ role: 'moderator' })
    const question = makeQuestion(makeUser())
    expect(() => undeletePost(moderator, { type: 'question', id: question.id })).toThrow(
      'This post is not deleted.',
    )
    deletePost(moderator, { type: 'question', id: question.id })
    expect(() => deletePost(moderator, { type: 'question', id: question.id })).toThrow(
      'This post is already deleted.',
    )
  })
})
