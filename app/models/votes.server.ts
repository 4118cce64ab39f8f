// Up- and down-votes. One vote per user per post; casting the same vote again takes it back,
// casting the other replaces it. Score and the ledger move in the vote's transaction.
//
// Anti-gaming: no votes on your own posts; at most 40 votes cast per UTC day (taking a vote
// back is always allowed and frees its place); and at most 200 reputation per UTC day from
// upvotes: past the cap an upvote still counts as a vote and in the score, but its ledger row
// credits what is left of the 200 (0 once it is used up). A reversal reverses the stored
// amount, so users.reputation stays SUM(reputation_events.amount). Serial voting from one
// account to another is reversed later by vote-fraud.server.ts, through retractVote().
import { and, eq, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { answers, questions, reputationEvents, votes, type PostType } from '#db/schema.ts'
import { REPUTATION_VALUES } from '#app/lib/reputation-rules.ts'
import { PermissionError } from './errors.server.ts'
import { getLiveAnswer } from './answers.server.ts'
import { assertNotLocked, assertPrivilege, type WriteActor } from './permissions.server.ts'
import { recordReputation, reverseReputation } from './reputation.server.ts'
import { threadExists } from './thread-activity.server.ts'
import { changeThread } from './thread-writes.server.ts'
import { writeTransaction } from './transaction.server.ts'

export type VoteDirection = 'up' | 'down'

/** Votes a person may cast per UTC day. */
export const DAILY_VOTE_LIMIT = 40
/** Reputation a person may gain from upvotes per UTC day (accepts and official marks: no cap). */
export const DAILY_UPVOTE_REPUTATION_CAP = 200

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

const VOTE_KINDS = [
  'question_upvoted',
  'answer_upvoted',
  'post_downvoted',
  'downvoted_answer',
] as const
const UPVOTE_KINDS = ['question_upvoted', 'answer_upvoted'] as const

interface PostRef {
  postType: PostType
  postId: number
}

/** Midnight UTC at the start of the day `now` falls in. */
export const utcDayStart = (now: number) => Math.floor(now / DAY_MS) * DAY_MS

export function dailyVoteLimitMessage(now: number) {
  const hours = Math.max(1, Math.ceil((utcDayStart(now) + DAY_MS - now) / HOUR_MS))
  return `You have used your ${DAILY_VOTE_LIMIT} votes for today. Voting opens again in ${hours} h.`
}

/** The voter's live votes cast on now's UTC day, leaving out the vote being replaced. */
function votesCastToday(tx: Tx, voterId: number, now: number, replacing?: number) {
  const start = utcDayStart(now)
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(votes)
      .where(
        and(
          eq(votes.userId, voterId),
          gte(votes.createdAt, start),
          lt(votes.createdAt, start + DAY_MS),
          replacing != null ? ne(votes.id, replacing) : undefined,
        ),
      )
      .get()?.n ?? 0
  )
}

/**
 * Reputation the user holds from upvotes given on now's UTC day: the upvote events of that
 * day that are still standing (a reversed one frees its share of the cap).
 */
export function upvoteReputationToday(tx: Tx, userId: number, now: number) {
  const start = utcDayStart(now)
  return (
    tx
      .select({ total: sql<number>`coalesce(sum(${reputationEvents.amount}), 0)` })
      .from(reputationEvents)
      .where(
        and(
          eq(reputationEvents.userId, userId),
          gte(reputationEvents.createdAt, start),
          lt(reputationEvents.createdAt, start + DAY_MS),
          inArray(reputationEvents.kind, UPVOTE_KINDS),
          isNull(reputationEvents.reversalOfId),
          isNull(reputationEvents.reversedAt),
        ),
      )
      .get()?.total ?? 0
  )
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
    const room = DAILY_UPVOTE_REPUTATION_CAP - upvoteReputationToday(tx, vote.authorId, vote.now)
    // Past the cap the row is still written (amount 0): the history shows the upvote, and
    // undoing it reverses exactly what it credited.
    const amount = Math.max(0, Math.min(REPUTATION_VALUES[kind], room))
    recordReputation(tx, { ...base, userId: vote.authorId, kind, amount })
    return
  }
  recordReputation(tx, { ...base, userId: vote.authorId, kind: 'post_downvoted' })
  if (vote.postType === 'answer')
    recordReputation(tx, { ...base, userId: vote.voterId, kind: 'downvoted_answer' })
}

/** Reverses what a vote did to the ledger and deletes it (the score is the caller's). */
function removeVote(tx: Tx, vote: { id: number; userId: number } & PostRef, now: number) {
  for (const kind of VOTE_KINDS) {
    reverseReputation(tx, {
      postType: vote.postType,
      postId: vote.postId,
      kind,
      actorId: vote.userId,
      now,
    })
  }
  tx.delete(votes).where(eq(votes.id, vote.id)).run()
}

function moveScore(tx: Tx, post: PostRef, delta: number) {
  const table = post.postType === 'question' ? questions : answers
  return (
    tx
      .update(table)
      .set({ score: sql`${table.score} + ${delta}` })
      .where(eq(table.id, post.postId))
      .returning({ score: table.score })
      .get()?.score ?? 0
  )
}

export function castVote(
  actor: WriteActor,
  postType: PostType,
  postId: number,
  direction: VoteDirection,
  now = Date.now(),
) {
  const answer = postType === 'answer' ? getLiveAnswer(postId) : null
  const value = direction === 'up' ? 1 : -1

  return changeThread(
    actor,
    answer ? answer.questionId : postId,
    (tx, thread) => {
      const post = { authorId: answer ? answer.authorId : thread.authorId, questionId: thread.id }
      if (post.authorId === actor.id) throw new PermissionError("You can't vote on your own post.")
      assertNotLocked(thread)
      const existing = tx
        .select()
        .from(votes)
        .where(
          and(eq(votes.userId, actor.id), eq(votes.postType, postType), eq(votes.postId, postId)),
        )
        .get()
      const previous = existing?.value ?? 0
      const next = previous === value ? 0 : value
      // Taking a vote back needs no privilege and is never capped: a voter who has since
      // dropped below the threshold (a downvote costs 1) must still be able to undo it.
      if (next !== 0) {
        assertPrivilege(actor, direction === 'up' ? 'upvote' : 'downvote', now)
        if (votesCastToday(tx, actor.id, now, existing?.id) >= DAILY_VOTE_LIMIT)
          throw new PermissionError(dailyVoteLimitMessage(now))
      }

      if (existing) removeVote(tx, existing, now)
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
      const score = moveScore(tx, { postType, postId }, next - previous)
      return {
        change: { type: 'post.voted', postType, postId, postAuthorId: post.authorId, vote: next },
        result: { score, myVote: next },
      }
    },
    now,
  )
}

/**
 * Takes a vote back exactly as its voter undoing it would (ledger reversed, vote deleted,
 * score moved), as a thread write of the system's. For the targeted-voting job, which calls it
 * inside its own transaction and may reach votes on posts locked since. A vote on a deleted
 * thread is taken back without touching the thread.
 */
export function retractVote(
  vote: { id: number; userId: number; value: number } & PostRef,
  now: number,
) {
  const questionId =
    vote.postType === 'question'
      ? vote.postId
      : db
          .select({ questionId: answers.questionId })
          .from(answers)
          .where(eq(answers.id, vote.postId))
          .get()?.questionId
  const retract = (tx: Tx) => {
    removeVote(tx, vote, now)
    moveScore(tx, vote, -vote.value)
  }
  if (questionId == null || !threadExists(questionId)) {
    writeTransaction(retract)
    return
  }
  changeThread(
    null,
    questionId,
    (tx) => {
      retract(tx)
      return {
        change: { type: 'vote.retracted', postType: vote.postType, postId: vote.postId },
        result: undefined,
      }
    },
    now,
  )
}
