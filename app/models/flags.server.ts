import { and, countDistinct, eq, gte, inArray } from 'drizzle-orm'
import type { Tx } from '#db/client.server.ts'
import { flags, users, type FlagReason, type PostType } from '#db/schema.ts'
import { PRIVILEGES } from '#app/lib/privileges.ts'
import { getLiveAnswer } from './answers.server.ts'
import { hideFlaggedPost } from './deletion.server.ts'
import { PermissionError } from './errors.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { getLiveQuestion } from './questions.server.ts'
import { writeTransaction } from './transaction.server.ts'

/** Flags from this many distinct members (with the upvote privilege) hide a post at once. */
export const HIDE_THRESHOLD = 3
const HIDING_REASONS: FlagReason[] = ['spam', 'rude']

/**
 * Raises a flag for the moderators; flagging the same post twice keeps the first flag. The
 * third spam or rude flag from distinct members with 15 reputation hides the post until a
 * moderator decides (deletion.server.ts hideFlaggedPost), in the flag's own transaction.
 */
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
  return writeTransaction((tx) => {
    const inserted = tx
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
    const hidden =
      inserted != null &&
      HIDING_REASONS.includes(reason) &&
      hidingFlaggers(tx, postType, postId) >= HIDE_THRESHOLD &&
      hideFlaggedPost(reporter.id, { type: postType, id: postId }, now) != null
    return { created: inserted != null, questionId, hidden }
  })
}

/** Distinct members with the upvote privilege who flagged the post as spam or rude, pending. */
function hidingFlaggers(tx: Tx, postType: PostType, postId: number) {
  return tx
    .select({ n: countDistinct(flags.reporterId) })
    .from(flags)
    .innerJoin(users, eq(users.id, flags.reporterId))
    .where(
      and(
        eq(flags.postType, postType),
        eq(flags.postId, postId),
        eq(flags.status, 'pending'),
        inArray(flags.reason, HIDING_REASONS),
        gte(users.reputation, PRIVILEGES.upvote),
      ),
    )
    .get()!.n
}

/**
 * A moderator's decision on a post's pending flags: 'helpful' (they acted on it) or 'declined'
 * (dismissed). Returns the flags it settled, so the caller knows their reasons.
 */
export function resolveFlags(
  tx: Tx,
  post: { type: PostType | 'comment'; id: number },
  outcome: 'helpful' | 'declined',
  moderatorId: number,
  now: number,
) {
  if (post.type === 'comment') return []
  return tx
    .update(flags)
    .set({ status: outcome, handledById: moderatorId, handledAt: now })
    .where(
      and(eq(flags.postType, post.type), eq(flags.postId, post.id), eq(flags.status, 'pending')),
    )
    .returning({ reason: flags.reason, reporterId: flags.reporterId })
    .all()
}
