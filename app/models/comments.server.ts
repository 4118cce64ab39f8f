import { eq, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { answers, comments, questions } from '#db/schema.ts'
import { publishThreadEvent } from '#app/lib/live-events.server.ts'
import { renderInlineMarkdown } from '#app/lib/markdown.server.ts'
import { hasPrivilege, privilegeMessage } from '#app/lib/privileges.ts'
import { PermissionError } from './errors.server.ts'
import { getLiveAnswer } from './answers.server.ts'
import { awardBadges } from './badges.server.ts'
import { resolveMentions } from './mentions.server.ts'
import { notify, notifyMentions } from './notifications.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { getLiveQuestion } from './questions.server.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'

/**
 * Comments on a question or an answer. Anyone may comment on their own posts and on the
 * answers to their own question; elsewhere it takes the "comment anywhere" privilege.
 */
export function addComment(
  author: WriteActor,
  target: { questionId: number; answerId?: number | null },
  body: string,
  now = Date.now(),
) {
  assertCanWrite(author)
  const question = getLiveQuestion(target.questionId)
  const answer = target.answerId != null ? getLiveAnswer(target.answerId) : null
  if (answer && answer.questionId !== question.id)
    throw new PermissionError('That answer is not in this thread.')
  if (question.lockedAt != null) throw new PermissionError('This thread is locked.')
  const postAuthorId = answer ? answer.authorId : question.authorId
  const ownThread = postAuthorId === author.id || question.authorId === author.id
  if (!ownThread && !hasPrivilege(author, 'commentAnywhere')) {
    throw new PermissionError(privilegeMessage('commentAnywhere'))
  }
  const mentions = resolveMentions(body)
  const bodyHtml = renderInlineMarkdown(body, { mentions: mentions.known })
  const created = db.transaction(
    (tx) => {
      const comment = tx
        .insert(comments)
        .values({
          questionId: question.id,
          answerId: answer?.id ?? null,
          authorId: author.id,
          bodyMd: body,
          bodyHtml,
          createdAt: now,
        })
        .returning({ id: comments.id })
        .get()
      if (answer) {
        tx.update(answers)
          .set({ commentCount: sql`${answers.commentCount} + 1` })
          .where(eq(answers.id, answer.id))
          .run()
      }
      tx.update(questions)
        .set({ commentCount: sql`${questions.commentCount} + 1`, lastActivityAt: now })
        .where(eq(questions.id, question.id))
        .run()
      notify(tx, {
        userId: postAuthorId,
        actorId: author.id,
        kind: 'comment_on_post',
        questionId: question.id,
        answerId: answer?.id,
        commentId: comment.id,
        now,
      })
      notifyMentions(tx, {
        userIds: mentions.userIds,
        actorId: author.id,
        questionId: question.id,
        answerId: answer?.id,
        commentId: comment.id,
        skip: [postAuthorId],
        now,
      })
      awardBadges(tx, 'comment_posted', [author.id], now)
      // The thread's last activity moved (a search field) and its page changed.
      enqueueThreadReindex(tx, question.id, now)
      return comment
    },
    { behavior: 'immediate' },
  )
  publishThreadEvent({
    type: 'comment',
    questionId: question.id,
    commentId: created.id,
    answerId: answer?.id ?? null,
    actorId: author.id,
    createdAt: now,
  })
  return created
}
