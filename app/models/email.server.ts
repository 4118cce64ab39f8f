// E-mail notifications (issue 13): off until an admin configures SMTP (getSetting('smtp')).
// Each member chooses immediate mail, a daily digest or none. A notification for an "immediate"
// member puts its message in the outbox (email_outbox) in the notification's own transaction;
// the daily digest gathers a member's unread notifications since the last one. The delivery job
// on the leading worker sends what is due and retries failures with back-off, so a slow or
// broken SMTP server never holds up a page or a write. Every message carries a signed one-click
// unsubscribe link (RFC 8058).
import crypto from 'node:crypto'
import { and, asc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { db, preparedStatement, type Tx } from '#db/client.server.ts'
import {
  claimLinkEmails,
  emailOutbox,
  emailPreferences,
  emailSigningKeys,
  notifications,
  questions,
  users,
  type EmailChoice,
  type EmailKind,
} from '#db/schema.ts'
import { getBadge } from '#app/lib/badge-rules.ts'
import { env } from '#app/lib/env.server.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { sendMail, smtpTransport, type MailTransport } from '#app/lib/mail-transport.server.ts'
import { claimLinkMessage, createClaimLink } from './claims.server.ts'
import { PermissionError } from './errors.server.ts'
import {
  plainMail,
  digestMail,
  notificationMail,
  testMail,
  type MailedNotification,
  type RenderedMail,
} from './email-messages.server.ts'
import type { WriteActor } from './permissions.server.ts'
import { getSetting } from './site-settings.server.ts'
import { afterCommit, writeTransaction } from './transaction.server.ts'

export const DEFAULT_EMAIL_CHOICE: EmailChoice = 'immediate'
const DAY = 24 * 3600_000
/** Waits after the 1st, 2nd, … failed attempt; after the last the message is given up. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000, 6 * 3600_000]
export const MAX_EMAIL_ATTEMPTS = RETRY_DELAYS_MS.length + 1

/** Absolute links in mail: PUBLIC_URL, else this server's own address (set PUBLIC_URL!). */
export function mailOrigin(): string {
  const config = env()
  return config.PUBLIC_URL ? new URL(config.PUBLIC_URL).origin : `http://localhost:${config.PORT}`
}

// ── Unsubscribe tokens ──────────────────────────────────────────────────────────────────────
// HMAC-SHA256 of the user id with a key made once and kept in the database: unlike FORM_SECRET,
// which may live only in memory (app/lib/env.server.ts), links in mail must outlive restarts.

let cachedKey: string | null = null

function signingKey(from: Tx | typeof db, create: boolean): string | null {
  if (cachedKey) return cachedKey
  const read = () =>
    from.select({ secret: emailSigningKeys.secret }).from(emailSigningKeys).get()?.secret
  let secret = read()
  if (!secret && create) {
    from
      .insert(emailSigningKeys)
      .values({
        id: 1,
        secret: crypto.randomBytes(32).toString('base64url'),
        createdAt: Date.now(),
      })
      .onConflictDoNothing()
      .run()
    secret = read()
  }
  cachedKey = secret ?? null
  return cachedKey
}

const signature = (userId: number, key: string) =>
  crypto.createHmac('sha256', key).update(`unsubscribe:${userId}`).digest('base64url').slice(0, 32)

/** The signed one-click unsubscribe URL of a member. */
export function unsubscribeUrl(userId: number, from: Tx | typeof db = db) {
  const key = signingKey(from, true)!
  return new URL(`/email/unsubscribe/${userId}.${signature(userId, key)}`, mailOrigin()).toString()
}

/** The member a token unsubscribes, or null when it is not one we signed. */
export function verifyUnsubscribeToken(token: string): { id: number; handle: string } | null {
  const match = /^(\d{1,15})\.([\w-]{32})$/.exec(token)
  if (!match) return null
  const key = signingKey(db, false)
  if (!key) return null
  const userId = Number(match[1])
  const expected = Buffer.from(signature(userId, key))
  if (!crypto.timingSafeEqual(expected, Buffer.from(match[2]!))) return null
  const user = db
    .select({ id: users.id, handle: users.handle, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  return user && user.status !== 'deleted' ? { id: user.id, handle: user.handle } : null
}

// ── Preferences ─────────────────────────────────────────────────────────────────────────────

export function emailChoiceOf(userId: number, from: Tx | typeof db = db): EmailChoice {
  return (
    from
      .select({ choice: emailPreferences.choice })
      .from(emailPreferences)
      .where(eq(emailPreferences.userId, userId))
      .get()?.choice ?? DEFAULT_EMAIL_CHOICE
  )
}

/** Sets a member's choice. Choosing the digest starts its day now (no mail of the past). */
export function setEmailChoice(userId: number, choice: EmailChoice, now = Date.now()) {
  writeTransaction((tx) => {
    const before = tx
      .select()
      .from(emailPreferences)
      .where(eq(emailPreferences.userId, userId))
      .get()
    const lastDigestAt =
      choice === 'digest' ? (before?.choice === 'digest' ? before.lastDigestAt : now) : null
    tx.insert(emailPreferences)
      .values({ userId, choice, lastDigestAt, updatedAt: now })
      .onConflictDoUpdate({
        target: emailPreferences.userId,
        set: { choice, lastDigestAt, updatedAt: now },
      })
      .run()
  })
}

/** The one-click unsubscribe: no more e-mail of any kind for this member. */
export function unsubscribe(userId: number, now = Date.now()) {
  setEmailChoice(userId, 'none', now)
}

/** Whether the site sends e-mail at all (an admin configured SMTP). */
export const emailEnabled = (from: Tx | typeof db = db) => getSetting('smtp', from) != null

// ── Queueing ────────────────────────────────────────────────────────────────────────────────

/** Someone mail can go to: a live account with a real address (claimed, or made here). */
function mailableRecipient(tx: Tx | typeof db, userId: number) {
  const user = tx
    .select({
      email: users.email,
      displayName: users.displayName,
      status: users.status,
      passwordHash: users.passwordHash,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  // No password: an imported account nobody claimed, whose address is a placeholder.
  if (!user || user.status === 'deleted' || !user.passwordHash) return null
  return { email: user.email, name: user.displayName }
}

function enqueue(
  tx: Tx,
  row: {
    kind: EmailKind
    userId: number | null
    to: string
    mail: RenderedMail
    unsubscribeUrl: string | null
    now: number
  },
) {
  tx.insert(emailOutbox)
    .values({
      kind: row.kind,
      userId: row.userId,
      toAddress: row.to,
      subject: row.mail.subject,
      text: row.mail.text,
      html: row.mail.html,
      unsubscribeUrl: row.unsubscribeUrl,
      createdAt: row.now,
      nextAttemptAt: row.now,
    })
    .run()
}

const actors = alias(users, 'mail_actor')

function mailedNotifications(tx: Tx | typeof db, where: ReturnType<typeof and>) {
  return tx
    .select({
      id: notifications.id,
      kind: notifications.kind,
      createdAt: notifications.createdAt,
      actorName: actors.displayName,
      questionTitle: questions.title,
      answerId: notifications.answerId,
      commentId: notifications.commentId,
      badge: notifications.badge,
    })
    .from(notifications)
    .leftJoin(actors, eq(actors.id, notifications.actorId))
    .leftJoin(
      questions,
      and(eq(questions.id, notifications.questionId), isNull(questions.deletedAt)),
    )
    .where(where)
    .orderBy(asc(notifications.createdAt), asc(notifications.id))
    .all()
    .map(({ badge, ...n }): MailedNotification => ({
      ...n,
      badgeName: badge ? (getBadge(badge)?.name ?? null) : null,
    }))
}

/**
 * The hook in notify(): in the notification's transaction, queues its e-mail when SMTP is set
 * and the member wants immediate mail. Only database work: sending is the delivery job's.
 */
export function queueNotificationEmail(
  tx: Tx,
  notification: { id: number; userId: number; now: number },
) {
  if (!emailEnabled(tx)) return false
  if (emailChoiceOf(notification.userId, tx) !== 'immediate') return false
  const recipient = mailableRecipient(tx, notification.userId)
  if (!recipient) return false
  const [item] = mailedNotifications(tx, and(eq(notifications.id, notification.id)))
  if (!item) return false
  const unsubscribe = unsubscribeUrl(notification.userId, tx)
  enqueue(tx, {
    kind: 'notification',
    userId: notification.userId,
    to: recipient.email,
    mail: notificationMail(item, {
      origin: mailOrigin(),
      recipientName: recipient.name,
      unsubscribeUrl: unsubscribe,
    }),
    unsubscribeUrl: unsubscribe,
    now: notification.now,
  })
  return true
}

/**
 * Queues the daily digest of every member whose day is over: their unread notifications since
 * the last digest, in one message (none when nothing is unread). Returns how many were queued.
 */
export function queueDueDigests(now = Date.now()) {
  if (!emailEnabled()) return 0
  const due = db
    .select({ userId: emailPreferences.userId })
    .from(emailPreferences)
    .where(
      and(
        eq(emailPreferences.choice, 'digest'),
        or(isNull(emailPreferences.lastDigestAt), lte(emailPreferences.lastDigestAt, now - DAY)),
      ),
    )
    .all()
  let queued = 0
  for (const { userId } of due) {
    writeTransaction((tx) => {
      // Read again in the transaction: the member may have changed their choice meanwhile.
      const pref = tx
        .select()
        .from(emailPreferences)
        .where(eq(emailPreferences.userId, userId))
        .get()
      if (!pref || pref.choice !== 'digest') return
      const since = pref.lastDigestAt ?? now - DAY
      if (since > now - DAY) return
      tx.update(emailPreferences)
        .set({ lastDigestAt: now })
        .where(eq(emailPreferences.userId, userId))
        .run()
      const recipient = mailableRecipient(tx, userId)
      if (!recipient) return
      const items = mailedNotifications(
        tx,
        and(
          eq(notifications.userId, userId),
          isNull(notifications.readAt),
          gt(notifications.createdAt, since),
          lte(notifications.createdAt, now),
        ),
      )
      if (items.length === 0) return
      const unsubscribe = unsubscribeUrl(userId, tx)
      enqueue(tx, {
        kind: 'digest',
        userId,
        to: recipient.email,
        mail: digestMail(items, {
          origin: mailOrigin(),
          recipientName: recipient.name,
          unsubscribeUrl: unsubscribe,
        }),
        unsubscribeUrl: unsubscribe,
        now,
      })
      queued++
    })
  }
  return queued
}

/**
 * The seam of app/models/claims.server.ts: an imported account's claim link, by e-mail to the
 * address the operator gives. False when the site sends no e-mail.
 */
export function queueClaimLinkEmail(
  to: string,
  message: { subject: string; text: string; url: string },
  now = Date.now(),
) {
  if (!emailEnabled()) return false
  writeTransaction((tx) =>
    enqueue(tx, {
      kind: 'claim-link',
      userId: null,
      to,
      mail: plainMail(message),
      unsubscribeUrl: null,
      now,
    }),
  )
  return true
}

/**
 * Account mail (app/models/account-links.server.ts: a sign-up's confirmation, a password reset):
 * queued in the caller's transaction, to an address that may have no account. The person is
 * waiting for it, so the delivery job is woken once the transaction commits instead of at its
 * next tick.
 */
export function queueAccountEmail(
  tx: Tx,
  row: { kind: EmailKind; userId: number | null; to: string; mail: RenderedMail; now: number },
) {
  enqueue(tx, { ...row, unsubscribeUrl: null })
  afterCommit(() => {
    for (const wake of accountMailQueued) wake()
  })
}

/** Told after account mail commits: the e-mail job, and the relay to the leader (process.server.ts). */
export const accountMailQueued = new Set<() => void>()

/** How many imported accounts one tick of the job mails their claim link. */
export const CLAIM_LINK_BATCH = 20

// The next imported, unclaimed accounts with a real address (an importer's placeholder ends in
// .invalid), after the last one mailed: a range of the partial index users_claimable_idx, so a
// tick costs its batch whatever the number of accounts. Accounts are mailed in id order and
// imported accounts only get higher ids, so none is passed over.
const CLAIMABLE_AFTER = `
  SELECT u.id AS id, u.handle AS handle, u.email AS email
    FROM users u INDEXED BY users_claimable_idx
   WHERE u.password_hash IS NULL AND u.status != 'deleted' AND u.email NOT LIKE '%.invalid'
     AND u.id > ?
     AND EXISTS (SELECT 1 FROM import_map im
                  WHERE im.kind = 'user' AND im.target_id = u.id)
   ORDER BY u.id
   LIMIT ?`

/**
 * Once SMTP is set (each tick of the e-mail job): each imported account nobody has claimed, with
 * a real address, gets its claim link by e-mail exactly once — the link, its outbox message and
 * the claim_link_emails row in one transaction, so a crash never sends twice or loses one.
 * `npm run user:claim-link` still prints a link (a new one replaces the mailed one). Returns how
 * many were queued.
 */
export function queueClaimLinkEmails(now = Date.now(), batchSize = CLAIM_LINK_BATCH) {
  if (!emailEnabled()) return 0
  const lastMailed =
    db
      .select({ userId: sql<number | null>`max(${claimLinkEmails.userId})` })
      .from(claimLinkEmails)
      .get()?.userId ?? 0
  const accounts = preparedStatement(CLAIMABLE_AFTER).all(lastMailed, batchSize) as {
    id: number
    handle: string
    email: string
  }[]
  let queued = 0
  for (const account of accounts) {
    writeTransaction((tx) => {
      // Recorded first: another worker's tick that got here before us wins, and we send nothing.
      const recorded = tx
        .insert(claimLinkEmails)
        .values({ userId: account.id, queuedAt: now })
        .onConflictDoNothing()
        .run().changes
      if (recorded === 0) return
      const message = claimLinkMessage(createClaimLink(account.handle, now), mailOrigin())
      if (queueClaimLinkEmail(account.email, message, now)) queued++
    })
  }
  return queued
}

// ── Delivery ────────────────────────────────────────────────────────────────────────────────

export interface DeliveryOptions {
  clock?: () => number
  batchSize?: number
}

/**
 * Sends the messages that are due through the stored SMTP settings. A failed message is tried
 * again after RETRY_DELAYS_MS (its attempts, next attempt and last error in its row) and given
 * up after MAX_EMAIL_ATTEMPTS. Nothing is sent, and nothing changes, while SMTP is not set.
 */
export async function deliverDueEmails({ clock = Date.now, batchSize = 20 }: DeliveryOptions = {}) {
  const smtp = getSetting('smtp')
  const result = { sent: 0, failed: 0 }
  if (!smtp) return result
  const due = db
    .select()
    .from(emailOutbox)
    .where(
      and(
        isNull(emailOutbox.sentAt),
        isNull(emailOutbox.failedAt),
        lte(emailOutbox.nextAttemptAt, clock()),
      ),
    )
    .orderBy(asc(emailOutbox.nextAttemptAt), asc(emailOutbox.id))
    .limit(batchSize)
    .all()
  if (due.length === 0) return result
  let transport: MailTransport | null = null
  try {
    transport = smtpTransport(smtp)
    for (const message of due) {
      const attempts = message.attempts + 1
      try {
        await sendMail(transport, smtp.from, {
          to: message.toAddress,
          subject: message.subject,
          text: message.text,
          html: message.html,
          unsubscribeUrl: message.unsubscribeUrl,
        })
        db.update(emailOutbox)
          .set({ sentAt: clock(), attempts, lastError: null })
          .where(eq(emailOutbox.id, message.id))
          .run()
        result.sent++
      } catch (error) {
        const now = clock()
        const delay = RETRY_DELAYS_MS[attempts - 1]
        db.update(emailOutbox)
          .set({
            attempts,
            lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
            nextAttemptAt: delay === undefined ? message.nextAttemptAt : now + delay,
            failedAt: delay === undefined ? now : null,
          })
          .where(eq(emailOutbox.id, message.id))
          .run()
        result.failed++
      }
    }
  } finally {
    transport?.close()
  }
  return result
}

/** What the settings page shows of the outbox. */
export function emailOutboxSummary() {
  const row = db
    .select({
      waiting: sql<number>`coalesce(sum(${emailOutbox.sentAt} IS NULL AND ${emailOutbox.failedAt} IS NULL), 0)`,
      retrying: sql<number>`coalesce(sum(${emailOutbox.sentAt} IS NULL AND ${emailOutbox.failedAt} IS NULL AND ${emailOutbox.attempts} > 0), 0)`,
      givenUp: sql<number>`coalesce(sum(${emailOutbox.failedAt} IS NOT NULL), 0)`,
      sent: sql<number>`coalesce(sum(${emailOutbox.sentAt} IS NOT NULL), 0)`,
    })
    .from(emailOutbox)
    .get()
  const lastError =
    db
      .select({ error: emailOutbox.lastError })
      .from(emailOutbox)
      .where(sql`${emailOutbox.lastError} IS NOT NULL`)
      .orderBy(sql`${emailOutbox.id} DESC`)
      .limit(1)
      .get()?.error ?? null
  return { waiting: 0, retrying: 0, givenUp: 0, sent: 0, ...row, lastError }
}

/**
 * The settings page's "Send a test message" to the admin's own address: sent at once (not
 * through the outbox) with the stored settings, so the admin sees whether they work.
 */
export async function sendTestMessage(
  actor: WriteActor,
): Promise<{ to: string | null; error: string | null }> {
  if (!hasRole(actor, 'admin')) throw new PermissionError('Only admins can send a test message.')
  const to = db
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, actor.id))
    .get()?.email
  if (!to) return { to: null, error: 'Your account has no e-mail address.' }
  const smtp = getSetting('smtp')
  if (!smtp) return { to, error: 'E-mail is off: save the SMTP settings first.' }
  const transport = smtpTransport(smtp)
  try {
    await sendMail(transport, smtp.from, { to, ...testMail(mailOrigin()), unsubscribeUrl: null })
    return { to, error: null }
  } catch (error) {
    return { to, error: error instanceof Error ? error.message : String(error) }
  } finally {
    transport.close()
  }
}

// ── The job on the leading worker ───────────────────────────────────────────────────────────

export interface EmailJob {
  /** One pass now: queue due digests and claim links, then send what is due (tests, start-up). */
  runOnce: () => Promise<void>
  stop: () => Promise<void>
}

/**
 * Every `intervalMs`, and right after account mail is queued when `wakeOnAccountMail` (the app's
 * job): the due digests and claim links, then delivery. One pass at a time; errors are logged.
 */
export function startEmailJob({
  clock = Date.now,
  intervalMs = 15_000,
  wakeOnAccountMail = false,
}: { clock?: () => number; intervalMs?: number; wakeOnAccountMail?: boolean } = {}): EmailJob {
  const pass = async () => {
    try {
      queueDueDigests(clock())
      queueClaimLinkEmails(clock())
      const { sent, failed } = await deliverDueEmails({ clock })
      if (failed > 0) console.warn(`[email] ${sent} sent, ${failed} failed (retried later).`)
    } catch (error) {
      console.error('[email] The delivery job failed:', error)
    }
  }
  let running: Promise<void> | null = null
  // Asked again during a pass: what was queued meanwhile may have missed the pass's read.
  let askedAgain = false
  const runOnce = () => {
    if (running) {
      askedAgain = true
      return running
    }
    running = (async () => {
      try {
        do {
          askedAgain = false
          await pass()
        } while (askedAgain)
      } finally {
        running = null
      }
    })()
    return running
  }
  const timer = setInterval(() => void runOnce(), intervalMs)
  timer.unref()
  // Account mail is awaited by a person at the site: sent at once, not at the next tick.
  const wake = () => void runOnce()
  if (wakeOnAccountMail) accountMailQueued.add(wake)
  return {
    runOnce,
    async stop() {
      clearInterval(timer)
      accountMailQueued.delete(wake)
      await running
    },
  }
}
