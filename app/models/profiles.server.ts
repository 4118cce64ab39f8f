// What a person's profile shows, and the leaderboards of who helps most.
import { and, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import {
  answers,
  comments,
  questionTags,
  questions,
  reputationEvents,
  tags,
  users,
} from '#db/schema.ts'
import { authorColumns } from './users.server.ts'
import { FieldError } from './errors.server.ts'
import { publish } from './events.server.ts'
import { writeTransaction } from './transaction.server.ts'
import type { LeaderboardPeriod } from '#app/validation/lists.ts'

const DAY_MS = 24 * 3600 * 1000

export function profileCounts(userId: number) {
  const row = db
    .select({
      questions: sql<number>`(select count(*) from ${questions} where ${questions.authorId} = ${userId} and ${questions.deletedAt} is null)`,
      answers: sql<number>`(select count(*) from ${answers} where ${answers.authorId} = ${userId} and ${answers.deletedAt} is null)`,
      accepted: sql<number>`(select count(*) from ${answers} a join ${questions} q on q.accepted_answer_id = a.id where a.author_id = ${userId} and a.deleted_at is null)`,
      official: sql<number>`(select count(*) from ${answers} a join ${questions} q on q.official_answer_id = a.id where a.author_id = ${userId} and a.deleted_at is null)`,
    })
    .from(sql`(select 1)`)
    .get()
  return row ?? { questions: 0, answers: 0, accepted: 0, official: 0 }
}

/** The tags a person answers in most, with the score their answers earned there. */
export function topAnswerTags(userIds: number[], perUser = 3) {
  const result = new Map<number, { tag: string; answers: number; score: number }[]>()
  if (userIds.length === 0) return result
  const rows = db
    .select({
      userId: answers.authorId,
      tag: tags.name,
      answers: sql<number>`count(*)`,
      score: sql<number>`sum(${answers.score})`,
    })
    .from(answers)
    .innerJoin(questionTags, eq(questionTags.questionId, answers.questionId))
    .innerJoin(tags, eq(tags.id, questionTags.tagId))
    .where(and(inArray(answers.authorId, userIds), isNull(answers.deletedAt)))
    .groupBy(answers.authorId, tags.name)
    .orderBy(desc(sql`count(*)`), desc(sql`sum(${answers.score})`), tags.name)
    .all()
  for (const row of rows) {
    const list = result.get(row.userId) ?? []
    if (list.length < perUser) list.push({ tag: row.tag, answers: row.answers, score: row.score })
    result.set(row.userId, list)
  }
  return result
}

export function recentAnswers(userId: number, limit = 10) {
  return db
    .select({
      id: answers.id,
      score: answers.score,
      createdAt: answers.createdAt,
      questionId: questions.id,
      title: questions.title,
      slug: questions.slug,
      accepted: sql<boolean>`${questions.acceptedAnswerId} = ${answers.id}`,
      official: sql<boolean>`${questions.officialAnswerId} = ${answers.id}`,
    })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .where(
      and(eq(answers.authorId, userId), isNull(answers.deletedAt), isNull(questions.deletedAt)),
    )
    .orderBy(desc(answers.createdAt), desc(answers.id))
    .limit(limit)
    .all()
    .map((a) => ({ ...a, accepted: Boolean(a.accepted), official: Boolean(a.official) }))
}

/** Reputation at the end of each day it moved: the points of the profile's chart. */
export function reputationTimeline(userId: number) {
  const rows = db
    .select({
      day: sql<number>`(${reputationEvents.createdAt} / ${DAY_MS}) * ${DAY_MS}`,
      change: sql<number>`sum(${reputationEvents.amount})`,
    })
    .from(reputationEvents)
    .where(eq(reputationEvents.userId, userId))
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .all()
  let total = 0
  return rows.map((r) => {
    total += r.change
    return { day: r.day, reputation: Math.max(1, total) }
  })
}

export interface ProfileEdit {
  displayName: string
  bio: string
}

export function updateProfile(userId: number, edit: ProfileEdit, now = Date.now()) {
  const displayName = edit.displayName.trim()
  if (!displayName) throw new FieldError({ displayName: ['Display name is required'] })
  writeTransaction((tx) => {
    const before = tx
      .select({ displayName: users.displayName })
      .from(users)
      .where(eq(users.id, userId))
      .get()
    tx.update(users).set({ displayName, bio: edit.bio.trim() }).where(eq(users.id, userId)).run()
    publish(tx, {
      kind: 'profile',
      userId,
      at: now,
      displayNameChanged: before?.displayName !== displayName,
    })
  })
}

/**
 * Which of `among` (threads with a cached page, say) show the member: as asker, answerer or
 * commenter. Each look-up is one indexed probe per thread, whatever the member's history.
 */
export function threadIdsShowingUser(userId: number, among: readonly number[]): number[] {
  const found: number[] = []
  for (let i = 0; i < among.length; i += 500) {
    const ids = sql.join(
      among.slice(i, i + 500).map((id) => sql`${id}`),
      sql`, `,
    )
    const rows = db.all<{ id: number }>(sql`
      SELECT ${questions.id} AS id FROM ${questions}
        WHERE ${questions.authorId} = ${userId} AND ${questions.id} IN (${ids})
      UNION SELECT ${answers.questionId} FROM ${answers}
        WHERE ${answers.authorId} = ${userId} AND ${answers.questionId} IN (${ids})
      UNION SELECT ${comments.questionId} FROM ${comments}
        WHERE ${comments.authorId} = ${userId} AND ${comments.questionId} IN (${ids})`)
    found.push(...rows.map((r) => r.id))
  }
  return found
}

// ---------------------------------------------------------------- leaderboards

const PERIOD_DAYS: Record<Exclude<LeaderboardPeriod, 'all'>, number> = { week: 7, month: 30 }

/** Which customers gained the most reputation in the period (all time: their reputation). */
export function leaderboard(period: LeaderboardPeriod, limit = 25, now = Date.now()) {
  const people =
    period === 'all'
      ? db
          .select({ ...authorColumns, gained: users.reputation })
          .from(users)
          .where(
            and(eq(users.status, 'active'), eq(users.role, 'member'), sql`${users.reputation} > 0`),
          )
          .orderBy(desc(users.reputation), users.id)
          .limit(limit)
          .all()
      : db
          .select({ ...authorColumns, gained: sql<number>`sum(${reputationEvents.amount})` })
          .from(reputationEvents)
          .innerJoin(users, eq(users.id, reputationEvents.userId))
          .where(
            and(
              gte(reputationEvents.createdAt, now - PERIOD_DAYS[period] * DAY_MS),
              eq(users.status, 'active'),
              eq(users.role, 'member'),
            ),
          )
          .groupBy(users.id)
          .having(sql`sum(${reputationEvents.amount}) > 0`)
          .orderBy(desc(sql`sum(${reputationEvents.amount})`), users.id)
          .limit(limit)
          .all()
  const topTags = topAnswerTags(people.map((p) => p.id))
  return people.map((p) => ({ ...p, topTags: (topTags.get(p.id) ?? []).map((t) => t.tag) }))
}

/** Everyone at or above the citizen-expert threshold. */
export function citizenExperts(threshold: number) {
  return db
    .select(authorColumns)
    .from(users)
    .where(
      and(eq(users.status, 'active'), eq(users.role, 'member'), gte(users.reputation, threshold)),
    )
    .orderBy(desc(users.reputation), users.id)
    .all()
}

/** The top answerers of one tag: answers' score there, then how many they gave. */
export function tagExperts(tagName: string, limit = 5) {
  return db
    .select({
      ...authorColumns,
      answers: sql<number>`count(*)`,
      score: sql<number>`sum(${answers.score})`,
      accepted: sql<number>`sum(case when ${questions.acceptedAnswerId} = ${answers.id} then 1 else 0 end)`,
    })
    .from(answers)
    .innerJoin(questions, eq(questions.id, answers.questionId))
    .innerJoin(questionTags, eq(questionTags.questionId, questions.id))
    .innerJoin(tags, eq(tags.id, questionTags.tagId))
    .innerJoin(users, eq(users.id, answers.authorId))
    .where(and(eq(tags.name, tagName), isNull(answers.deletedAt), isNull(questions.deletedAt)))
    .groupBy(users.id)
    .orderBy(desc(sql`sum(${answers.score})`), desc(sql`count(*)`), users.id)
    .limit(limit)
    .all()
}
