// A member's own data: the download of everything they gave or were given here, and the deletion
// of their account. Deletion keeps the posts (a thread without its answers would lose others'
// work) but turns the account into a tombstone: a row with a placeholder handle, no e-mail, no
// password, no profile, so every page that names the author shows "deleted user".
import { and, eq, ne, sql } from 'drizzle-orm'
import { db, preparedStatement, type Tx } from '#db/client.server.ts'
import {
  claimLinkEmails,
  claimTokens,
  passwordResetTokens,
  emailOutbox,
  emailPreferences,
  expertTags,
  notifications,
  routingNotified,
  sessions,
  userBadges,
  users,
} from '#db/schema.ts'
import { verifyPassword } from '#app/lib/auth.server.ts'
import { DELETED_USER_NAME, deletedHandle } from '#app/lib/deleted-user.ts'
import { nudgeSearchWorker } from '#search/index.server.ts'
import { FieldError, NotFoundError, PermissionError } from './errors.server.ts'
import { publish } from './events.server.ts'
import { recordModeration } from './moderation-log.server.ts'
import { afterCommit, writeTransaction } from './transaction.server.ts'

// ---------------------------------------------------------------- the download

/** Rows read per query: the export holds one page of a kind in memory, whatever the history. */
export const EXPORT_PAGE = 500

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString())

type Row = Record<string, unknown>

/**
 * Reads a member's rows of one kind a page at a time, by a key the index is ordered by (a
 * "seek", never OFFSET), so each page is a range read of their own rows.
 */
function* pages(
  text: string,
  params: (last: Row | null) => unknown[],
  limit = EXPORT_PAGE,
): Generator<Row[]> {
  const statement = preparedStatement(text)
  let last: Row | null = null
  for (;;) {
    const rows = statement.all(...params(last), limit) as Row[]
    if (rows.length > 0) yield rows
    if (rows.length < limit) return
    last = rows.at(-1)!
  }
}

// Each kind's query. INDEXED BY pins the member's own index: the primary key would also serve
// `id > ?`, but by reading everyone's rows after it.
const QUESTIONS_PAGE = `SELECT q.id, q.title, q.slug, q.body_md AS bodyMd, q.status, q.score,
    q.created_at AS createdAt, q.edited_at AS editedAt, q.deleted_at AS deletedAt,
    (SELECT group_concat(t.name, ' ') FROM question_tags qt JOIN tags t ON t.id = qt.tag_id
      WHERE qt.question_id = q.id) AS tags
  FROM questions q INDEXED BY questions_author_idx
  WHERE q.author_id = ? AND q.id > ? ORDER BY q.id LIMIT ?`

const ANSWERS_PAGE = `SELECT id, question_id AS questionId, body_md AS bodyMd, score,
    created_at AS createdAt, edited_at AS editedAt, deleted_at AS deletedAt
  FROM answers INDEXED BY answers_author_idx
  WHERE author_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`

const COMMENTS_PAGE = `SELECT id, question_id AS questionId, answer_id AS answerId,
    body_md AS bodyMd, created_at AS createdAt, edited_at AS editedAt, deleted_at AS deletedAt
  FROM comments INDEXED BY comments_author_idx
  WHERE author_id = ? AND id > ? ORDER BY id LIMIT ?`

const VOTES_PAGE = `SELECT id, post_type AS postType, post_id AS postId, value,
    created_at AS createdAt
  FROM votes INDEXED BY votes_user_created_idx
  WHERE user_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`

// Notifications name who caused them by handle only: another member's handle is public.
const NOTIFICATION_COLUMNS = `n.id, n.kind, a.handle AS actor, n.question_id AS questionId,
    n.answer_id AS answerId, n.comment_id AS commentId, n.badge, n.read_at AS readAt,
    n.created_at AS createdAt
  FROM notifications n INDEXED BY notifications_user_idx LEFT JOIN users a ON a.id = n.actor_id`
// The index runs (user, read_at, created_at): the unread first, then the read in read order.
const UNREAD_PAGE = `SELECT ${NOTIFICATION_COLUMNS}
  WHERE n.user_id = ? AND n.read_at IS NULL AND (n.created_at, n.id) > (?, ?)
  ORDER BY n.created_at, n.id LIMIT ?`
const READ_PAGE = `SELECT ${NOTIFICATION_COLUMNS}
  WHERE n.user_id = ? AND n.read_at IS NOT NULL AND (n.read_at, n.created_at, n.id) > (?, ?, ?)
  ORDER BY n.read_at, n.created_at, n.id LIMIT ?`

// The ledger leaves out actor_id: who voted on a member's post is the voter's data, not theirs.
const LEDGER_PAGE = `SELECT id, amount, kind, post_type AS postType, post_id AS postId,
    question_id AS questionId, reversal_of_id AS reversalOfId, reversed_at AS reversedAt,
    created_at AS createdAt
  FROM reputation_events INDEXED BY reputation_user_created_idx
  WHERE user_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?`

const DATE_FIELDS = ['createdAt', 'editedAt', 'deletedAt', 'readAt', 'reversedAt'] as const

/** Dates as ISO text; the paging key's raw values are read before this. */
function readable(row: Row): Row {
  const out = { ...row }
  for (const field of DATE_FIELDS) {
    if (field in out) out[field] = iso(out[field] as number | null)
  }
  return out
}

const afterId = (userId: number) => (last: Row | null) => [userId, last?.id ?? 0]
const afterCreated = (userId: number) => (last: Row | null) => [
  userId,
  last?.createdAt ?? Number.MIN_SAFE_INTEGER,
  last?.id ?? 0,
]

function profileOf(userId: number) {
  return db
    .select({
      id: users.id,
      handle: users.handle,
      email: users.email,
      displayName: users.displayName,
      bio: users.bio,
      role: users.role,
      reputation: users.reputation,
      status: users.status,
      suspendedUntil: users.suspendedUntil,
      suspensionReason: users.suspensionReason,
      createdAt: users.createdAt,
      lastSeenAt: users.lastSeenAt,
    })
    .from(users)
    .where(and(eq(users.id, userId), ne(users.status, 'deleted')))
    .get()
}

/**
 * The member's data as JSON text, produced a piece at a time (a page of rows each), so a member
 * with a long history costs a page of memory, not their whole history. Throws NotFoundError for
 * an unknown or deleted account before the first piece.
 */
export function accountExport(
  userId: number,
  now = Date.now(),
  pageSize = EXPORT_PAGE,
): Generator<string> {
  const profile = profileOf(userId)
  if (!profile) throw new NotFoundError('No such member.')
  return exportPieces(userId, profile, now, pageSize)
}

function* exportPieces(
  userId: number,
  profile: NonNullable<ReturnType<typeof profileOf>>,
  now: number,
  pageSize: number,
): Generator<string> {
  const preferences = db
    .select({
      choice: emailPreferences.choice,
      lastDigestAt: emailPreferences.lastDigestAt,
      updatedAt: emailPreferences.updatedAt,
    })
    .from(emailPreferences)
    .where(eq(emailPreferences.userId, userId))
    .get()
  // One row per badge kind at most: a handful.
  const badges = db
    .select({ badge: userBadges.badge, awardedAt: userBadges.awardedAt })
    .from(userBadges)
    .where(eq(userBadges.userId, userId))
    .all()
  const head = {
    exportedAt: iso(now),
    profile: {
      ...profile,
      suspendedUntil: iso(profile.suspendedUntil),
      createdAt: iso(profile.createdAt),
      lastSeenAt: iso(profile.lastSeenAt),
    },
    // No row: the default, an e-mail for each notification.
    emailPreferences: preferences
      ? {
          choice: preferences.choice,
          lastDigestAt: iso(preferences.lastDigestAt),
          updatedAt: iso(preferences.updatedAt),
        }
      : { choice: 'immediate', lastDigestAt: null, updatedAt: null },
    badges: badges.map((b) => ({ badge: b.badge, awardedAt: iso(b.awardedAt) })),
  }
  // The head's object, left open for the lists that follow it.
  yield JSON.stringify(head, null, 2).replace(/\n}$/, '')

  const lists: [string, Generator<Row[]>[]][] = [
    ['questions', [pages(QUESTIONS_PAGE, afterId(userId), pageSize)]],
    ['answers', [pages(ANSWERS_PAGE, afterCreated(userId), pageSize)]],
    ['comments', [pages(COMMENTS_PAGE, afterId(userId), pageSize)]],
    ['votes', [pages(VOTES_PAGE, afterCreated(userId), pageSize)]],
    [
      'notifications',
      [
        pages(UNREAD_PAGE, afterCreated(userId), pageSize),
        pages(
          READ_PAGE,
          (last) => [
            userId,
            last?.readAt ?? Number.MIN_SAFE_INTEGER,
            last?.createdAt ?? Number.MIN_SAFE_INTEGER,
            last?.id ?? 0,
          ],
          pageSize,
        ),
      ],
    ],
    ['reputation', [pages(LEDGER_PAGE, afterCreated(userId), pageSize)]],
  ]
  for (const [name, sources] of lists) {
    yield `,\n  ${JSON.stringify(name)}: [`
    let first = true
    for (const source of sources) {
      for (const rows of source) {
        const text = rows
          .map((row) => {
            const out = readable(row)
            if (name === 'questions')
              out.tags = String(out.tags ?? '')
                .split(' ')
                .filter(Boolean)
            return `\n    ${JSON.stringify(out)}`
          })
          .join(',')
        yield (first ? '' : ',') + text
        first = false
      }
    }
    yield first ? ']' : '\n  ]'
  }
  yield '\n}\n'
}

// ---------------------------------------------------------------- the deletion

export interface AccountDeletion {
  /** The handle typed to confirm: it must be the account's own. */
  confirmHandle: string
  password: string
}

/** Refuses when the member is the last admin: the site would be left without one. */
function refuseLastAdmin(tx: Pick<Tx, 'get'>, user: { id: number; role: string }) {
  if (user.role !== 'admin') return
  // role != 'member' lets users_role_idx (partial: only those who hold a role) serve it.
  const others = tx.get<{ n: number }>(sql`
    SELECT count(*) AS n FROM ${users} INDEXED BY users_role_idx
    WHERE ${users.role} != 'member' AND ${users.role} = 'admin'
      AND ${users.status} != 'deleted' AND ${users.id} != ${user.id}`)
  if (!others || others.n === 0) {
    throw new PermissionError(
      'You are the only admin: make another member an admin on /admin/users before you delete your account.',
    )
  }
}

function accountOf(tx: Pick<Tx, 'select'>, userId: number) {
  return tx
    .select({
      id: users.id,
      handle: users.handle,
      passwordHash: users.passwordHash,
      role: users.role,
      status: users.status,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get()
}

/**
 * Deletes the member's account, once they typed their handle and password: a wrong one is a
 * field error and changes nothing. In one transaction:
 * - posts stay, their author becomes the tombstone ("deleted user" on every page); the threads
 *   go through the search outbox again so the index follows;
 * - e-mail, password hash, profile text, role and suspension go from the row; the handle becomes
 *   `~deleted-ID` and the old one is free for anyone (keeping it reserved would mean keeping it);
 * - sessions (logged out everywhere), notifications, e-mail choice and queued mail, claim and
 *   password-reset links and badges are deleted;
 * - votes stay, on the tombstone: scores keep them, the unique key (one vote per account and
 *   post) and the vote-fraud job still work, and the tombstone names no one. The ledger's rows
 *   stay the same way (they are numbers about posts; the leaderboards skip deleted accounts);
 * - the moderation log gets an 'account-deleted' row with no handle, e-mail or text in it.
 */
export async function deleteAccount(userId: number, input: AccountDeletion, now = Date.now()) {
  const account = accountOf(db, userId)
  if (!account || account.status === 'deleted') throw new NotFoundError('No such member.')
  refuseLastAdmin(db, account)
  const errors: Record<string, string[]> = {}
  if (input.confirmHandle.trim().replace(/^@/, '').toLowerCase() !== account.handle.toLowerCase()) {
    errors.confirmHandle = [`Type your handle, ${account.handle}, to confirm`]
  }
  if (!(await verifyPassword(account.passwordHash, input.password))) {
    errors.password = ['That is not your password']
  }
  if (Object.keys(errors).length > 0) throw new FieldError(errors)

  writeTransaction((tx) => {
    // Checked again inside the write lock: another admin may have left meanwhile.
    const current = accountOf(tx, userId)
    if (!current || current.status === 'deleted' || current.handle !== account.handle) {
      throw new NotFoundError('No such member.')
    }
    refuseLastAdmin(tx, current)
    // Every thread that shows the member. The search documents hold no author today, but the
    // index is rebuilt from the database, so whatever it holds follows the tombstone.
    tx.run(sql`
      INSERT INTO search_outbox (question_id, created_at, available_at)
      SELECT id, ${now}, ${now} FROM (
        SELECT id FROM questions INDEXED BY questions_author_idx WHERE author_id = ${userId}
        UNION SELECT question_id FROM answers INDEXED BY answers_author_idx WHERE author_id = ${userId}
        UNION SELECT question_id FROM comments INDEXED BY comments_author_idx WHERE author_id = ${userId})`)
    tx.delete(sessions).where(eq(sessions.userId, userId)).run()
    tx.delete(notifications).where(eq(notifications.userId, userId)).run()
    tx.delete(emailPreferences).where(eq(emailPreferences.userId, userId)).run()
    tx.delete(emailOutbox).where(eq(emailOutbox.userId, userId)).run()
    tx.delete(claimTokens).where(eq(claimTokens.userId, userId)).run()
    tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId)).run()
    tx.delete(userBadges).where(eq(userBadges.userId, userId)).run()
    tx.delete(expertTags).where(eq(expertTags.userId, userId)).run()
    tx.delete(routingNotified).where(eq(routingNotified.userId, userId)).run()
    tx.delete(claimLinkEmails).where(eq(claimLinkEmails.userId, userId)).run()
    // A private case on their own question is about their account: its messages go (staff's
    // replies too: they answer the member's details). So do the moderators-only originals of
    // text redacted on their threads, which held what the member should not have posted.
    tx.run(sql`
      DELETE FROM private_case_messages WHERE case_id IN (
        SELECT pc.id FROM questions q INDEXED BY questions_author_idx
          JOIN private_cases pc ON pc.question_id = q.id
         WHERE q.author_id = ${userId})`)
    tx.run(sql`
      DELETE FROM redacted_originals WHERE question_id IN (
        SELECT id FROM questions INDEXED BY questions_author_idx WHERE author_id = ${userId})`)
    // Any other table that keeps per-person data must delete the member's rows here too (the
    // privacy test reads every table for the member's e-mail and handle).
    const handle = deletedHandle(userId)
    tx.update(users)
      .set({
        handle,
        // NOT NULL and unique: an address of the reserved .invalid domain, which no mail reaches.
        email: `${handle.slice(1)}@deleted.invalid`,
        passwordHash: null,
        displayName: DELETED_USER_NAME,
        bio: '',
        role: 'member',
        status: 'deleted',
        suspendedUntil: null,
        suspensionReason: null,
        lastSeenAt: null,
      })
      .where(eq(users.id, userId))
      .run()
    recordModeration(tx, {
      actorId: userId,
      action: 'account-deleted',
      targetType: 'user',
      targetId: userId,
      before: { status: current.status, role: current.role },
      after: { status: 'deleted' },
      createdAt: now,
    })
    // The name changed on every thread they posted in: cached pages of those threads go.
    publish(tx, { kind: 'profile', userId, at: now, displayNameChanged: true })
    afterCommit(nudgeSearchWorker)
  })
}
