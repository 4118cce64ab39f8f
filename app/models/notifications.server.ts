// Notifications: written in the same transaction as the event they tell about (the reactions in
// subscribers.server.ts), read on /notifications and counted in the header. Live streams hear of
// every change once it has committed.
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { db, type Tx } from '#db/client.server.ts'
import { notifications, questions, users } from '#db/schema.ts'
import { getBadge } from '#app/lib/badge-rules.ts'
import { publishNotificationsChanged } from '#app/lib/live-events.server.ts'
import { queueNotificationEmail } from './email.server.ts'
import { afterCommit } from './transaction.server.ts'

export const NOTIFICATION_KINDS = [
  'answer_on_question',
  'comment_on_post',
  'answer_accepted',
  'answer_official',
  'mention',
  'badge_earned',
  /** Expert routing: a new question in a tag the expert answers (app/models/routing.server.ts). */
  'question_routed',
  /** Expert routing: a question still unanswered at the first-response target, for staff. */
  'question_escalated',
  /** A new message in a private case (or staff opened one): never the message's text. */
  'private_case_message',
] as const
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]

export interface NewNotification {
  userId: number
  /** Who did it; null for the system (a badge earned). */
  actorId: number | null
  kind: NotificationKind
  questionId?: number | null
  answerId?: number | null
  commentId?: number | null
  /** For 'badge_earned': the badge's slug (app/lib/badge-rules.ts). */
  badge?: string | null
  now: number
}

/**
 * Adds a notification in the caller's write transaction; nobody is notified of their own act.
 * Open live streams of the user hear of it once the transaction has committed; its e-mail, when
 * the user wants one at once, is queued in the same transaction (app/models/email.server.ts).
 */
export function notify(tx: Tx, n: NewNotification): boolean {
  if (n.actorId != null && n.userId === n.actorId) return false
  const { id } = tx
    .insert(notifications)
    .values({
      userId: n.userId,
      actorId: n.actorId,
      kind: n.kind,
      questionId: n.questionId ?? null,
      answerId: n.answerId ?? null,
      commentId: n.commentId ?? null,
      badge: n.badge ?? null,
      createdAt: n.now,
    })
    .returning({ id: notifications.id })
    .get()
  // E-mail for members who want it at once: queued in this transaction, sent by a job.
  queueNotificationEmail(tx, { id, userId: n.userId, now: n.now })
  afterCommit(() => publishNotificationsChanged(n.userId))
  return true
}

/**
 * Tells the people mentioned in a post, once per post (an edit that keeps a mention does not
 * notify again), never the author, and not those in `skip` (already told of this event).
 */
export function notifyMentions(
  tx: Tx,
  m: {
    userIds: number[]
    actorId: number
    questionId: number
    answerId?: number | null
    commentId?: number | null
    skip?: number[]
    now: number
  },
) {
  const candidates = m.userIds.filter((id) => id !== m.actorId && !(m.skip ?? []).includes(id))
  if (candidates.length === 0) return []
  const post = and(
    eq(notifications.kind, 'mention'),
    eq(notifications.questionId, m.questionId),
    m.answerId != null ? eq(notifications.answerId, m.answerId) : isNull(notifications.answerId),
    m.commentId != null
      ? eq(notifications.commentId, m.commentId)
      : isNull(notifications.commentId),
  )
  const already = new Set(
    tx
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(and(post, inArray(notifications.userId, candidates)))
      .all()
      .map((r) => r.userId),
  )
  const told = candidates.filter((id) => !already.has(id))
  for (const userId of told) {
    notify(tx, {
      userId,
      actorId: m.actorId,
      kind: 'mention',
      questionId: m.questionId,
      answerId: m.answerId,
      commentId: m.commentId,
      now: m.now,
    })
  }
  return told
}

export function unreadNotificationCount(userId: number) {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  )
}

export function listNotifications(userId: number, limit = 50) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit)
    .all()
}

const actors = alias(users, 'actor')
const recipients = alias(users, 'recipient')

/**
 * Where a notification leads: a badge's page, the comment, the answer, the thread, or the
 * recipient's profile.
 */
export function notificationHref(n: {
  kind: string
  recipientHandle: string
  questionId: number | null
  question: { id: number; slug: string } | null
  answerId: number | null
  commentId: number | null
  badge?: string | null
}) {
  if (n.kind === 'badge_earned' && n.badge) return `/badges/${encodeURIComponent(n.badge)}`
  if (n.questionId == null) return `/users/${encodeURIComponent(n.recipientHandle)}`
  if (!n.question) return '/notifications' // the thread is gone
  const thread = `/questions/${n.question.id}/${n.question.slug}`
  if (n.kind === 'private_case_message') return `${thread}#private-case`
  if (n.commentId != null) return `${thread}#comment-${n.commentId}`
  if (n.answerId != null) return `${thread}#answer-${n.answerId}`
  return thread
}

function notificationRows(where: SQL | undefined) {
  return db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      answerId: notifications.answerId,
      commentId: notifications.commentId,
      badge: notifications.badge,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      actorHandle: actors.handle,
      actorDisplayName: actors.displayName,
      recipientHandle: recipients.handle,
      questionId: notifications.questionId,
      threadId: questions.id,
      questionTitle: questions.title,
      questionSlug: questions.slug,
    })
    .from(notifications)
    .innerJoin(recipients, eq(recipients.id, notifications.userId))
    .leftJoin(actors, eq(actors.id, notifications.actorId))
    .leftJoin(
      questions,
      and(eq(questions.id, notifications.questionId), isNull(questions.deletedAt)),
    )
    .where(where)
}

type NotificationRow = NonNullable<ReturnType<ReturnType<typeof notificationRows>['get']>>

function toView(row: NotificationRow) {
  const question =
    row.threadId != null && row.questionTitle != null && row.questionSlug != null
      ? { id: row.threadId, title: row.questionTitle, slug: row.questionSlug }
      : null
  const badge = row.badge != null ? getBadge(row.badge) : undefined
  return {
    id: row.id,
    kind: row.kind as NotificationKind,
    badge: badge ? { slug: badge.slug, name: badge.name } : null,
    read: row.readAt != null,
    createdAt: row.createdAt,
    actor:
      row.actorHandle != null
        ? { handle: row.actorHandle, displayName: row.actorDisplayName ?? row.actorHandle }
        : null,
    question,
    answerId: row.answerId,
    commentId: row.commentId,
    href: notificationHref({ ...row, question }),
  }
}
export type NotificationView = ReturnType<typeof toView>

/** A page of someone's notifications, newest first, with the actor and the thread to show. */
export function listNotificationsForDisplay(
  userId: number,
  { page = 1, pageSize = 30 }: { page?: number; pageSize?: number } = {},
) {
  const total =
    db
      .select({ n: sql<number>`count(*)` })
      .from(notifications)
      .where(eq(notifications.userId, userId))
      .get()?.n ?? 0
  const rows = notificationRows(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
  return {
    items: rows.map(toView),
    total,
    unread: unreadNotificationCount(userId),
    page,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}

/** Marks one of the user's notifications read; false when it is not theirs or does not exist. */
export function markNotificationRead(userId: number, notificationId: number, now = Date.now()) {
  const found = db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${now})` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, userId)))
    .run()
  if (found.changes > 0) publishNotificationsChanged(userId)
  return found.changes > 0
}

/**
 * Following a notification: marks it read and gives where it leads, or null when the
 * notification is not the user's.
 */
export function openNotification(userId: number, notificationId: number, now = Date.now()) {
  if (!markNotificationRead(userId, notificationId, now)) return null
  const row = notificationRows(
    and(eq(notifications.userId, userId), eq(notifications.id, notificationId)),
  ).get()
  return row ? toView(row).href : null
}

/** Marks every unread notification of the user read; returns how many there were. */
export function markAllNotificationsRead(userId: number, now = Date.now()) {
  const result = db
    .update(notifications)
    .set({ readAt: now })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .run()
  if (result.changes > 0) publishNotificationsChanged(userId)
  return result.changes
}
