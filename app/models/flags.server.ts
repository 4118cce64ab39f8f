import { db } from '#db/client.server.ts'
import { flags, type FlagReason, type PostType } from '#db/schema.ts'
import { getLiveAnswer } from './answers.server.ts'
import { PermissionError } from './errors.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { getLiveQuestion } from './questions.server.ts'

/** Raises a flag for the moderators; flagging the same post twice keeps the first flag. */
export function flagPost(
  reporter: WriteActor,
  postType: PostType,
  postId: number,
  reason: FlagReason,
  details = '',
  now = Date.now(),
) {
  assertCanWrite(reporter, now)
  const post = postType === 'question' ? getLiveQuestion(postId) : getLiveAnswer(postId)
  if (post.authorId === reporter.id) throw new PermissionError("You can't flag your own post.")
  const questionId = 'questionId' in post ? post.questionId : post.id
  const inserted = db
    .insert(flags)
    .values({
      postType,
      postId,
      questionId,
      reporterId: reporter.id,
      reason,
      details,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: flags.id })
    .get()
  return { created: inserted != null, questionId }
}
