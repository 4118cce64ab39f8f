// What a person's profile shows, and the leaderboards of who helps most.
import { and, desc, eq, gte, isNull, sql } from 'drizzle-orm'
import { db, preparedStatement } from '#db/client.server.ts'
import { answers, comments, memberCounts, questions, users } from '#db/schema.ts'
import { authorColumns, type Author } from './users.server.ts'
import { FieldError } from './errors.server.ts'
import { publish } from './events.server.ts'
import { spreadOf } from './staff-figures.server.ts'
import { writeTransaction } from './transaction.server.ts'
import type { LeaderboardPeriod } from '#app/validation/lists.ts'

const DAY_MS = 24 * 3600 * 1000

/**
 * A member's live questions and answers and how many of the answers are accepted or official:
 * one row of member_counts, which triggers keep (migration 0025), so the busiest member's profile
 * costs what anyone's does.
 */
export function profileCounts(userId: number) {
  const row = db
    .select({
      questions: memberCounts.questions,
      answers: memberCounts.answers,
      accepted: memberCounts.accepted,
      official: memberCounts.official,
    })
    .from(memberCounts)
    .where(eq(memberCounts.userId, userId))
    .get()
  return row ?? { questions: 0, answers: 0, accepted: 0, official: 0 }
}

/**
 * The tags a person answers in most, with the score their answers earned there: their rows
 * of tag_answerers (kept by triggers, 0008), one per tag they answered in.
 */
export function topAnswerTags(userIds: number[], perUser = 3) {
  const result = new Map<number, { tag: string; answers: number; score: number }[]>()
  const statement = preparedStatement(
    `SELECT t.name AS tag, ta.answers, ta.score FROM tag_answerers ta
       INDEXED BY tag_answerers_user_idx JOIN tags t ON t.id = ta.tag_id
     WHERE ta.user_id = ? AND ta.answers > 0
     ORDER BY ta.answers DESC, ta.score DESC, t.name LIMIT ?`,
  )
  for (const userId of userIds) {
    result.set(
      userId,
      statement.all(userId, perUser) as { tag: string; answers: number; score: number }[],
    )
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

/**
 * The profile's chart draws 640 px: more than a point per two pixels adds bytes (the SVG path
 * and the page's data, twice each point) and nothing anyone can see. Two years of a busy
 * member's days were 734 points, 117 KB of a 146 KB page.
 */
export const TIMELINE_MAX_POINTS = 320

/**
 * Reputation at the end of each day it moved: the points of the profile's chart, from the
 * member's rows of reputation_days (one per day they gained or lost some, kept by a trigger).
 * A longer history than `maxPoints` days keeps its first day and the last day of each of
 * `maxPoints` equal spans of time up to `now` (a step chart at that width draws the same).
 */
export function reputationTimeline(
  userId: number,
  { now = Date.now(), maxPoints = TIMELINE_MAX_POINTS } = {},
) {
  const rows = preparedStatement(
    'SELECT day, gained FROM reputation_days WHERE user_id = ? ORDER BY day',
  ).all(userId) as { day: number; gained: number }[]
  let total = 0
  const points = rows.map((r) => {
    total += r.gained
    return { day: r.day * DAY_MS, reputation: Math.max(1, total) }
  })
  if (points.length <= maxPoints) return points
  const first = points[0]!.day
  const span = Math.max(now, points.at(-1)!.day) - first
  const spanOf = (day: number) =>
    Math.min(maxPoints - 1, Math.floor(((day - first) / span) * maxPoints))
  return points.filter((point, i) => {
    const next = points[i + 1]
    return i === 0 || next == null || spanOf(next.day) !== spanOf(point.day)
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

type Leader = Author & { gained: number }

/** Today's UTC day number (ms / 86 400 000), as the windows count days. */
const dayOf = (ms: number) => Math.floor(ms / DAY_MS)

/**
 * The window's leaders: the top of reputation_windows (kept by triggers, 0008). A window that
 * no ledger row has moved to today yet is moved first (a small write, at most once a day).
 */
function windowLeaders(period: Exclude<LeaderboardPeriod, 'all'>, limit: number, now: number) {
  const today = dayOf(now)
  const state = preparedStatement(
    'SELECT days, through_day AS throughDay FROM reputation_window_state WHERE period = ?',
  ).get(period) as { days: number; throughDay: number } | undefined
  if (!state) return []
  if (state.throughDay < today) {
    writeTransaction(() => {
      preparedStatement(
        'UPDATE reputation_window_state SET through_day = ? WHERE period = ? AND through_day < ?',
      ).run(today, period, today)
    })
  } else if (state.throughDay > today) {
    // Asked about a day the window has moved past (a clock set back, a test of history):
    // sum the days of that window instead, one row per member and day.
    return preparedStatement(
      `SELECT u.id, u.handle, u.display_name AS displayName, u.role, u.reputation, sum(d.gained) AS gained
       FROM reputation_days d INDEXED BY reputation_days_day_idx JOIN users u ON u.id = d.user_id
       WHERE d.day > ? AND d.day <= ? AND u.status = 'active' AND u.role = 'member'
       GROUP BY u.id HAVING sum(d.gained) > 0 ORDER BY gained DESC, u.id LIMIT ?`,
    ).all(today - state.days, today, limit) as Leader[]
  }
  return preparedStatement(
    `SELECT u.id, u.handle, u.display_name AS displayName, u.role, u.reputation, w.gained
     FROM reputation_windows w INDEXED BY reputation_windows_rank_idx JOIN users u ON u.id = w.user_id
     WHERE w.period = ? AND w.gained > 0 AND u.status = 'active' AND u.role = 'member'
     ORDER BY w.gained DESC, w.user_id LIMIT ?`,
  ).all(period, limit) as Leader[]
}

/**
 * Which customers gained the most reputation in the period: this UTC day and the 6 (week) or
 * 29 (month) before it; all time: their reputation.
 */
export function leaderboard(period: LeaderboardPeriod, limit = 25, now = Date.now()) {
  const people: Leader[] =
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
      : windowLeaders(period, limit, now)
  const topTags = topAnswerTags(people.map((p) => p.id))
  return people.map((p) => ({ ...p, topTags: (topTags.get(p.id) ?? []).map((t) => t.tag) }))
}

/** Everyone at or above the citizen-expert threshold (the most reputation first). */
export function citizenExperts(threshold: number, limit = 100) {
  return db
    .select(authorColumns)
    .from(users)
    .where(
      and(eq(users.status, 'active'), eq(users.role, 'member'), gte(users.reputation, threshold)),
    )
    .orderBy(desc(users.reputation), users.id)
    .limit(limit)
    .all()
}

/**
 * The top answerers of one tag: answers' score there, then how many they gave. The top of
 * the tag's rows in tag_answerers (kept by triggers, 0008), not an aggregate of its answers.
 */
export function tagExperts(tagName: string, limit = 5) {
  return preparedStatement(
    `SELECT u.id, u.handle, u.display_name AS displayName, u.role, u.reputation,
       ta.answers, ta.score, ta.accepted
     FROM tags t JOIN tag_answerers ta INDEXED BY tag_answerers_rank_idx ON ta.tag_id = t.id
       JOIN users u ON u.id = ta.user_id
     WHERE t.name = ? AND ta.answers > 0
     ORDER BY ta.score DESC, ta.answers DESC, ta.user_id LIMIT ?`,
  ).all(tagName, limit) as (Author & { answers: number; score: number; accepted: number })[]
}

/** How many of a person's latest answers their median first-answer time is taken over. */
export const FIRST_ANSWER_SAMPLE = 200

/**
 * A person's median time to the first answer (ms), over the questions where theirs was the first
 * answer among their latest FIRST_ANSWER_SAMPLE answers (their index, newest first: bounded
 * whatever they have written); null when they gave no first answer.
 */
export function medianFirstAnswerMs(userId: number): number | null {
  const rows = preparedStatement(
    `SELECT q.first_answer_at - q.created_at AS ms
       FROM (SELECT question_id, created_at FROM answers INDEXED BY answers_author_idx
              WHERE author_id = ? AND deleted_at IS NULL
              ORDER BY created_at DESC LIMIT ?) a
       JOIN questions q ON q.id = a.question_id
      WHERE q.deleted_at IS NULL AND q.first_answer_at = a.created_at`,
  )
    .pluck()
    .all(userId, FIRST_ANSWER_SAMPLE) as number[]
  return spreadOf(rows).median
}
