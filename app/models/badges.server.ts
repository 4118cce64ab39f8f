// Badges: the rules of app/lib/badge-rules.ts applied to what the database holds. The badge
// reaction (subscribers.server.ts) calls awardBadges() inside the event's transaction, so a badge
// lands (with its notification) exactly when the event does, and not at all when it fails.
// Awarding is idempotent: one row per person and badge (unique index + insert-or-ignore).
import { and, count, desc, eq, isNull, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { db, type Tx } from '#db/client.server.ts'
import { answers, comments, questions, userBadges, users, votes } from '#db/schema.ts'
import {
  BADGES,
  badgeSummary,
  badgesForEvent,
  evaluateBadges,
  getBadge,
  type AnswerFact,
  type BadgeDefinition,
  type BadgeEvent,
  type BadgeEvidence,
  type BadgeFacts,
  type QuestionFact,
} from '#app/lib/badge-rules.ts'
import { isStaff } from '#app/lib/privileges.ts'
import { notify, type NewNotification } from './notifications.server.ts'
import { writeTransaction } from './transaction.server.ts'
import { authorColumns } from './users.server.ts'

export interface AwardedBadge extends BadgeEvidence {
  userId: number
  badge: string
}

/** The facts a person's badges are decided on, each read from the database on first use. */
class StoredFacts implements BadgeFacts {
  #answers?: AnswerFact[]
  #questions?: QuestionFact[]
  #upvotesCast?: number
  #commentCount?: number

  constructor(
    private readonly tx: Tx,
    readonly userId: number,
    readonly reputation: number,
    readonly authorIsStaff: boolean,
  ) {}

  get answers(): AnswerFact[] {
    this.#answers ??= this.tx
      .select({
        id: answers.id,
        questionId: answers.questionId,
        createdAt: answers.createdAt,
        score: answers.score,
        questionAuthorId: questions.authorId,
        questionCreatedAt: questions.createdAt,
        accepted: sql<number>`${questions.acceptedAnswerId} is ${answers.id}`,
        official: sql<number>`${questions.officialAnswerId} is ${answers.id}`,
      })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(
        and(
          eq(answers.authorId, this.userId),
          isNull(answers.deletedAt),
          isNull(questions.deletedAt),
        ),
      )
      .all()
      .map((a) => ({ ...a, accepted: Boolean(a.accepted), official: Boolean(a.official) }))
    return this.#answers
  }

  get questions(): QuestionFact[] {
    const accepted = alias(answers, 'accepted_answer')
    this.#questions ??= this.tx
      .select({
        id: questions.id,
        createdAt: questions.createdAt,
        score: questions.score,
        acceptedAnswerId: questions.acceptedAnswerId,
        acceptedAnswerAuthorId: accepted.authorId,
      })
      .from(questions)
      .leftJoin(accepted, eq(accepted.id, questions.acceptedAnswerId))
      .where(and(eq(questions.authorId, this.userId), isNull(questions.deletedAt)))
      .all()
    return this.#questions
  }

  get upvotesCast(): number {
    this.#upvotesCast ??=
      this.tx
        .select({ n: count() })
        .from(votes)
        .where(and(eq(votes.userId, this.userId), eq(votes.value, 1)))
        .get()?.n ?? 0
    return this.#upvotesCast
  }

  get commentCount(): number {
    this.#commentCount ??=
      this.tx
        .select({ n: count() })
        .from(comments)
        .where(and(eq(comments.authorId, this.userId), isNull(comments.deletedAt)))
        .get()?.n ?? 0
    return this.#commentCount
  }
}

function notifyBadgeEarned(tx: Tx, userId: number, badge: string, now: number) {
  // NewNotification has no `badge` field yet (asked of the notifications owner): the object
  // carries it so notify() stores it in notifications.badge once it writes `n.badge`. No
  // actor (the site awards it) and no post, so the notification leads to the profile.
  const notification: NewNotification & { badge: string } = {
    userId,
    actorId: null,
    kind: 'badge_earned',
    badge,
    now,
  }
  notify(tx, notification)
}

/** Checks the given badges for one person and awards those newly earned. */
function awardToUser(
  tx: Tx,
  userId: number,
  candidates: readonly BadgeDefinition[],
  now: number,
  options: { notify: boolean },
): AwardedBadge[] {
  const held = new Set(
    tx
      .select({ badge: userBadges.badge })
      .from(userBadges)
      .where(eq(userBadges.userId, userId))
      .all()
      .map((r) => r.badge),
  )
  const open = candidates.filter((b) => !held.has(b.slug))
  if (open.length === 0) return []
  const user = tx
    .select({ reputation: users.reputation, role: users.role, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .get()
  if (!user || user.status === 'deleted') return []

  const facts = new StoredFacts(tx, userId, user.reputation, isStaff(user))
  const awarded: AwardedBadge[] = []
  for (const { badge, evidence } of evaluateBadges(facts, open)) {
    const inserted = tx
      .insert(userBadges)
      .values({ userId, badge: badge.slug, ...evidence, awardedAt: now })
      .onConflictDoNothing()
      .run()
    if (inserted.changes === 0) continue
    awarded.push({ userId, badge: badge.slug, ...evidence })
    if (options.notify) notifyBadgeEarned(tx, userId, badge.slug, now)
  }
  return awarded
}

/**
 * The hook the models call inside an event's transaction: checks the badges that this kind
 * of event can complete for the people it touched, and awards (and announces) new ones.
 */
export function awardBadges(
  tx: Tx,
  event: BadgeEvent,
  userIds: readonly number[],
  now: number,
): AwardedBadge[] {
  const candidates = badgesForEvent(event)
  return [...new Set(userIds)].flatMap((userId) =>
    awardToUser(tx, userId, candidates, now, { notify: true }),
  )
}

/**
 * Re-evaluates every rule for every person from the data, awarding what is missing (for a
 * database older than badges, or an event that no hook saw). Idempotent; quiet by default.
 * `userIds` limits it to those people (an import: the accounts it brought in).
 */
export function recomputeBadges(
  now = Date.now(),
  options: { notify?: boolean; userIds?: readonly number[] } = {},
) {
  const ids =
    options.userIds?.slice() ??
    db
      .select({ id: users.id })
      .from(users)
      .where(ne(users.status, 'deleted'))
      .all()
      .map((r) => r.id)
  const awarded: AwardedBadge[] = []
  const BATCH = 200 // short transactions: the server keeps answering between batches' writes
  for (let i = 0; i < ids.length; i += BATCH) {
    writeTransaction((tx) => {
      for (const id of ids.slice(i, i + BATCH)) {
        awarded.push(...awardToUser(tx, id, BADGES, now, { notify: options.notify ?? false }))
      }
    })
  }
  return { users: ids.length, awarded }
}

const liveHolder = and(eq(users.id, userBadges.userId), ne(users.status, 'deleted'))
const liveQuestion = and(eq(questions.id, userBadges.questionId), isNull(questions.deletedAt))

function threadOf(row: { questionId: number | null; title: string | null; slug: string | null }) {
  return row.questionId != null && row.title != null && row.slug != null
    ? { id: row.questionId, title: row.title, slug: row.slug }
    : null
}

/** A person's badges, newest first, with the thread that earned each (for the profile). */
export function badgesForUser(userId: number) {
  return db
    .select({
      badge: userBadges.badge,
      awardedAt: userBadges.awardedAt,
      answerId: userBadges.answerId,
      questionId: questions.id,
      title: questions.title,
      slug: questions.slug,
    })
    .from(userBadges)
    .leftJoin(questions, liveQuestion)
    .where(eq(userBadges.userId, userId))
    .orderBy(desc(userBadges.awardedAt), desc(userBadges.id))
    .all()
    .flatMap((row) => {
      const badge = getBadge(row.badge)
      if (!badge) return [] // a retired badge
      return [
        {
          ...badgeSummary(badge),
          awardedAt: row.awardedAt,
          question: threadOf(row),
          answerId: row.answerId,
        },
      ]
    })
}
export type UserBadge = ReturnType<typeof badgesForUser>[number]

/** Every badge, in catalogue order, with how many people hold it. */
export function badgeCounts() {
  const counts = new Map(
    db
      .select({ badge: userBadges.badge, n: count() })
      .from(userBadges)
      .innerJoin(users, liveHolder)
      .groupBy(userBadges.badge)
      .all()
      .map((r) => [r.badge, r.n]),
  )
  return BADGES.map((b) => ({ ...badgeSummary(b), holders: counts.get(b.slug) ?? 0 }))
}

/** Who holds a badge, newest first, a page at a time; null when there is no such badge. */
export function badgeHolders(slug: string, page = 1, pageSize = 30) {
  const badge = getBadge(slug)
  if (!badge) return null
  const total =
    db
      .select({ n: count() })
      .from(userBadges)
      .innerJoin(users, liveHolder)
      .where(eq(userBadges.badge, slug))
      .get()?.n ?? 0
  const items = db
    .select({
      user: authorColumns,
      awardedAt: userBadges.awardedAt,
      answerId: userBadges.answerId,
      questionId: questions.id,
      title: questions.title,
      slug: questions.slug,
    })
    .from(userBadges)
    .innerJoin(users, liveHolder)
    .leftJoin(questions, liveQuestion)
    .where(eq(userBadges.badge, slug))
    .orderBy(desc(userBadges.awardedAt), desc(userBadges.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all()
    .map((row) => ({
      user: row.user,
      awardedAt: row.awardedAt,
      question: threadOf(row),
      answerId: row.answerId,
    }))
  return {
    badge: badgeSummary(badge),
    items,
    total,
    page,
    pageSize,
    pageCount: Math.max(1, Math.ceil(total / pageSize)),
  }
}
