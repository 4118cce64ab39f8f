// Sign-up confirmation and password reset by one-time links in e-mail, answered so that nobody
// learns from the site whether an address has an account (issue 14). While the site sends
// e-mail, a sign-up makes no account: it mails the address a link that does (or, when the address
// already has an account, a note saying so), and the page says the same either way; a reset
// request mails a link only to an address with an account, and the page says the same either way.
// Only a SHA-256 of each token is stored (app/lib/one-time-token.server.ts).
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm'
import type { Tx } from '#db/client.server.ts'
import { db } from '#db/client.server.ts'
import { passwordResetTokens, sessions, signupRequests, users } from '#db/schema.ts'
import { hashPassword } from '#app/lib/auth.server.ts'
import { hashOneTimeToken, newOneTimeToken } from '#app/lib/one-time-token.server.ts'
import { RESET_LINK_MINUTES, safeRedirect, SIGNUP_LINK_HOURS } from '#app/validation/auth.ts'
import { claimLinkMessage, createClaimLink } from './claims.server.ts'
import { emailEnabled, mailOrigin, queueAccountEmail } from './email.server.ts'
import {
  passwordChangedMail,
  passwordResetMail,
  plainMail,
  signupConfirmMail,
  signupTakenMail,
} from './email-messages.server.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { writeTransaction } from './transaction.server.ts'
import {
  accountByEmail,
  HANDLE_TAKEN,
  handleTaken,
  insertUser,
  normalizeEmail,
  type Author,
} from './users.server.ts'

export const LINK_GONE = 'This link has been used or has expired.'

const absolute = (path: string) => new URL(path, mailOrigin()).toString()

/** Whether sign-up goes through a confirmation link: only a site that sends e-mail can. */
export const signupNeedsConfirmation = () => emailEnabled()

/**
 * Gives an imported account nobody claimed (no password) a fresh claim link instead: the
 * only way into it (claims.server.ts).
 */
function queueClaimInstead(tx: Tx, owner: { id: number; handle: string }, to: string, now: number) {
  const message = claimLinkMessage(createClaimLink(owner.handle, now), mailOrigin())
  queueAccountEmail(tx, { kind: 'claim-link', userId: owner.id, to, mail: plainMail(message), now })
}

// ── Sign-up ─────────────────────────────────────────────────────────────────────────────────

/**
 * A sign-up on a site that sends e-mail. A taken handle is a field error (handles are public);
 * the address is never judged: a new one gets a link that creates the account, one with an
 * account a note saying so, and the caller shows the same page for both. The password is hashed
 * in both cases, so neither answer comes sooner.
 */
export async function requestSignup(
  input: { handle: string; email: string; password: string; redirectTo?: string },
  now = Date.now(),
) {
  if (handleTaken(input.handle)) throw new FieldError({ handle: [HANDLE_TAKEN] })
  const email = normalizeEmail(input.email)
  const passwordHash = await hashPassword(input.password)
  const token = newOneTimeToken()
  writeTransaction((tx) => {
    // Requests nobody confirmed in time go, so the table holds only a day of them.
    tx.delete(signupRequests).where(lt(signupRequests.expiresAt, now)).run()
    const owner = accountByEmail(email, tx)
    // A deleted account's tombstone address (…@deleted.invalid) takes no mail and no new account.
    if (owner?.status === 'deleted') return
    if (owner?.hasPassword) {
      const mail = signupTakenMail({
        handle: owner.handle,
        loginUrl: absolute('/login'),
        resetUrl: absolute('/password-reset'),
      })
      queueAccountEmail(tx, { kind: 'signup-taken', userId: owner.id, to: email, mail, now })
    } else if (owner) {
      queueClaimInstead(tx, owner, email, now)
    } else {
      tx.insert(signupRequests)
        .values({
          tokenHash: hashOneTimeToken(token),
          handle: input.handle,
          email,
          passwordHash,
          redirectTo: input.redirectTo ? safeRedirect(input.redirectTo) : null,
          createdAt: now,
          expiresAt: now + SIGNUP_LINK_HOURS * 3600_000,
        })
        .run()
      const url = absolute(`/signup/confirm/${token}`)
      const mail = signupConfirmMail({ handle: input.handle, url, hours: SIGNUP_LINK_HOURS })
      queueAccountEmail(tx, { kind: 'signup-confirm', userId: null, to: email, mail, now })
    }
  })
  return { email }
}

function liveSignupRequest(from: Tx | typeof db, token: string, now: number) {
  return (
    from
      .select({
        id: signupRequests.id,
        handle: signupRequests.handle,
        email: signupRequests.email,
        passwordHash: signupRequests.passwordHash,
        redirectTo: signupRequests.redirectTo,
      })
      .from(signupRequests)
      .where(
        and(
          eq(signupRequests.tokenHash, hashOneTimeToken(token)),
          isNull(signupRequests.usedAt),
          gt(signupRequests.expiresAt, now),
        ),
      )
      .get() ?? null
  )
}

/** What the confirmation page shows: the handle asked for and the address; null once spent. */
export function findSignupRequest(token: string, now = Date.now()) {
  const request = liveSignupRequest(db, token, now)
  return request ? { handle: request.handle, email: request.email } : null
}

/**
 * Creates the account of a confirmed sign-up and spends its link. The handle may be changed on
 * the way (someone may have taken it since): a taken one is a field error and the link stays
 * live. Two tabs confirming at once: one spends the link, the other gets a NotFoundError.
 */
export function confirmSignup(
  token: string,
  input: { handle: string },
  now = Date.now(),
): Author & { redirectTo: string } {
  return writeTransaction((tx) => {
    const request = liveSignupRequest(tx, token, now)
    if (!request) throw new NotFoundError(LINK_GONE)
    if (handleTaken(input.handle, tx)) throw new FieldError({ handle: [HANDLE_TAKEN] })
    if (accountByEmail(request.email, tx)) {
      // Only someone reading this address's mail gets here: telling them is no leak.
      throw new PermissionError(
        'This address has an account already (made from another link): log in instead.',
      )
    }
    const spent = tx
      .update(signupRequests)
      .set({ usedAt: now })
      .where(and(eq(signupRequests.id, request.id), isNull(signupRequests.usedAt)))
      .run().changes
    if (spent === 0) throw new NotFoundError(LINK_GONE)
    const user = insertUser(tx, {
      handle: input.handle,
      email: request.email,
      passwordHash: request.passwordHash,
      createdAt: now,
    })
    return { ...user, redirectTo: request.redirectTo ?? '/' }
  })
}

// ── Password reset ──────────────────────────────────────────────────────────────────────────

/**
 * A fresh reset link for an account with a password; earlier links not used yet stop working.
 * The caller delivers it (requestPasswordReset by e-mail; `npm run user:reset-link` prints it).
 */
export function createPasswordResetLink(tx: Tx, userId: number, now = Date.now()) {
  const token = newOneTimeToken()
  tx.update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.userId, userId), isNull(passwordResetTokens.usedAt)))
    .run()
  tx.insert(passwordResetTokens)
    .values({
      userId,
      tokenHash: hashOneTimeToken(token),
      createdAt: now,
      expiresAt: now + RESET_LINK_MINUTES * 60_000,
    })
    .run()
  return { path: `/password-reset/${token}`, url: absolute(`/password-reset/${token}`) }
}

/** The admin command's way in: a reset link for the account with this handle. */
export function resetLinkForHandle(handle: string, now = Date.now()) {
  return writeTransaction((tx) => {
    const user = tx
      .select({ id: users.id, handle: users.handle, passwordHash: users.passwordHash })
      .from(users)
      .where(sql`lower(${users.handle}) = lower(${handle})`)
      .get()
    if (!user) throw new NotFoundError(`No account @${handle}`)
    if (!user.passwordHash) {
      throw new PermissionError(`@${user.handle} has no password yet: use npm run user:claim-link`)
    }
    return { handle: user.handle, ...createPasswordResetLink(tx, user.id, now) }
  })
}

/**
 * "Forgot your password?": mails a link to the address if an account logs in with it (an
 * imported account nobody claimed gets its claim link instead), and nothing otherwise. The
 * caller shows the same page either way. A site that sends no e-mail cannot do this at all.
 */
export function requestPasswordReset(emailInput: string, now = Date.now()) {
  if (!emailEnabled()) {
    throw new PermissionError(
      'This site sends no e-mail, so a password cannot be reset from here: ask an administrator.',
    )
  }
  const email = normalizeEmail(emailInput)
  writeTransaction((tx) => {
    const owner = accountByEmail(email, tx)
    if (!owner || owner.status === 'deleted') return
    if (!owner.hasPassword) return queueClaimInstead(tx, owner, email, now)
    const { url } = createPasswordResetLink(tx, owner.id, now)
    const mail = passwordResetMail({ handle: owner.handle, url, minutes: RESET_LINK_MINUTES })
    queueAccountEmail(tx, { kind: 'password-reset', userId: owner.id, to: email, mail, now })
  })
  return { email }
}

function liveReset(from: Tx | typeof db, token: string, now: number) {
  return (
    from
      .select({
        id: passwordResetTokens.id,
        userId: users.id,
        handle: users.handle,
        email: users.email,
      })
      .from(passwordResetTokens)
      .innerJoin(users, eq(users.id, passwordResetTokens.userId))
      .where(
        and(
          eq(passwordResetTokens.tokenHash, hashOneTimeToken(token)),
          isNull(passwordResetTokens.usedAt),
          gt(passwordResetTokens.expiresAt, now),
        ),
      )
      .get() ?? null
  )
}

/** The handle a live reset link is for (the page greets them); null once spent or expired. */
export function findPasswordReset(token: string, now = Date.now()) {
  const reset = liveReset(db, token, now)
  return reset ? { handle: reset.handle } : null
}

/**
 * Sets the new password and spends the link. Every session of the account ends (whoever knew the
 * old password is logged out everywhere), and the account's address is told.
 */
export async function resetPassword(token: string, password: string, now = Date.now()) {
  if (!liveReset(db, token, now)) throw new NotFoundError(LINK_GONE)
  const passwordHash = await hashPassword(password)
  return writeTransaction((tx) => {
    const reset = liveReset(tx, token, now)
    const spent = reset
      ? tx
          .update(passwordResetTokens)
          .set({ usedAt: now })
          .where(and(eq(passwordResetTokens.id, reset.id), isNull(passwordResetTokens.usedAt)))
          .run().changes
      : 0
    if (!reset || spent === 0) throw new NotFoundError(LINK_GONE)
    tx.update(users).set({ passwordHash }).where(eq(users.id, reset.userId)).run()
    tx.delete(sessions).where(eq(sessions.userId, reset.userId)).run()
    const mail = passwordChangedMail({
      handle: reset.handle,
      resetUrl: absolute('/password-reset'),
    })
    queueAccountEmail(tx, {
      kind: 'password-changed',
      userId: reset.userId,
      to: reset.email,
      mail,
      now,
    })
    return { id: reset.userId, handle: reset.handle }
  })
}
