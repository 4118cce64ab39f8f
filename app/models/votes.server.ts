// Up- and down-votes. One vote per user per post; casting the same vote again takes it back,
// casting the other replaces it. Score and the ledger move in the vote's transaction.
import { and, eq, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { answers, questions, votes, type PostType } from '#db/schema.ts'
import { enqueueThreadReindex } from '#search/outbox.server.ts'
import { PermissionError } from './errors.server.ts'
import { getLiveAnswer } from './answers.server.ts'
import { assertPrivilege, type WriteActor } from './permissions.server.ts'
import { getLiveQuestion } from './questions.server.ts'
import { recordReputation, reverseReputation } from './reputation.server.ts'

export type VoteDirection = 'up' | 'down'

const VOTE_KINDS = [
  'question_upvoted',
  'answer_upvoted',
  'post_downvoted',
  'downvoted_answer',
] as const

function loadPost(postType: PostType, postId: number) {
  if (postType === 'question') {
    const q = getLiveQuestion(postId)
    return { authorId: q.authorId, questionId: q.id, lockedAt: q.lockedAt }
  }
  const a = getLiveAnswer(postId)
  const q = getLiveQuestion(a.questionId)
  return { authorId: a.authorId, questionId: q.id, lockedAt: q.lockedAt }
}

function recordVoteReputation(
  tx: Tx,
  vote: {
    postType: PostType
    postId: number
    questionId: number
    authorId: number
    voterId: number
    value: number
    now: number
  },
) {
  const base = {
    postType: vote.postType,
    postId: vote.postId,
    questionId: vote.questionId,
    actorId: vote.voterId,
    now: vote.now,
  }
  if (vote.value > 0) {
    const kind = vote.postType === 'answer' ? 'answer_upvoted' : 'question_upvoted'
    recordReputation(tx, { ...base, userId: vote.authorId, kind })
    return
  }
  recordReputation(tx, { ...base, userId: vote.authorId, kind: 'post_downvoted' })
  if (vote.postType === 'answer')
    recordReputation(tx, { ...base, userId: vote.voterId, kind: 'downvoted_answer' })
}

export function castVote(
  actor: WriteActor,
  postType: PostType,
  postId: number,
  direction: VoteDirection,
  now = Date.now(),
) {
  const post = loadPost(postType, postId)
  if (post.authorId === actor.id) throw new PermissionError("You can't vote on your own post.")
  if (post.lockedAt != null) throw new PermissionError('This thread is locked.')
  const value = direction === 'up' ? 1 : -1
  const table = postType === 'question' ? questions : answers

  return db.transaction(
    (tx) => {
      const existing = tx
        .select()
        .from(votes)
        .where(
          and(eq(votes.userId, actor.id), eq(votes.postType, postType), eq(votes.postId, postId)),
        )
        .get()
      const previous = existing?.value ?? 0
      const next = previous === value ? 0 : value
      // Taking a vote back needs no privilege: a voter who has since dropped below the
      // threshold (a downvote costs 1) must still be able to undo it.
      if (next !== 0) assertPrivilege(actor, direction === 'up' ? 'upvote' : 'downvote')

      if (existing) {
        for (const kind of VOTE_KINDS)
          reverseReputation(tx, { postType, postId, kind, actorId: actor.id, now })
        tx.delete(votes).where(eq(votes.id, existing.id)).run()
      }
      if (next !== 0) {
        tx.insert(votes)
          .values({ userId: actor.id, postType, postId, value: next, createdAt: now })
          .run()
        recordVoteReputation(tx, {
          postType,
          postId,
          questionId: post.questionId,
          authorId: post.authorId,
          voterId: actor.id,
          value: next,
          now,
        })
      }
      const updated = tx
        .update(table)
        .set({ score: sql`${table.score} + ${next - previous}` })
        .where(eq(table.id, postId))
        .returning({ score: table.score })
        .get()
      enqueueThreadReindex(tx, post.questionId, now)
      return { score: updated?.score ?? 0, myVote: next }
    },
    { behavior: 'immediate' },
  )
}
