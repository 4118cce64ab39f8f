// Claiming an imported account: an imported person has no password (and a placeholder e-mail)
// until they open a one-time link and set both. Only a SHA-256 of the link's token is stored;
// the link is spent when used, and a new link replaces the ones not used yet.
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { claimTokens, users } from '#db/schema.ts'
import { hashPassword } from '#app/lib/auth.server.ts'
import { hashOneTimeToken as hashToken, newOneTimeToken } from '#app/lib/one-time-token.server.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { writeTransaction } from './transaction.server.ts'

export const CLAIM_LINK_DAYS = 14

export interface ClaimLink {
  user: { id: number; handle: string; displayName: string }
  token: string
  path: string
  expiresAt: number
}

/**
 * A fresh one-time link for an account nobody has claimed yet (no password). Earlier links
 * not used yet stop working. The caller delivers it: printed by `npm run user:claim-link`, or
 * through a ClaimLinkDelivery once the app sends e-mail.
 */
export function createClaimLink(handle: string, now = Date.now()): ClaimLink {
  const user = db
    .select({
      id: users.id,
      handle: users.handle,
      displayName: users.displayName,
      passwordHash: users.passwordHash,
      status: users.status,
    })
    .from(users)
    .where(sql`lower(${users.handle}) = lower(${handle})`)
    .get()
  if (!user || user.status === 'deleted') throw new NotFoundError(`No account @${handle}`)
  if (user.passwordHash) {
    throw new PermissionError(`@${user.handle} already has a password: it was claimed or made here`)
  }
  const token = newOneTimeToken()
  const expiresAt = now + CLAIM_LINK_DAYS * 24 * 3600_000
  writeTransaction((tx) => {
    tx.update(claimTokens)
      .set({ usedAt: now })
      .where(and(eq(claimTokens.userId, user.id), isNull(claimTokens.usedAt)))
      .run()
    tx.insert(claimTokens)
      .values({ userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt })
      .run()
  })
  const { id, displayName } = user
  return {
    user: { id, handle: user.handle, displayName },
    token,
    path: `/claim/${token}`,
    expiresAt,
  }
}

/** The seam for e-mail: how a claim link reaches its person (SMTP comes later). */
export type ClaimLinkDelivery = (message: {
  handle: string
  url: string
  subject: string
  text: string
}) => Promise<void>

export function claimLinkMessage(link: ClaimLink, origin: string) {
  const url = new URL(link.path, origin).toString()
  return {
    handle: link.user.handle,
    url,
    subject: 'Your posts have moved to Peerdesk: claim your account',
    text: [
      `Hello ${link.user.displayName},`,
      '',
      'Your questions, answers and reputation were brought over to Peerdesk.',
      `Open this link to choose your e-mail and password (it works once, for ${CLAIM_LINK_DAYS} days):`,
      url,
    ].join('\n'),
  }
}

/** The account a link claims, if the link is live (not spent, not expired); else null. */
export function findClaim(token: string, now = Date.now()) {
  return (
    db
      .select({ userId: users.id, handle: users.handle, displayName: users.displayName })
      .from(claimTokens)
      .innerJoin(users, eq(users.id, claimTokens.userId))
      .where(
        and(
          eq(claimTokens.tokenHash, hashToken(token)),
          isNull(claimTokens.usedAt),
          gt(claimTokens.expiresAt, now),
          isNull(users.passwordHash),
        ),
      )
      .get() ?? null
  )
}

/**
 * Claims the account: sets its e-mail and password and spends the link. A taken e-mail is a
 * field error; a spent or expired link a NotFoundError.
 */
export async function claimAccount(
  token: string,
  input: { email: string; password: string },
  now = Date.now(),
) {
  const claim = findClaim(token, now)
  if (!claim) throw new NotFoundError('This link has been used or has expired.')
  const email = input.email.trim().toLowerCase()
  const passwordHash = await hashPassword(input.password)
  return writeTransaction((tx) => {
    const taken = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()
    if (taken && taken.id !== claim.userId) {
      throw new FieldError({ email: ['An account with this email already exists'] })
    }
    // Spend the link first: of two submissions racing, only one finds it unused.
    const spent = tx
      .update(claimTokens)
      .set({ usedAt: now })
      .where(and(eq(claimTokens.tokenHash, hashToken(token)), isNull(claimTokens.usedAt)))
      .run().changes
    if (spent === 0) throw new NotFoundError('This link has been used or has expired.')
    tx.update(users).set({ email, passwordHash }).where(eq(users.id, claim.userId)).run()
    return { id: claim.userId, handle: claim.handle }
  })
}
