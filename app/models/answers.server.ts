// Answers, and the two marks an answer can carry: accepted (by the asker) and official (by staff).
import { and, eq, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { answers, questions, revisions, users } from '#db/schema.ts'
import { publishThreadEvent } from '#app/lib/live-events.server.ts'
import { renderMarkdown } from '#app/lib/markdown.server.ts'
import { isStaff } from '#app/lib/privileges.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'
import { awardBadges } from './badges.server.ts'
import { NotFoundError, PermissionError } from './errors.server.ts'
import { resolveMentions } from './mentions.server.ts'
import { notify, notifyMentions } from './notifications.server.ts'
import { assertCanEditPost, assertCanWrite, type WriteActor } from './permissions.server.ts'
import { getLiveQuestion, nextRevision, refreshThreadStatus } from './questions.server.ts'
import { recordReputation, reverseReputation } from './reputation.server.ts'

export function getLiveAnswer(answerId: number) {
  const row = db
    .select()
    .from(answers)
    .where(and(eq(answers.id, answerId), isNull(answers.deletedAt)))
    .get()
  if (!row) throw new NotFoundError('Answer not found')
  return row
}

function assertThreadOpenForAnswers(question: {
  closedAt: number | null
  duplicateOfId: number | null
  lockedAt: number | null
}) {
  if (question.lockedAt != null) throw new PermissionError('This thread is locked.')
  if (question.closedAt != null || question.duplicateOfId != null) {
    throw new PermissionError('This question is closed and no longer takes answers.')
  }
}

export function createAnswer(
  author: WriteActor,
  questionId: number,
  body: string,
  now = Date.now(),
) {
  assertCanWrite(author)
  const question = getLiveQuestion(questionId)
  assertThreadOpenForAnswers(question)
  const mentions = resolveMentions(body)
  const bodyHtml = renderMarkdown(body, { mentions: mentions.known })
  const created = db.transaction(
    (tx) => {
      const answer = tx
        .insert(answers)
        .values({ questionId, authorId: author.id, bodyMd: body, bodyHtml, createdAt: now })
        .returning({ id: answers.id })
        .get()
      tx.update(questions)
        .set({
          answerCount: sql`${questions.answerCount} + 1`,
          firstAnswerAt: sql`coalesce(${questions.firstAnswerAt}, ${now})`,
          lastActivityAt: now,
        })
        .where(eq(questions.id, questionId))
        .run()
      tx.insert(revisions)
        .values({
          postType: 'answer',
          postId: answer.id,
          questionId,
          editorId: author.id,
          revision: 1,
          bodyMd: body,
          createdAt: now,
        })
        .run()
      refreshThreadStatus(tx, questionId, now)
      notify(tx, {
        userId: question.authorId,
        actorId: author.id,
        kind: 'answer_on_question',
        questionId,
        answerId: answer.id,
        now,
      })
      awardBadges(tx, 'answer_posted', [author.id], now)
      notifyMentions(tx, {
        userIds: mentions.userIds,
        actorId: author.id,
        questionId,
        answerId: answer.id,
        skip: [question.authorId],
        now,
      })
      enqueueThreadReindex(tx, questionId, now)
      return answer
    },
    { behavior: 'immediate' },
  )
  publishThreadEvent({
    type: 'answer',
    questionId,
    answerId: created.id,
    actorId: author.id,
    createdAt: now,
  })
  return created
}

export function editAnswer(
  actor: WriteActor,
  answerId: number,
  edit: { body: string; summary?: string },
  now = Date.now(),
) {
  const answer = getLiveAnswer(answerId)
  assertCanEditPost(actor, answer.authorId)
  const mentions = resolveMentions(edit.body)
  const bodyHtml = renderMarkdown(edit.body, { mentions: mentions.known })
  db.transaction(
    (tx) => {
      tx.update(answers)
        .set({ bodyMd: edit.body, bodyHtml, editedAt: now, lastEditorId: actor.id })
        .where(eq(answers.id, answerId))
        .run()
      tx.insert(revisions)
        .values({
          postType: 'answer',
          postId: answerId,
          questionId: answer.questionId,
          editorId: actor.id,
          revision: nextRevision(tx, 'answer', answerId),
          bodyMd: edit.body,
          summary: edit.summary ?? '',
          createdAt: now,
        })
        .run()
      notifyMentions(tx, {
        userIds: mentions.userIds,
        actorId: actor.id,
        questionId: answer.questionId,
        answerId,
        skip: [answer.authorId],
        now,
      })
      tx.update(questions)
        .set({ lastActivityAt: now })
        .where(eq(questions.id, answer.questionId))
        .run()
      enqueueThreadReindex(tx, answer.questionId, now)
    },
    { behavior: 'immediate' },
  )
  return { questionId: answer.questionId }
}

function authorRole(tx: Tx, userId: number) {
  return (
    tx.select({ role: users.role }).from(users).where(eq(users.id, userId)).get()?.role ?? 'member'
  )
}

/**
 * The asker accepts an answer (one at a time). Accepting the accepted answer again takes the
 * mark back; accepting another moves it. Reputation: +15 to the answerer, +2 to the asker,
 * neither when the asker accepts their own answer.
 */
export function toggleAcceptedAnswer(actor: WriteActor, answerId: number, now = Date.now()) {
  assertCanWrite(actor)
  const answer = getLiveAnswer(answerId)
  const question = getLiveQuestion(answer.questionId)
  if (question.authorId !== actor.id) {
    throw new PermissionError('Only the person who asked can accept an answer.')
  }
  if (question.lockedAt != null) throw new PermissionError('This thread is locked.')
  const accepting = question.acceptedAnswerId !== answerId
  db.transaction(
    (tx) => {
      if (question.acceptedAnswerId != null) {
        reverseReputation(tx, {
          postType: 'answer',
          postId: question.acceptedAnswerId,
          kind: 'answer_accepted',
          now,
        })
        reverseReputation(tx, {
          postType: 'answer',
          postId: question.acceptedAnswerId,
          kind: 'accepted_answer',
          now,
        })
      }
      tx.update(questions)
        .set({ acceptedAnswerId: accepting ? answerId : null, lastActivityAt: now })
        .where(eq(questions.id, question.id))
        .run()
      if (accepting) {
        if (answer.authorId !== actor.id) {
          const base = {
            postType: 'answer',
            postId: answerId,
            questionId: question.id,
            actorId: actor.id,
            now,
          } as const
          recordReputation(tx, { ...base, userId: answer.authorId, kind: 'answer_accepted' })
          recordReputation(tx, { ...base, userId: actor.id, kind: 'accepted_answer' })
        }
        notify(tx, {
          userId: answer.authorId,
          actorId: actor.id,
          kind: 'answer_accepted',
          questionId: question.id,
          answerId,
          now,
        })
        awardBadges(tx, 'answer_accepted', [answer.authorId, actor.id], now)
      }
      refreshThreadStatus(tx, question.id, now)
      enqueueThreadReindex(tx, question.id, now)
    },
    { behavior: 'immediate' },
  )
  return { accepted: accepting, questionId: question.id }
}

/**
 * Staff mark the answer the company stands behind (one per thread), or take the mark off.
 * +25 to the answerer unless the answer is staff's own.
 */
export function setOfficialAnswer(
  actor: WriteActor,
  answerId: number,
  official: boolean,
  now = Date.now(),
) {
  assertCanWrite(actor)
  if (!isStaff(actor)) throw new PermissionError('Only staff can mark an official answer.')
  const answer = getLiveAnswer(answerId)
  const question = getLiveQuestion(answer.questionId)
  const current = question.officialAnswerId
  if (official ? current === answerId : current !== answerId) {
    return { official, questionId: question.id } // already so: nothing to change
  }
  db.transaction(
    (tx) => {
      if (current != null) {
        reverseReputation(tx, { postType: 'answer', postId: current, kind: 'answer_official', now })
      }
      tx.update(questions)
        .set({ officialAnswerId: official ? answerId : null, lastActivityAt: now })
        .where(eq(questions.id, question.id))
        .run()
      if (official) {
        const authorIsStaff = isStaff({ role: authorRole(tx, answer.authorId) })
        if (!authorIsStaff) {
          recordReputation(tx, {
            userId: answer.authorId,
            kind: 'answer_official',
            postType: 'answer',
            postId: answerId,
            questionId: question.id,
            actorId: actor.id,
            now,
          })
        }
        notify(tx, {
          userId: answer.authorId,
          actorId: actor.id,
          kind: 'answer_official',
          questionId: question.id,
          answerId,
          now,
        })
        awardBadges(tx, 'answer_official', [answer.authorId], now)
      }
      refreshThreadStatus(tx, question.id, now)
      enqueueThreadReindex(tx, question.id, now)
    },
    { behavior: 'immediate' },
  )
  return { official, questionId: question.id }
}
