// Sessions and passwords. The only module that imports lucia.
import { hash, verify } from '@node-rs/argon2'
import { DrizzleSQLiteAdapter } from '@lucia-auth/adapter-drizzle'
import { redirect } from '@remix-run/node'
import { Cookie, Lucia, TimeSpan, type Session } from 'lucia'
import { db } from '#db/client.server.ts'
import { sessions, users, type Role } from '#db/schema.ts'
import { hasRole } from './privileges.ts'

const adapter = new DrizzleSQLiteAdapter(db, sessions, users)

export const SESSION_COOKIE_NAME = 'peerdesk_session'

export const lucia = new Lucia(adapter, {
  sessionExpiresIn: new TimeSpan(30, 'd'),
  sessionCookie: {
    name: SESSION_COOKIE_NAME,
    attributes: { sameSite: 'lax', secure: false },
  },
  getUserAttributes: (attributes) => ({
    handle: attributes.handle,
    displayName: attributes.displayName,
    role: attributes.role,
    reputation: attributes.reputation,
    status: attributes.status,
    suspendedUntil: attributes.suspendedUntil,
    suspensionReason: attributes.suspensionReason,
  }),
})

declare module 'lucia' {
  interface Register {
    Lucia: typeof lucia
    UserId: number
    DatabaseUserAttributes: {
      handle: string
      displayName: string
      role: Role
      reputation: number
      status: 'active' | 'suspended' | 'deleted'
      suspendedUntil: number | null
      suspensionReason: string | null
    }
  }
}

export type { Session }

export interface SessionUser {
  id: number
  handle: string
  displayName: string
  role: Role
  reputation: number
  status: 'active' | 'suspended' | 'deleted'
  suspendedUntil: number | null
  suspensionReason: string | null
}

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

// Verified against when no account has the e-mail, so both failures take as long.
const DUMMY_HASH = hash('peerdesk-dummy-password', ARGON2_OPTIONS)

export async function verifyPassword(passwordHash: string | null, password: string) {
  if (!passwordHash) {
    await verify(await DUMMY_HASH, password).catch(() => false)
    return false
  }
  return verify(passwordHash, password).catch(() => false)
}

function isHttps(request: Request) {
  return new URL(request.url).protocol === 'https:'
}

/** Secure is added when the request came over HTTPS (directly or through a trusted proxy). */
function serialize(cookie: Cookie, request: Request) {
  return new Cookie(cookie.name, cookie.value, {
    ...cookie.attributes,
    secure: isHttps(request),
  }).serialize()
}

export interface Authentication {
  user: SessionUser | null
  session: Session | null
  /** A refreshed or cleared session cookie to send with the response. */
  setCookie: string | null
}

export async function authenticate(request: Request): Promise<Authentication> {
  const sessionId = lucia.readSessionCookie(request.headers.get('Cookie') ?? '')
  if (!sessionId) return { user: null, session: null, setCookie: null }
  const { user, session } = await lucia.validateSession(sessionId)
  if (!session || !user || user.status === 'deleted') {
    return {
      user: null,
      session: null,
      setCookie: serialize(lucia.createBlankSessionCookie(), request),
    }
  }
  const setCookie = session.fresh ? serialize(lucia.createSessionCookie(session.id), request) : null
  return { user, session, setCookie }
}

/** Starts a new session (a fresh id on every log-in) and returns its Set-Cookie value. */
export async function startSession(userId: number, request: Request, previous?: Session | null) {
  if (previous) await lucia.invalidateSession(previous.id)
  const session = await lucia.createSession(userId, {})
  return serialize(lucia.createSessionCookie(session.id), request)
}

export async function endSession(session: Session | null, request: Request) {
  if (session) await lucia.invalidateSession(session.id)
  return serialize(lucia.createBlankSessionCookie(), request)
}

export function loginRedirect(request: Request): never {
  const url = new URL(request.url)
  const back = url.pathname + url.search
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}`)
}

const ROLE_AUDIENCE: Record<Role, string> = {
  member: 'members',
  staff: 'staff',
  moderator: 'moderators',
  admin: 'admins',
}

/** The signed-in user if their role is at least `role`; a visitor logs in first, others get 403. */
export function requireRole(user: SessionUser | null, request: Request, role: Role): SessionUser {
  const signedIn = requireUser(user, request)
  if (!hasRole(signedIn, role)) {
    throw new Response(`This page is for ${ROLE_AUDIENCE[role]}.`, { status: 403 })
  }
  return signedIn
}

/** The signed-in user, or a redirect to /login that comes back here afterwards. */
export function requireUser(user: SessionUser | null, request: Request): SessionUser {
  if (!user) loginRedirect(request)
  return user
}
