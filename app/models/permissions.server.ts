// Server-side checks shared by the post models; each throws PermissionError with a message
// a person can act on.
import { formatMoment } from '#app/lib/dates.ts'
import {
  hasPrivilege,
  hasRole,
  privilegeMessage,
  type Actor,
  type Privilege,
} from '#app/lib/privileges.ts'
import { PermissionError } from './errors.server.ts'

export interface WriteActor extends Actor {
  status?: 'active' | 'suspended' | 'deleted'
  suspendedUntil?: number | null
  suspensionReason?: string | null
}

/** The end of the actor's suspension if one is running at `now` (it ends by itself), else null. */
export function suspensionEnd(
  actor: Pick<WriteActor, 'status' | 'suspendedUntil'>,
  now = Date.now(),
): number | null {
  if (actor.status !== 'suspended') return null
  const until = actor.suspendedUntil ?? Number.POSITIVE_INFINITY
  return until > now ? until : null
}

export function suspensionMessage(until: number, reason: string | null | undefined) {
  const end = Number.isFinite(until) ? ` until ${formatMoment(until)}` : ''
  return `Your account is suspended${end}${reason?.trim() ? `: ${reason.trim()}` : '.'}`
}

/** Every write starts here: a running suspension refuses it with its reason and end date. */
export function assertCanWrite(actor: WriteActor, now = Date.now()) {
  if (actor.status === 'deleted') throw new PermissionError('This account has been deleted.')
  const until = suspensionEnd(actor, now)
  if (until != null) throw new PermissionError(suspensionMessage(until, actor.suspensionReason))
}

export function assertPrivilege(actor: WriteActor, privilege: Privilege, now = Date.now()) {
  assertCanWrite(actor, now)
  if (!hasPrivilege(actor, privilege)) throw new PermissionError(privilegeMessage(privilege))
}

/** The refusal every write on a locked thread gets: it says why the thread was locked. */
export function assertNotLocked(thread: { lockedAt: number | null; lockReason?: string | null }) {
  if (thread.lockedAt == null) return
  const reason = thread.lockReason?.trim()
  throw new PermissionError(
    reason ? `This thread is locked by a moderator: ${reason}` : 'This thread is locked.',
  )
}

/** Posts of a locked thread stay as they are; moderators, who can unlock it, may still edit. */
export function assertCanEditLocked(
  actor: Actor,
  thread: { lockedAt: number | null; lockReason?: string | null },
) {
  if (!hasRole(actor, 'moderator')) assertNotLocked(thread)
}

export function canEditPost(actor: Actor, authorId: number) {
  return actor.id === authorId || hasPrivilege(actor, 'editAny')
}

export function assertCanEditPost(actor: WriteActor, authorId: number, now = Date.now()) {
  assertCanWrite(actor, now)
  if (!canEditPost(actor, authorId)) throw new PermissionError(privilegeMessage('editAny'))
}
