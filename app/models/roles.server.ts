// Granting and revoking roles (/admin/users): admins only, each change on the moderation log,
// and never the last admin's own role, so the site always has someone who can grant roles.
import { and, asc, eq, sql, type SQLWrapper } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { users, type Role } from '#db/schema.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { recordModeration } from './moderation-log.server.ts'
import { assertCanWrite, type WriteActor } from './permissions.server.ts'
import { writeTransaction } from './transaction.server.ts'

const adminColumns = {
  id: users.id,
  handle: users.handle,
  displayName: users.displayName,
  email: users.email,
  role: users.role,
  reputation: users.reputation,
  status: users.status,
}
export type AdminUserRow = {
  id: number
  handle: string
  displayName: string
  email: string
  role: Role
  reputation: number
  status: 'active' | 'suspended' | 'deleted'
}

export const USER_SEARCH_LIMIT = 25

function assertAdmin(actor: WriteActor) {
  assertCanWrite(actor)
  if (!hasRole(actor, 'admin')) throw new PermissionError('Only admins can change roles.')
}

/**
 * People whose handle or e-mail starts with the query (an e-mail when it holds an "@"), in
 * index order; without a query, everyone who holds a role. Both read an index range.
 */
export function findUsersForAdmin(query: string): AdminUserRow[] {
  const q = query.trim().toLowerCase()
  const prefix = (column: SQLWrapper) => sql`${column} >= ${q} AND ${column} < ${`${q}\uffff`}`
  if (!q) {
    return db
      .select(adminColumns)
      .from(users)
      .where(sql`${users.role} != 'member'`) // as users_role_idx says, so that index serves it
      .orderBy(asc(users.role), asc(users.id))
      .limit(USER_SEARCH_LIMIT)
      .all()
  }
  if (q.includes('@')) {
    return db
      .select(adminColumns)
      .from(users)
      .where(prefix(users.email))
      .orderBy(asc(users.email))
      .limit(USER_SEARCH_LIMIT)
      .all()
  }
  const handle = sql`lower(${users.handle})`
  return db
    .select(adminColumns)
    .from(users)
    .where(prefix(handle))
    .orderBy(handle)
    .limit(USER_SEARCH_LIMIT)
    .all()
}

/** Gives `targetId` the role `role`, logged with the role before; refused as the rules say. */
export function changeRole(
  actor: WriteActor,
  input: { userId: number; role: Role; reason?: string },
  now = Date.now(),
) {
  assertAdmin(actor)
  return writeTransaction((tx) => {
    const target = tx
      .select({ id: users.id, role: users.role, status: users.status })
      .from(users)
      .where(eq(users.id, input.userId))
      .get()
    if (!target || target.status === 'deleted') throw new NotFoundError('No such member.')
    if (target.role === input.role) {
      throw new FieldError({ role: [`They already have the role ${input.role}.`] })
    }
    if (target.id === actor.id && target.role === 'admin') {
      const admins = tx
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .where(and(eq(users.role, 'admin'), eq(users.status, 'active')))
        .get()!.n
      if (admins <= 1) {
        throw new PermissionError(
          'You are the last admin: make someone else an admin before giving up your own role.',
        )
      }
    }
    tx.update(users).set({ role: input.role }).where(eq(users.id, target.id)).run()
    recordModeration(tx, {
      actorId: actor.id,
      action: 'role-change',
      targetType: 'user',
      targetId: target.id,
      reason: input.reason?.trim() ?? '',
      before: { role: target.role },
      after: { role: input.role },
      createdAt: now,
    })
    return { userId: target.id, before: target.role, after: input.role }
  })
}
