import { eq, sql } from 'drizzle-orm'
import { answers, comments, questions } from '#db/schema.ts'
import { renderInlineMarkdown } from '#app/lib/markdown.server.ts'
import { hasPrivilege, privilegeMessage } from '#app/lib/privileges.ts'
import { PermissionError } from './errors.server.ts'
import { getLiveAnswer } from './answers.server.ts'
import { resolveMentions } from './mentions.server.ts'
import { assertCanWrite, assertNotLocked, type WriteActor } from './permissions.server.ts'
import { changeThread } from './thread-writes.server.ts'

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
  assertCanWrite(author, now)
  const answer = target.answerId != null ? getLiveAnswer(target.answerId) : null
  if (answer && answer.questionId !== target.questionId)
    throw new PermissionError('That answer is not in this thread.')
  const mentions = resolveMentions(body)
  const bodyHtml = renderInlineMarkdown(body, { mentions: mentions.known })
  return changeThread(
    author,
    target.questionId,
    (tx, question) => {
      assertNotLocked(question)
      const postAuthorId = answer ? answer.authorId : question.authorId
      const ownThread = postAuthorId === author.id || question.authorId === author.id
      if (!ownThread && !hasPrivilege(author, 'commentAnywhere')) {
        throw new PermissionError(privilegeMessage('commentAnywhere'))
      }
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
      // The thread's last activity moves (a search field) and its page changes.
      tx.update(questions).set({ lastActivityAt: now }).where(eq(questions.id, question.id)).run()
      return {
        change: {
          type: 'comment.posted',
          commentId: comment.id,
          answerId: answer?.id ?? null,
          postAuthorId,
          mentionedUserIds: mentions.userIds,
        },
        result: comment,
      }
    },
    now,
  )
}
