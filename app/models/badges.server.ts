// Badges: the rules of app/lib/badge-rules.ts applied to what the database holds. The badge
// reaction (subscribers.server.ts) calls awardBadges() inside the event's transaction, so a badge
// lands (with its notification) exactly when the event does, and not at all when it fails.
// Awarding is idempotent: one row per person and badge (unique index + insert-or-ignore).
import { and, count, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/sqlite-core'
import { db, preparedStatement, type Tx } from '#db/client.server.ts'
import { answers, comments, questions, userBadges, users, votes, type Role } from '#db/schema.ts'
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
 * database older than badges, an import, or an event that no hook saw). Idempotent; quiet by
 * default. `userIds` limits it to those people (an import: the accounts it brought in).
 *
 * Set-based: the facts of a chunk of people are read with one query per kind of fact (not
 * several queries per person), then the same rules (evaluateBadges) decide on each person's
 * facts, so the badges, their evidence and their order are those awardToUser would give.
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
  const CHUNK = 500 // short transactions: the server keeps answering between chunks' writes
  for (let i = 0; i < ids.length; i += CHUNK) {
    writeTransaction((tx) => {
      awarded.push(...awardToChunk(tx, ids.slice(i, i + CHUNK), now, options.notify ?? false))
    })
  }
  return { users: ids.length, awarded }
}

/**
 * Everyone's badges recomputed a few people at a time, the event loop free between steps: at
 * 100 000 threads the whole recompute takes seconds, which in one go would hold every request.
 * Each step takes as many people as fit in about `stepMs` (it learns from the last step).
 */
export async function recomputeBadgesInSteps(now = Date.now(), stepMs = 5) {
  let after = 0
  let people = 10
  let awarded = 0
  for (;;) {
    const ids = db
      .select({ id: users.id })
      .from(users)
      .where(and(gt(users.id, after), ne(users.status, 'deleted')))
      .orderBy(users.id)
      .limit(people)
      .all()
      .map((r) => r.id)
    if (ids.length === 0) return awarded
    const started = performance.now()
    awarded += recomputeBadges(now, { userIds: ids }).awarded.length
    const took = performance.now() - started
    people = took > stepMs ? Math.max(1, people >> 1) : Math.min(500, people * 2)
    after = ids.at(-1)!
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}

/** Groups rows by their `key` column, dropping it. */
function groupBy<T extends { key: number }>(rows: T[]) {
  const out = new Map<number, Omit<T, 'key'>[]>()
  for (const { key, ...rest } of rows) {
    let list = out.get(key)
    if (!list) out.set(key, (list = []))
    list.push(rest)
  }
  return out
}

// The chunk's ids go in as one JSON array parameter: a fixed statement, prepared once.
const IN_CHUNK = 'IN (SELECT value FROM json_each(?))'

/** recomputeBadges for one chunk of people, inside its transaction. */
function awardToChunk(
  tx: Tx,
  userIds: readonly number[],
  now: number,
  notifyEarned: boolean,
): AwardedBadge[] {
  const chunk = JSON.stringify([...new Set(userIds)])
  const people = new Map(
    (
      preparedStatement(`SELECT id, reputation, role, status FROM users WHERE id ${IN_CHUNK}`).all(
        chunk,
      ) as { id: number; reputation: number; role: Role; status: string }[]
    ).map((u) => [u.id, u]),
  )
  const held = new Map<number, Set<string>>()
  for (const row of preparedStatement(
    `SELECT user_id AS userId, badge FROM user_badges WHERE user_id ${IN_CHUNK}`,
  ).all(chunk) as { userId: number; badge: string }[]) {
    let set = held.get(row.userId)
    if (!set) held.set(row.userId, (set = new Set()))
    set.add(row.badge)
  }
  const answersOf = groupBy(
    (
      preparedStatement(
        `SELECT a.author_id AS key, a.id, a.question_id AS questionId, a.created_at AS createdAt,
           a.score, q.author_id AS questionAuthorId, q.created_at AS questionCreatedAt,
           q.accepted_answer_id IS a.id AS accepted, q.official_answer_id IS a.id AS official
         FROM answers a JOIN questions q ON q.id = a.question_id
         WHERE a.author_id ${IN_CHUNK} AND a.deleted_at IS NULL AND q.deleted_at IS NULL`,
      ).all(chunk) as (Omit<AnswerFact, 'accepted' | 'official'> & {
        key: number
        accepted: number
        official: number
      })[]
    ).map((a) => ({ ...a, accepted: Boolean(a.accepted), official: Boolean(a.official) })),
  )
  const questionsOf = groupBy(
    preparedStatement(
      `SELECT q.author_id AS key, q.id, q.created_at AS createdAt, q.score,
         q.accepted_answer_id AS acceptedAnswerId, acc.author_id AS acceptedAnswerAuthorId
       FROM questions q LEFT JOIN answers acc ON acc.id = q.accepted_answer_id
       WHERE q.author_id ${IN_CHUNK} AND q.deleted_at IS NULL`,
    ).all(chunk) as (QuestionFact & { key: number })[],
  )
  const countsOf = (query: string) =>
    new Map(
      (preparedStatement(query).all(chunk) as { key: number; n: number }[]).map((r) => [
        r.key,
        r.n,
      ]),
    )
  const upvotesCast = countsOf(
    `SELECT user_id AS key, count(*) AS n FROM votes WHERE user_id ${IN_CHUNK} AND value = 1 GROUP BY user_id`,
  )
  const commentCounts = countsOf(
    `SELECT author_id AS key, count(*) AS n FROM comments
     WHERE author_id ${IN_CHUNK} AND deleted_at IS NULL GROUP BY author_id`,
  )

  const insert = preparedStatement(
    `INSERT INTO user_badges (user_id, badge, question_id, answer_id, awarded_at)
     VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  )
  const awarded: AwardedBadge[] = []
  for (const userId of userIds) {
    const user = people.get(userId)
    const mine = held.get(userId)
    const open = mine ? BADGES.filter((b) => !mine.has(b.slug)) : BADGES
    if (open.length === 0 || !user || user.status === 'deleted') continue
    const facts: BadgeFacts = {
      userId,
      reputation: user.reputation,
      authorIsStaff: isStaff(user),
      answers: answersOf.get(userId) ?? [],
      questions: questionsOf.get(userId) ?? [],
      upvotesCast: upvotesCast.get(userId) ?? 0,
      commentCount: commentCounts.get(userId) ?? 0,
    }
    for (const { badge, evidence } of evaluateBadges(facts, open)) {
      const inserted = insert.run(userId, badge.slug, evidence.questionId, evidence.answerId, now)
      if (inserted.changes === 0) continue
      awarded.push({ userId, badge: badge.slug, ...evidence })
      if (notifyEarned) notifyBadgeEarned(tx, userId, badge.slug, now)
    }
  }
  return awarded
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
