// "I'm on it": a staff member claims a waiting question so that two people don't answer the same
// customer. Every staff member sees the claim (who, since when). It lapses CLAIM_MINUTES after it
// was made unless the claimant has answered the question since; the claimant can release it, and
// anyone can claim the question again once it has lapsed. Each claim is a step on the question's
// staff timeline. The newest staff_claims row of a question is its claim; older rows are history.
import { and, eq, inArray, isNull, max } from 'drizzle-orm'
import { db, preparedStatement, type Tx } from '#db/client.server.ts'
import { questions, staffClaims, users } from '#db/schema.ts'
import { isStaff } from '#app/lib/privileges.ts'
import { formatClockTime } from '#app/lib/staff-times.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { recordTimeline } from './timeline.server.ts'
import { writeTransaction } from './transaction.server.ts'

export const CLAIM_MINUTES = 30
const CLAIM_MS = CLAIM_MINUTES * 60_000

export interface StaffClaim {
  id: number
  questionId: number
  user: { id: number; handle: string }
  claimedAt: number
  /** When it lapses; null while the claimant's answer keeps it (it no longer lapses). */
  lapsesAt: number | null
  /** The claimant has answered the question since claiming it. */
  answered: boolean
}

interface ClaimRow {
  id: number
  questionId: number
  userId: number
  handle: string
  claimedAt: number
  releasedAt: number | null
}

const claimColumns = {
  id: staffClaims.id,
  questionId: staffClaims.questionId,
  userId: staffClaims.userId,
  handle: users.handle,
  claimedAt: staffClaims.claimedAt,
  releasedAt: staffClaims.releasedAt,
}

/** Whether the claimant posted a live answer on the question since the claim (by index). */
function answeredSince(row: ClaimRow) {
  return (
    preparedStatement(
      `SELECT 1 FROM answers INDEXED BY answers_author_idx
        WHERE author_id = ? AND created_at >= ? AND question_id = ? AND deleted_at IS NULL LIMIT 1`,
    ).get(row.userId, row.claimedAt, row.questionId) != null
  )
}

/** The claim as shown, or null when it was released or has lapsed at `now`. */
function liveOrNull(row: ClaimRow | undefined, now: number): StaffClaim | null {
  if (!row || row.releasedAt != null || now < row.claimedAt) return null
  const withinWindow = now < row.claimedAt + CLAIM_MS
  const answered = answeredSince(row)
  if (!withinWindow && !answered) return null
  return {
    id: row.id,
    questionId: row.questionId,
    user: { id: row.userId, handle: row.handle },
    claimedAt: row.claimedAt,
    lapsesAt: answered ? null : row.claimedAt + CLAIM_MS,
    answered,
  }
}

function newestClaimRow(reader: Pick<Tx, 'select'>, questionId: number): ClaimRow | undefined {
  return reader
    .select(claimColumns)
    .from(staffClaims)
    .innerJoin(users, eq(users.id, staffClaims.userId))
    .where(eq(staffClaims.questionId, questionId))
    .orderBy(staffClaims.id)
    .all()
    .at(-1)
}

/** The live claims of these questions (a page of the queue), by question id. */
export function liveClaims(questionIds: number[], now = Date.now()): Map<number, StaffClaim> {
  const result = new Map<number, StaffClaim>()
  if (questionIds.length === 0) return result
  // Each question's newest claim: the max id per question, read off staff_claims_question_idx.
  const newest = db
    .select({ id: max(staffClaims.id) })
    .from(staffClaims)
    .where(inArray(staffClaims.questionId, questionIds))
    .groupBy(staffClaims.questionId)
  const rows = db
    .select(claimColumns)
    .from(staffClaims)
    .innerJoin(users, eq(users.id, staffClaims.userId))
    .where(and(inArray(staffClaims.id, newest), isNull(staffClaims.releasedAt)))
    .all()
  for (const row of rows) {
    const claim = liveOrNull(row, now)
    if (claim) result.set(row.questionId, claim)
  }
  return result
}

export function liveClaim(questionId: number, now = Date.now()) {
  return liveOrNull(newestClaimRow(db, questionId), now)
}

/** What a refused claim says: who holds the question and since when. */
export function heldByMessage(claim: StaffClaim, now: number) {
  return `@${claim.user.handle} is already on it (since ${formatClockTime(claim.claimedAt, now)}).`
}

function assertStaff(actor: WriteActor, now: number) {
  if (!isStaff(actor)) throw new PermissionError('Only staff can say they are on a question.')
  assertCanWrite(actor, now)
}

/**
 * Claims the question for `actor`. Refused while another staff member's claim is live (the
 * message names them); the actor's own live claim is kept as it is (a second click is harmless).
 */
export function claimQuestion(actor: WriteActor, questionId: number, now = Date.now()) {
  assertStaff(actor, now)
  return writeTransaction((tx) => {
    const question = tx
      .select({ status: questions.status, deletedAt: questions.deletedAt })
      .from(questions)
      .where(eq(questions.id, questionId))
      .get()
    if (!question || question.deletedAt != null) throw new NotFoundError('Question not found')
    if (question.status !== 'open' && question.status !== 'answered') {
      throw new FieldError(
        { claim: ['This question is no longer waiting.'] },
        'This question is no longer waiting: it is resolved or closed.',
      )
    }
    const current = liveOrNull(newestClaimRow(tx, questionId), now)
    if (current && current.user.id !== actor.id) {
      const message = heldByMessage(current, now)
      throw new FieldError({ claim: [message] }, message)
    }
    if (current) return current
    const id = tx
      .insert(staffClaims)
      .values({ questionId, userId: actor.id, claimedAt: now })
      .returning({ id: staffClaims.id })
      .get().id
    recordTimeline(tx, {
      questionId,
      kind: 'claimed',
      actorId: actor.id,
      at: now,
      detail: { claimId: id, lapsesAfterMinutes: CLAIM_MINUTES },
    })
    return liveOrNull(newestClaimRow(tx, questionId), now)!
  })
}

/** Ends the actor's own live claim on the question; anyone else's claim is theirs to release. */
export function releaseClaim(actor: WriteActor, questionId: number, now = Date.now()) {
  assertStaff(actor, now)
  writeTransaction((tx) => {
    const current = liveOrNull(newestClaimRow(tx, questionId), now)
    if (!current) return
    if (current.user.id !== actor.id) {
      throw new PermissionError(`Only @${current.user.handle} can release their claim.`)
    }
    tx.update(staffClaims).set({ releasedAt: now }).where(eq(staffClaims.id, current.id)).run()
  })
}

/** What a thread page shows staff of a waiting question's claim; null for anyone else. */
export function staffClaimOnThread(
  viewer: WriteActor | null,
  question: { id: number; status: string },
  now = Date.now(),
) {
  if (!viewer || !isStaff(viewer)) return null
  if (question.status !== 'open' && question.status !== 'answered') return null
  return { questionId: question.id, claim: liveClaim(question.id, now), now }
}
