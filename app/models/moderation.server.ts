// What moderators do: to threads, each act a thread write (the unit of work recomputes the thread,
// refreshes search and drops cached pages) with its row on the moderation log, written in the
// same transaction with the state before it; and to members, suspensions.
import { eq } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { questions, users } from '#db/schema.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { clearCloseVotes } from './close-votes.server.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { moderationLogPage, recordModeration } from './moderation-log.server.ts'
import { assertCanWrite, suspensionEnd, type WriteActor } from './permissions.server.ts'
import { changeThread } from './thread-writes.server.ts'
import { writeTransaction } from './transaction.server.ts'

export function assertModerator(actor: WriteActor, what: string) {
  assertCanWrite(actor)
  if (!hasRole(actor, 'moderator')) throw new PermissionError(`Only moderators can ${what}.`)
}

/**
 * Locks a thread (no answers, comments, votes or edits until it is unlocked; the reason is shown
 * on it and in every refusal) or unlocks it. Locking an already locked thread is refused.
 */
export function setThreadLock(
  actor: WriteActor,
  questionId: number,
  input: { locked: boolean; reason: string },
  now = Date.now(),
) {
  assertModerator(actor, input.locked ? 'lock threads' : 'unlock threads')
  const reason = input.reason.trim()
  if (input.locked && !reason) throw new FieldError({ reason: ['Say why the thread is locked'] })
  return changeThread(
    actor,
    questionId,
    (tx, thread) => {
      const locked = thread.lockedAt != null
      if (locked === input.locked) {
        throw new PermissionError(
          locked ? 'This thread is already locked.' : 'This thread is not locked.',
        )
      }
      const lockedById = tx
        .select({ id: questions.lockedById })
        .from(questions)
        .where(eq(questions.id, questionId))
        .get()?.id
      tx.update(questions)
        .set(
          input.locked
            ? { lockedAt: now, lockedById: actor.id, lockReason: reason }
            : { lockedAt: null, lockedById: null, lockReason: null },
        )
        .where(eq(questions.id, questionId))
        .run()
      recordModeration(tx, {
        actorId: actor.id,
        action: input.locked ? 'lock' : 'unlock',
        targetType: 'question',
        targetId: questionId,
        reason,
        before: { lockedAt: thread.lockedAt, lockReason: thread.lockReason, lockedById },
        createdAt: now,
      })
      return {
        change: { type: 'thread.locked', locked: input.locked, reason },
        result: { locked: input.locked },
      }
    },
    now,
  )
}

/**
 * Reopens a closed or duplicate question (the SPEC's moderator power beside close): the close and
 * the duplicate link come off, the votes that closed it are cleared so a new round starts from
 * zero, and the unit of work recomputes the status from the answers (open, answered, resolved).
 */
export function reopenQuestion(
  actor: WriteActor,
  questionId: number,
  input: { reason: string },
  now = Date.now(),
) {
  assertModerator(actor, 'reopen questions')
  const reason = input.reason.trim()
  return changeThread(
    actor,
    questionId,
    (tx, thread) => {
      if (thread.closedAt == null && thread.duplicateOfId == null) {
        throw new PermissionError('This question is not closed.')
      }
      const closed = tx
        .select({ closedReason: questions.closedReason, closedById: questions.closedById })
        .from(questions)
        .where(eq(questions.id, questionId))
        .get()
      tx.update(questions)
        .set({ closedAt: null, closedById: null, closedReason: null, duplicateOfId: null })
        .where(eq(questions.id, questionId))
        .run()
      const votesCleared = clearCloseVotes(tx, questionId)
      recordModeration(tx, {
        actorId: actor.id,
        action: 'reopen',
        targetType: 'question',
        targetId: questionId,
        reason,
        before: {
          closedAt: thread.closedAt,
          duplicateOfId: thread.duplicateOfId,
          closedReason: closed?.closedReason ?? null,
          closedById: closed?.closedById ?? null,
          closeVotes: votesCleared,
        },
        createdAt: now,
      })
      return { change: { type: 'question.reopened', reason }, result: { reopened: true } }
    },
    now,
  )
}

export const SUSPENSION_DAYS = [1, 7, 30, 365] as const
export type SuspensionDays = (typeof SUSPENSION_DAYS)[number]
const DAY_MS = 86_400_000

/** The member a moderator acts on, as the rules need them. */
function memberToModerate(tx: Tx, userId: number) {
  const target = tx
    .select({
      id: users.id,
      role: users.role,
      status: users.status,
      suspendedUntil: users.suspendedUntil,
      suspensionReason: users.suspensionReason,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  if (!target || target.status === 'deleted') throw new NotFoundError('No such member.')
  return target
}

/**
 * Suspends a member for 1, 7, 30 or 365 days: they still read and log in, every write is refused
 * with the reason and the end date, and it ends by itself. Moderators suspend members only;
 * staff, moderators and admins can be suspended by an admin only, and no one suspends an admin
 * or themselves. A running suspension is replaced by the new one (logged with the old).
 */
export function suspendMember(
  actor: WriteActor,
  input: { userId: number; days: SuspensionDays; reason: string },
  now = Date.now(),
) {
  assertModerator(actor, 'suspend members')
  const reason = input.reason.trim()
  if (!reason) throw new FieldError({ reason: ['Say why they are suspended'] })
  if (!SUSPENSION_DAYS.includes(input.days)) {
    throw new FieldError({ days: ['Choose 1, 7, 30 or 365 days'] })
  }
  return writeTransaction((tx) => {
    const target = memberToModerate(tx, input.userId)
    if (target.id === actor.id) throw new PermissionError("You can't suspend yourself.")
    if (target.role === 'admin') throw new PermissionError('Admins cannot be suspended.')
    if (target.role !== 'member' && !hasRole(actor, 'admin')) {
      throw new PermissionError('Only an admin can suspend staff or moderators.')
    }
    const until = now + input.days * DAY_MS
    tx.update(users)
      .set({ status: 'suspended', suspendedUntil: until, suspensionReason: reason })
      .where(eq(users.id, target.id))
      .run()
    recordModeration(tx, {
      actorId: actor.id,
      action: 'suspend',
      targetType: 'user',
      targetId: target.id,
      reason,
      before: stateOf(target),
      after: { status: 'suspended', suspendedUntil: until, days: input.days },
      createdAt: now,
    })
    return { userId: target.id, until }
  })
}

/** Ends a running suspension early (moderators and admins), on the record. */
export function liftSuspension(
  actor: WriteActor,
  input: { userId: number; reason: string },
  now = Date.now(),
) {
  assertModerator(actor, 'lift suspensions')
  return writeTransaction((tx) => {
    const target = memberToModerate(tx, input.userId)
    if (suspensionEnd(target, now) == null) {
      throw new PermissionError('This member is not suspended.')
    }
    tx.update(users)
      .set({ status: 'active', suspendedUntil: null, suspensionReason: null })
      .where(eq(users.id, target.id))
      .run()
    recordModeration(tx, {
      actorId: actor.id,
      action: 'unsuspend',
      targetType: 'user',
      targetId: target.id,
      reason: input.reason.trim(),
      before: stateOf(target),
      after: { status: 'active' },
      createdAt: now,
    })
    return { userId: target.id }
  })
}

const stateOf = (member: {
  status: string
  suspendedUntil: number | null
  suspensionReason: string | null
}) => ({
  status: member.status,
  suspendedUntil: member.suspendedUntil,
  suspensionReason: member.suspensionReason,
})

/**
 * What a moderator sees and may do about a member on their profile: the running suspension (if
 * any) and whether they may suspend them. Null for everyone else, and on one's own profile.
 */
export function memberModeration(viewer: WriteActor | null, memberId: number, now = Date.now()) {
  if (!viewer || viewer.id === memberId || !hasRole(viewer, 'moderator')) return null
  const member = db
    .select({
      role: users.role,
      status: users.status,
      suspendedUntil: users.suspendedUntil,
      suspensionReason: users.suspensionReason,
    })
    .from(users)
    .where(eq(users.id, memberId))
    .get()
  if (!member) return null
  const until = suspensionEnd(member, now)
  return {
    suspension: until == null ? null : { until, reason: member.suspensionReason ?? '' },
    canSuspend: member.role === 'member' || (member.role !== 'admin' && hasRole(viewer, 'admin')),
  }
}

/** The thread's own entries of the moderation log, newest first: moderators read them on it. */
export function threadModerationHistory(viewer: WriteActor | null, questionId: number) {
  if (!viewer || !hasRole(viewer, 'moderator')) return []
  return moderationLogPage({ target: { type: 'question', id: questionId }, limit: 10 }).entries
}
