// What moderators do to threads, each act a thread write (the unit of work recomputes the thread,
// refreshes search and drops cached pages) with its row on the moderation log, written in the
// same transaction with the state before it.
import { eq } from 'drizzle-orm'
import { questions } from '#db/schema.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { FieldError, PermissionError } from './errors.server.ts'
import { recordModeration } from './moderation-log.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { changeThread } from './thread-writes.server.ts'

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
