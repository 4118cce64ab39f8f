import { and, desc, eq, gt, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { users, type Role } from '#db/schema.ts'
import { hashPassword, verifyPassword } from '#app/lib/auth.server.ts'
import { FieldError } from './errors.server.ts'

export interface NewUser {
  handle: string
  email: string
  password: string
  role?: Role
  displayName?: string
  bio?: string
  createdAt?: number
}

export const authorColumns = {
  id: users.id,
  handle: users.handle,
  displayName: users.displayName,
  role: users.role,
  reputation: users.reputation,
}
export type Author = {
  id: number
  handle: string
  displayName: string
  role: Role
  reputation: number
}

/** Addresses are compared as stored: trimmed and lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase()

export function handleTaken(handle: string, from: Tx | typeof db = db) {
  return (
    from
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.handle}) = lower(${handle})`)
      .get() != null
  )
}

/** The account that logs in with this (normalized) address, if any. */
export function accountByEmail(email: string, from: Tx | typeof db = db) {
  return (
    from
      .select({
        id: users.id,
        handle: users.handle,
        displayName: users.displayName,
        status: users.status,
        hasPassword: sql<number>`${users.passwordHash} IS NOT NULL`.mapWith(Boolean),
      })
      .from(users)
      .where(eq(users.email, email))
      .get() ?? null
  )
}

function takenFields(handle: string, email: string) {
  const errors: Record<string, string[]> = {}
  if (handleTaken(handle)) errors.handle = [HANDLE_TAKEN]
  if (accountByEmail(email)) errors.email = ['An account with this email already exists']
  return errors
}

export const HANDLE_TAKEN = 'That handle is taken'

/** The new account's row (its password already hashed): createUser's, and a confirmed sign-up's. */
export function insertUser(
  from: Tx | typeof db,
  input: Omit<NewUser, 'password'> & { passwordHash: string },
): Author {
  return from
    .insert(users)
    .values({
      handle: input.handle,
      email: normalizeEmail(input.email),
      passwordHash: input.passwordHash,
      displayName: input.displayName?.trim() || input.handle,
      bio: input.bio ?? '',
      role: input.role ?? 'member',
      createdAt: input.createdAt ?? Date.now(),
    })
    .returning(authorColumns)
    .get()
}

/**
 * Creates an account at once; a taken handle or e-mail comes back as a field error. Sign-up uses
 * it only while the site sends no e-mail (account-links.server.ts confirms the address otherwise,
 * and never tells whether it has an account); scripts and tests use it too.
 */
export async function createUser(input: NewUser) {
  const email = normalizeEmail(input.email)
  const taken = takenFields(input.handle, email)
  if (Object.keys(taken).length > 0) throw new FieldError(taken)
  const passwordHash = await hashPassword(input.password)
  try {
    return insertUser(db, { ...input, email, passwordHash })
  } catch (error) {
    // Two sign-ups raced for the same handle or e-mail: answer as if we had seen it first.
    if (error instanceof Error && /UNIQUE/.test(error.message)) {
      throw new FieldError(takenFields(input.handle, email))
    }
    throw error
  }
}

/** The account for these credentials, or null; the caller says the same thing for either miss. */
export async function verifyLogin(email: string, password: string) {
  const user = db
    .select({ id: users.id, passwordHash: users.passwordHash, status: users.status })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get()
  const ok = await verifyPassword(user?.passwordHash ?? null, password)
  if (!ok || !user || user.status === 'deleted') return null
  return { id: user.id }
}

export function getUserByHandle(handle: string) {
  return db
    .select({
      ...authorColumns,
      bio: users.bio,
      createdAt: users.createdAt,
      status: users.status,
    })
    .from(users)
    .where(sql`lower(${users.handle}) = lower(${handle})`)
    .get()
}

export function getUserById(id: number) {
  return db.select(authorColumns).from(users).where(eq(users.id, id)).get()
}

export function setUserRole(userId: number, role: Role) {
  db.update(users).set({ role }).where(eq(users.id, userId)).run()
}

/** The home page's top experts: the top of the reputation index (people with some). */
export function topUsers(limit = 10) {
  return db
    .select(authorColumns)
    .from(users)
    .where(and(eq(users.status, 'active'), gt(users.reputation, 0)))
    .orderBy(desc(users.reputation), users.id)
    .limit(limit)
    .all()
}

export function countUsers() {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .get()?.n ?? 0
  )
}
