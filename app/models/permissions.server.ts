// Server-side checks shared by the post models; each throws PermissionError with a message
// a person can act on.
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
}

export function assertCanWrite(actor: WriteActor) {
  if (actor.status === 'suspended') throw new PermissionError('Your account is suspended.')
  if (actor.status === 'deleted') throw new PermissionError('This account has been deleted.')
}

export function assertPrivilege(actor: WriteActor, privilege: Privilege) {
  assertCanWrite(actor)
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

export function assertCanEditPost(actor: WriteActor, authorId: number) {
  assertCanWrite(actor)
  if (!canEditPost(actor, authorId)) throw new PermissionError(privilegeMessage('editAny'))
}
