// The moderation log: one row for each act of a moderator or admin (who, when, what, why, and
// the state before it), written in the same transaction as the act, so the record and the act
// are never apart. /mod/log reads it newest first, a page at a time by id (no OFFSET scan).
import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm'
import { db, type Tx } from '#db/client.server.ts'
import { isDeletedHandle } from '#app/lib/deleted-user.ts'
import { moderationLog, questions, users, type ModerationAction } from '#db/schema.ts'

export interface ModerationEntry {
  actorId: number
  action: ModerationAction
  targetType: 'user' | 'question' | 'answer' | 'comment' | 'site'
  targetId: number
  reason?: string
  before?: Record<string, unknown>
  after?: Record<string, unknown>
  createdAt?: number
}

/** Writes the entry inside the write transaction that performs the act. */
export function recordModeration(tx: Tx, entry: ModerationEntry) {
  return tx
    .insert(moderationLog)
    .values({ ...entry, reason: entry.reason ?? '', createdAt: entry.createdAt ?? Date.now() })
    .returning({ id: moderationLog.id })
    .get()
}

export const MODERATION_LOG_PAGE = 50

/** A page of the log, newest first; `before` is the last id of the previous page. */
export function moderationLogPage(
  opts: {
    before?: number
    target?: { type: ModerationEntry['targetType']; id: number }
    limit?: number
  } = {},
) {
  const limit = opts.limit ?? MODERATION_LOG_PAGE
  const where: SQL[] = []
  if (opts.before) where.push(lt(moderationLog.id, opts.before))
  if (opts.target) {
    where.push(eq(moderationLog.targetType, opts.target.type))
    where.push(eq(moderationLog.targetId, opts.target.id))
  }
  const rows = db
    .select({
      id: moderationLog.id,
      action: moderationLog.action,
      targetType: moderationLog.targetType,
      targetId: moderationLog.targetId,
      reason: moderationLog.reason,
      before: moderationLog.before,
      after: moderationLog.after,
      createdAt: moderationLog.createdAt,
      undoneAt: moderationLog.undoneAt,
      actorHandle: users.handle,
    })
    .from(moderationLog)
    .innerJoin(users, eq(users.id, moderationLog.actorId))
    .where(and(...where))
    .orderBy(desc(moderationLog.id))
    .limit(limit + 1)
    .all()
  const more = rows.length > limit
  const page = rows.slice(0, limit)
  const idsOf = (type: ModerationEntry['targetType']) =>
    page.filter((e) => e.targetType === type).map((e) => e.targetId)
  const names = { handles: handlesOf(idsOf('user')), threads: threadsOf(idsOf('question')) }
  const entries = page.map((entry) => ({ ...entry, target: targetOf(entry, names) }))
  return { entries, nextBefore: more ? page.at(-1)!.id : null }
}

function handlesOf(ids: number[]) {
  if (ids.length === 0) return new Map<number, string>()
  const rows = db
    .select({ id: users.id, handle: users.handle })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]))
    .all()
  return new Map(rows.map((r) => [r.id, r.handle]))
}

function threadsOf(ids: number[]) {
  if (ids.length === 0) return new Map<number, { title: string; slug: string }>()
  const rows = db
    .select({ id: questions.id, title: questions.title, slug: questions.slug })
    .from(questions)
    .where(inArray(questions.id, [...new Set(ids)]))
    .all()
  return new Map(rows.map((r) => [r.id, r]))
}

/** What the entry acted on, as the log shows it: a label and where it lives. */
function targetOf(
  entry: { targetType: ModerationEntry['targetType']; targetId: number },
  names: {
    handles: Map<number, string>
    threads: Map<number, { title: string; slug: string }>
  },
): { label: string; href: string | null } {
  if (entry.targetType === 'user') {
    const handle = names.handles.get(entry.targetId)
    if (!handle) return { label: `member #${entry.targetId}`, href: null }
    // A deleted account has no profile: the log names it by its number.
    if (isDeletedHandle(handle)) return { label: `member #${entry.targetId}`, href: null }
    return { label: `@${handle}`, href: `/users/${handle}` }
  }
  if (entry.targetType === 'question') {
    const thread = names.threads.get(entry.targetId)
    return thread
      ? { label: thread.title, href: `/questions/${entry.targetId}/${thread.slug}` }
      : { label: `question #${entry.targetId}`, href: null }
  }
  if (entry.targetType === 'site') return { label: 'site settings', href: '/admin/settings' }
  return { label: `${entry.targetType} #${entry.targetId}`, href: null }
}

/**
 * The newest entry on a target of one of these actions that kept a before-state (an undo reads
 * it; a confirmation of a hidden post keeps none, the hiding's stays the one to undo).
 */
export function latestModeration(
  tx: Tx,
  target: { type: ModerationEntry['targetType']; id: number },
  actions: ModerationAction[],
) {
  return tx
    .select({ id: moderationLog.id, before: moderationLog.before })
    .from(moderationLog)
    .where(
      and(
        eq(moderationLog.targetType, target.type),
        eq(moderationLog.targetId, target.id),
        inArray(moderationLog.action, actions),
        sql`json_extract(${moderationLog.before}, '$.reversedEventIds') IS NOT NULL`,
      ),
    )
    .orderBy(desc(moderationLog.id))
    .limit(1)
    .get()
}
