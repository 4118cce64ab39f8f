import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { notifications } from '#db/schema.ts'

export type NotificationKind =
  'answer_on_question' | 'comment_on_post' | 'answer_accepted' | 'answer_official'

/** Adds a notification in the caller's transaction; nobody is notified of their own act. */
export function notify(
  tx: Tx,
  n: {
    userId: number
    actorId: number
    kind: NotificationKind
    questionId: number
    answerId?: number
    commentId?: number
    now: number
  },
) {
  if (n.userId === n.actorId) return
  tx.insert(notifications)
    .values({
      userId: n.userId,
      actorId: n.actorId,
      kind: n.kind,
      questionId: n.questionId,
      answerId: n.answerId ?? null,
      commentId: n.commentId ?? null,
      createdAt: n.now,
    })
    .run()
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
