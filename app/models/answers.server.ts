// Answers, and the two marks an answer can carry: accepted (by the asker) and official (by staff).
import { and, eq, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { answers, questions, revisions, users } from '#db/schema.ts'
import { renderMarkdown } from '#app/lib/markdown.server.ts'
import { isStaff } from '#app/lib/privileges.ts'
import { NotFoundError, PermissionError } from './errors.server.ts'
import { resolveMentions } from './mentions.server.ts'
import {
  officialNote,
  recordOfficialMark,
  recordOfficialWithdrawal,
} from './official-marks.server.ts'
import {
  assertCanEditLocked,
  assertCanEditPost,
  assertCanWrite,
  assertNotLocked,
  type WriteActor,
} from './permissions.server.ts'
import { assertPostAllowed, bodyFingerprint } from './post-limits.server.ts'
import { getLiveQuestion, nextRevision, type PostOptions } from './questions.server.ts'
import { recordReputation, reverseReputation } from './reputation.server.ts'
import { changeThread } from './thread-writes.server.ts'

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
  lockReason: string | null
}) {
  assertNotLocked(question)
  if (question.closedAt != null || question.duplicateOfId != null) {
    throw new PermissionError('This question is closed and no longer takes answers.')
  }
}

export function createAnswer(
  author: WriteActor,
  questionId: number,
  body: string,
  now = Date.now(),
  options: PostOptions = {},
) {
  assertCanWrite(author, now)
  const mentions = resolveMentions(body)
  const bodyHtml = renderMarkdown(body, { mentions: mentions.known })
  return changeThread(
    author,
    questionId,
    (tx, thread) => {
      assertThreadOpenForAnswers(thread)
      if (!options.history) assertPostAllowed(tx, author, { kind: 'answer', body }, now)
      const answer = tx
        .insert(answers)
        .values({
          questionId,
          authorId: author.id,
          bodyMd: body,
          bodyFingerprint: bodyFingerprint(body),
          bodyHtml,
          createdAt: now,
        })
        .returning({ id: answers.id })
        .get()
      tx.update(questions)
        .set({
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
      return {
        change: { type: 'answer.posted', answerId: answer.id, mentionedUserIds: mentions.userIds },
        result: answer,
      }
    },
    now,
  )
}

export function editAnswer(
  actor: WriteActor,
  answerId: number,
  edit: { body: string; summary?: string },
  now = Date.now(),
) {
  const answer = getLiveAnswer(answerId)
  assertCanEditPost(actor, answer.authorId, now)
  const mentions = resolveMentions(edit.body)
  const bodyHtml = renderMarkdown(edit.body, { mentions: mentions.known })
  changeThread(
    actor,
    answer.questionId,
    (tx, thread) => {
      assertCanEditLocked(actor, thread)
      tx.update(answers)
        .set({
          bodyMd: edit.body,
          bodyFingerprint: bodyFingerprint(edit.body),
          bodyHtml,
          editedAt: now,
          lastEditorId: actor.id,
        })
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
      tx.update(questions)
        .set({ lastActivityAt: now })
        .where(eq(questions.id, answer.questionId))
        .run()
      return {
        change: {
          type: 'answer.edited',
          answerId,
          answerAuthorId: answer.authorId,
          mentionedUserIds: mentions.userIds,
        },
        result: undefined,
      }
    },
    now,
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
  assertCanWrite(actor, now)
  const answer = getLiveAnswer(answerId)
  return changeThread(
    actor,
    answer.questionId,
    (tx, question) => {
      if (question.authorId !== actor.id) {
        throw new PermissionError('Only the person who asked can accept an answer.')
      }
      assertNotLocked(question)
      const accepting = question.acceptedAnswerId !== answerId
      if (question.acceptedAnswerId != null) {
        for (const kind of ['answer_accepted', 'accepted_answer'] as const) {
          reverseReputation(tx, {
            postType: 'answer',
            postId: question.acceptedAnswerId,
            kind,
            now,
          })
        }
      }
      tx.update(questions)
        .set({ acceptedAnswerId: accepting ? answerId : null, lastActivityAt: now })
        .where(eq(questions.id, question.id))
        .run()
      if (accepting && answer.authorId !== actor.id) {
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
      return {
        change: {
          type: 'answer.accepted',
          answerId,
          answerAuthorId: answer.authorId,
          accepted: accepting,
        },
        result: { accepted: accepting, questionId: question.id },
      }
    },
    now,
  )
}

/**
 * Staff mark the answer the company stands behind (one per thread), with an optional
 * product/version note, or take the mark off. +25 to the answerer unless the answer is staff's
 * own. The mark's record (who, when, the note) and its timeline step are in the same transaction.
 */
export function setOfficialAnswer(
  actor: WriteActor,
  answerId: number,
  official: boolean,
  now = Date.now(),
  mark: { note?: string } = {},
) {
  assertCanWrite(actor, now)
  if (!isStaff(actor)) throw new PermissionError('Only staff can mark an official answer.')
  const note = officialNote(mark.note)
  const answer = getLiveAnswer(answerId)
  const current = getLiveQuestion(answer.questionId).officialAnswerId
  if (official ? current === answerId : current !== answerId) {
    return { official, questionId: answer.questionId } // already so: nothing to change
  }
  return changeThread(
    actor,
    answer.questionId,
    (tx, question) => {
      if (question.officialAnswerId != null) {
        reverseReputation(tx, {
          postType: 'answer',
          postId: question.officialAnswerId,
          kind: 'answer_official',
          now,
        })
      }
      tx.update(questions)
        .set({ officialAnswerId: official ? answerId : null, lastActivityAt: now })
        .where(eq(questions.id, question.id))
        .run()
      const step = { questionId: question.id, actorId: actor.id, now }
      if (official) {
        const replacedAnswerId = question.officialAnswerId
        recordOfficialMark(tx, { ...step, answerId, note, replacedAnswerId })
      } else recordOfficialWithdrawal(tx, { ...step, answerId })
      if (official && !isStaff({ role: authorRole(tx, answer.authorId) })) {
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
      return {
        change: { type: 'answer.official', answerId, answerAuthorId: answer.authorId, official },
        result: { official, questionId: question.id },
      }
    },
    now,
  )
}
