// Community votes to close a question (SPEC: "3 000 vote to close"; moderators close directly).
//
// The rules, decided here and enforced on the server whatever the page showed:
// - Members need 3 000 reputation; staff vote whatever their reputation (their role gives them
//   the privilege), and a moderator's or admin's vote closes the question at once.
// - One vote per person and question. Voting again is refused with a message (no retraction:
//   a close vote is a considered act, and reopening starts a fresh round anyway).
// - Askers may vote on their own question (e.g. they found the original); it counts as one vote.
// - No votes on a question that is already closed or a duplicate, nor (members) on a locked one.
// - A duplicate vote names an existing, live question other than this one; when that question is
//   itself a duplicate, the vote points at its original instead (never at this question).
// - The third vote closes the question in its own thread write (the unit of work):
//   closedAt/closedById (the closing voter)/closedReason, duplicateOfId for duplicates; the
//   unit of work moves the status, the search rows and the caches. The reason is the one most
//   votes gave (a tie goes to the closing vote), and a duplicate points at the original most
//   duplicate votes named.
// - Votes stay after the close as the record of who closed it. Reopening (the moderation
//   queue) calls clearCloseVotes() in its transaction so a new round starts from zero.
import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { closeVotes, questions, type CloseReason, type ThreadStatus } from '#db/schema.ts'
import { CLOSE_VOTE_THRESHOLD, closedReasonText } from '#app/lib/close-reasons.ts'
import { hasPrivilege, hasRole } from '#app/lib/privileges.ts'
import { computeThreadStatus } from '#app/lib/thread-status.ts'
import { FieldError, PermissionError } from './errors.server.ts'
import { assertPrivilege, suspensionEnd, type WriteActor } from './permissions.server.ts'
import { similarQuestions } from '#search/index.server.ts'
import { changeThread } from './thread-writes.server.ts'

export interface CloseVoteInput {
  reason: CloseReason
  /** The original, for a duplicate (ignored for other reasons). */
  duplicateOfId?: number
}

export interface CloseVoteResult {
  /** Close votes on the question now, this one included. */
  count: number
  closed: boolean
  status: ThreadStatus
}

/** How far a chain of duplicates is followed to its original. */
const MAX_DUPLICATE_HOPS = 10

function liveQuestion(tx: Tx, questionId: number) {
  return tx
    .select({
      id: questions.id,
      closedAt: questions.closedAt,
      duplicateOfId: questions.duplicateOfId,
      lockedAt: questions.lockedAt,
      status: questions.status,
    })
    .from(questions)
    .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
    .get()
}

/** The original a duplicate vote points at: live, not this question, followed to its root. */
function resolveOriginal(tx: Tx, questionId: number, targetId: number | undefined): number {
  const field = (message: string) => new FieldError({ duplicateOf: [message] }, message)
  if (targetId == null) throw field('Give the link or number of the original question.')
  if (targetId === questionId) throw field('A question cannot be a duplicate of itself.')
  let id = targetId
  for (let hop = 0; hop <= MAX_DUPLICATE_HOPS; hop++) {
    const target = liveQuestion(tx, id)
    if (!target) {
      throw field(
        hop === 0
          ? `There is no question ${targetId}.`
          : `Question ${targetId} has no live original.`,
      )
    }
    if (target.duplicateOfId == null) return target.id
    if (target.duplicateOfId === questionId) {
      throw field(`Question ${targetId} is itself a duplicate of this question.`)
    }
    id = target.duplicateOfId
  }
  throw field(`Question ${targetId} is part of a duplicate chain that is too long.`)
}

/** The most frequent value; on a tie the one met first (values come newest first). */
function mostCommon<T>(values: [T, ...T[]]): T {
  const counts = new Map<T, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  let [best] = values
  let bestCount = 0
  for (const [value, count] of counts) {
    if (count > bestCount) [best, bestCount] = [value, count]
  }
  return best
}

/**
 * The outcome of a community close: the reason most votes gave (a tie goes to the most recent,
 * i.e. the closing vote) and, for a duplicate, the original most duplicate votes named. A
 * duplicate vote whose original has since gone (deleted) no longer counts.
 */
function tallyVotes(tx: Tx, questionId: number) {
  const rows = tx
    .select({ reason: closeVotes.reason, duplicateOfId: closeVotes.duplicateOfId })
    .from(closeVotes)
    .where(eq(closeVotes.questionId, questionId))
    .orderBy(desc(closeVotes.createdAt), desc(closeVotes.id))
    .all()
    .flatMap((vote): { reason: CloseReason; duplicateOfId: number | null }[] => {
      if (vote.reason !== 'duplicate') return [{ reason: vote.reason, duplicateOfId: null }]
      try {
        const original = resolveOriginal(tx, questionId, vote.duplicateOfId ?? undefined)
        return [{ reason: vote.reason, duplicateOfId: original }]
      } catch (error) {
        if (error instanceof FieldError) return []
        throw error
      }
    })
  // The closing vote was checked a moment ago, so at least one row is left.
  const [first, ...rest] = rows
  if (!first) throw new Error(`no valid close votes on question ${questionId}`)
  const reason = mostCommon([first.reason, ...rest.map((r) => r.reason)])
  if (reason !== 'duplicate') return { reason, duplicateOfId: null }
  const [target, ...others] = rows.flatMap((r) =>
    r.duplicateOfId == null ? [] : [r.duplicateOfId],
  )
  return { reason, duplicateOfId: target == null ? null : mostCommon([target, ...others]) }
}

/**
 * Casts the actor's vote to close a question; the third vote, or a moderator's, closes it.
 * Throws PermissionError (privilege, already closed, already voted), FieldError (a bad
 * duplicate target, on the `duplicateOf` field) or NotFoundError (no such live question).
 */
export function voteToClose(
  actor: WriteActor,
  questionId: number,
  input: CloseVoteInput,
  now = Date.now(),
): CloseVoteResult {
  assertPrivilege(actor, 'voteToClose', now)
  const binding = hasRole(actor, 'moderator')
  return changeThread<CloseVoteResult>(
    actor,
    questionId,
    (tx, question) => {
      if (question.closedAt != null || question.duplicateOfId != null) {
        throw new PermissionError('This question is already closed.')
      }
      if (question.lockedAt != null && !binding) throw new PermissionError('This thread is locked.')
      const already = tx
        .select({ id: closeVotes.id })
        .from(closeVotes)
        .where(and(eq(closeVotes.questionId, questionId), eq(closeVotes.voterId, actor.id)))
        .get()
      if (already) throw new PermissionError('You have already voted to close this question.')
      const duplicateOfId =
        input.reason === 'duplicate' ? resolveOriginal(tx, questionId, input.duplicateOfId) : null

      tx.insert(closeVotes)
        .values({
          questionId,
          voterId: actor.id,
          reason: input.reason,
          duplicateOfId,
          createdAt: now,
        })
        .run()
      const count = countVotes(tx, questionId)
      if (!binding && count < CLOSE_VOTE_THRESHOLD) {
        // A vote alone moves no fact of the thread: its status stays.
        return {
          change: { type: 'question.close_voted', votes: count },
          result: { count, closed: false, status: question.status },
        }
      }

      // A moderator decides alone; the community by the reason most of its votes gave.
      const outcome = binding ? { reason: input.reason, duplicateOfId } : tallyVotes(tx, questionId)
      const reason = closedReasonText(outcome.reason)
      tx.update(questions)
        .set({
          closedAt: now,
          closedById: actor.id,
          closedReason: reason,
          duplicateOfId: outcome.duplicateOfId,
        })
        .where(eq(questions.id, questionId))
        .run()
      return {
        change: { type: 'question.closed', reason, duplicateOfId: outcome.duplicateOfId },
        result: {
          count,
          closed: true,
          status: computeThreadStatus({
            closed: true,
            duplicateOfId: outcome.duplicateOfId,
            answerCount: 0, // a closed thread's status follows from the close alone
            acceptedAnswerId: question.acceptedAnswerId,
            officialAnswerId: question.officialAnswerId,
          }),
        },
      }
    },
    now,
  )
}

function countVotes(tx: Tx, questionId: number): number {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(closeVotes)
      .where(eq(closeVotes.questionId, questionId))
      .get()?.n ?? 0
  )
}

export interface CloseVoteSummary {
  count: number
  threshold: number
  /** Whether the viewer has voted to close (false for visitors). */
  viewerVoted: boolean
}

/** What the thread page shows: "2 of 3 votes to close", and whether the viewer is one of them. */
export function closeVoteSummary(questionId: number, viewerId: number | null): CloseVoteSummary {
  const row = db
    .select({
      count: sql<number>`count(*)`,
      viewerVoted: sql<number>`coalesce(sum(${closeVotes.voterId} = ${viewerId ?? -1}), 0)`,
    })
    .from(closeVotes)
    .where(eq(closeVotes.questionId, questionId))
    .get()
  return {
    count: row?.count ?? 0,
    threshold: CLOSE_VOTE_THRESHOLD,
    viewerVoted: (row?.viewerVoted ?? 0) > 0,
  }
}

/**
 * The close disclosure for this viewer, or null when it has no place: a visitor, a suspended
 * account, a question already closed, or (for all but moderators) a locked one.
 */
export function closeVotingFor(questionId: number, viewer: WriteActor | null) {
  // A suspension that has run out counts as over here too (suspensionEnd), as for every write.
  if (!viewer || viewer.status === 'deleted' || suspensionEnd(viewer) != null) return null
  const binding = hasRole(viewer, 'moderator')
  const question = db
    .select({
      closedAt: questions.closedAt,
      duplicateOfId: questions.duplicateOfId,
      lockedAt: questions.lockedAt,
    })
    .from(questions)
    .where(and(eq(questions.id, questionId), isNull(questions.deletedAt)))
    .get()
  if (!question || question.closedAt != null || question.duplicateOfId != null) return null
  if (question.lockedAt != null && !binding) return null
  return {
    ...closeVoteSummary(questionId, viewer.id),
    canVote: hasPrivilege(viewer, 'voteToClose'),
    binding,
  }
}

/** The live original a duplicate points at (for the "Closed" notice's link), or null. */
export function duplicateOriginal(questionId: number) {
  const row = db
    .select({ duplicateOfId: questions.duplicateOfId })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()
  if (row?.duplicateOfId == null) return null
  return (
    db
      .select({ id: questions.id, title: questions.title, slug: questions.slug })
      .from(questions)
      .where(and(eq(questions.id, row.duplicateOfId), isNull(questions.deletedAt)))
      .get() ?? null
  )
}

/**
 * Deletes a question's close votes. Reopening calls it in its own transaction, so the votes
 * that closed the question do not count towards (or block) the next round. Returns how many.
 */
export function clearCloseVotes(tx: Tx, questionId: number): number {
  return tx.delete(closeVotes).where(eq(closeVotes.questionId, questionId)).run().changes
}

/**
 * The threads most like this one, offered as the original to whoever may still vote to close
 * it (the search behind "mark duplicate"); nobody else pays for the look-up.
 */
export async function candidateOriginals(
  question: { id: number; title: string },
  voting: ReturnType<typeof closeVotingFor>,
) {
  if (!voting?.canVote || voting.viewerVoted) return []
  const hits = await similarQuestions({ text: question.title, excludeId: question.id, limit: 5 })
  return hits.map((h) => ({ id: h.id, title: h.title }))
}
