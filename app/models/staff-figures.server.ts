// The staff figures (/staff/figures and its CSV): how fast and by whom questions get answered
// and resolved over a period, and how often self-help spares a question. Every query reads a
// range of an index bounded by the period (never the community's whole history), so a page
// costs what the period holds; tests/integration/staff-figures.test.ts checks the plans.
import { preparedStatement } from '#db/client.server.ts'
import type { Role } from '#db/schema.ts'
import { DAY_MS, isoDay, type FiguresPeriod } from '#app/lib/figures-period.ts'
import { hasRole } from '#app/lib/privileges.ts'
import { SELF_HELP_SESSION_MS } from './self-help.server.ts'
import { getSetting } from './site-settings.server.ts'

const MINUTE_MS = 60_000

/** Median and 90th percentile of a set of durations (ms); null when there are none. */
export interface Spread {
  count: number
  median: number | null
  p90: number | null
}

/**
 * The median (the middle value, or the mean of the two middle ones) and the p90 by nearest rank
 * (the smallest value with at least 90% of the values at or below it): exact on small sets,
 * so a staff member can check them by hand.
 */
export function spreadOf(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return { count: 0, median: null, p90: null }
  const middle = Math.floor(n / 2)
  const median = n % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
  return { count: n, median, p90: sorted[Math.ceil(0.9 * n) - 1]! }
}

export interface FiguresSummary {
  /** Questions asked in the period (live ones), and of those how many got an answer / resolved. */
  asked: number
  answered: number
  resolved: number
  firstAnswer: Spread
  resolution: Spread
  /** Resolved questions of the period by who wrote the resolving answer (see resolverIsStaff). */
  resolvedByCommunity: number
  resolvedByStaff: number
  /** Asked in the period and answered after the first-response target (or waiting past it). */
  breaches: number
  targetMinutes: number
}

interface CohortRow {
  created_at: number
  first_answer_at: number | null
  resolved_at: number | null
  resolver_role: Role | null
}

/**
 * Who resolved a question: the author of its resolving answer, which is the accepted answer
 * (the asker's own choice) when there is one, else the official answer. It counts for staff
 * when that author holds a staff role (staff, moderator or admin), for the community otherwise.
 */
export const resolverIsStaff = (role: Role) => hasRole({ role }, 'staff')

/** The summary figures of the questions asked in the period. */
export function figuresSummary(period: FiguresPeriod, now: number): FiguresSummary {
  const targetMinutes = getSetting('firstResponseTargetMinutes')
  const rows = preparedStatement(
    `SELECT q.created_at, q.first_answer_at, q.resolved_at,
       (SELECT u.role FROM answers a JOIN users u ON u.id = a.author_id
         WHERE a.id = coalesce(q.accepted_answer_id, q.official_answer_id)) AS resolver_role
     FROM questions q INDEXED BY questions_live_created_idx
     WHERE q.deleted_at IS NULL AND q.created_at >= ? AND q.created_at < ?`,
  ).all(period.from, period.to) as CohortRow[]
  const target = targetMinutes * MINUTE_MS
  const firstAnswer: number[] = []
  const resolution: number[] = []
  let resolvedByStaff = 0
  let resolvedByCommunity = 0
  let breaches = 0
  for (const row of rows) {
    if (row.first_answer_at != null) firstAnswer.push(row.first_answer_at - row.created_at)
    if (row.resolved_at != null) {
      resolution.push(row.resolved_at - row.created_at)
      if (row.resolver_role && resolverIsStaff(row.resolver_role)) resolvedByStaff++
      else resolvedByCommunity++
    }
    if ((row.first_answer_at ?? now) - row.created_at > target) breaches++
  }
  return {
    asked: rows.length,
    answered: firstAnswer.length,
    resolved: resolution.length,
    firstAnswer: spreadOf(firstAnswer),
    resolution: spreadOf(resolution),
    resolvedByCommunity,
    resolvedByStaff,
    breaches,
    targetMinutes,
  }
}

export interface DayCounts {
  /** "2026-01-05" (UTC). */
  day: string
  asked: number
  answered: number
  resolved: number
}

/**
 * Questions asked, first answered and resolved on each UTC day of the period (every day listed,
 * zeros included). Each count is a range of its own index: asked by created_at, answered by
 * first_answer_at, resolved by resolved_at, whenever the question was asked.
 */
export function figuresPerDay(period: FiguresPeriod): DayCounts[] {
  const count = (sqlText: string) =>
    new Map(
      (preparedStatement(sqlText).all(period.from, period.to) as { day: number; n: number }[]).map(
        (r) => [r.day, r.n],
      ),
    )
  const asked = count(
    `SELECT created_at / ${DAY_MS} AS day, count(*) AS n
       FROM questions INDEXED BY questions_live_created_idx
      WHERE deleted_at IS NULL AND created_at >= ? AND created_at < ? GROUP BY day`,
  )
  const answered = count(
    `SELECT first_answer_at / ${DAY_MS} AS day, count(*) AS n
       FROM questions INDEXED BY questions_first_answer_idx
      WHERE deleted_at IS NULL AND first_answer_at IS NOT NULL
        AND first_answer_at >= ? AND first_answer_at < ? GROUP BY day`,
  )
  const resolved = count(
    `SELECT resolved_at / ${DAY_MS} AS day, count(*) AS n
       FROM questions INDEXED BY questions_resolved_at_idx
      WHERE deleted_at IS NULL AND resolved_at IS NOT NULL
        AND resolved_at >= ? AND resolved_at < ? GROUP BY day`,
  )
  const days: DayCounts[] = []
  for (let start = period.from; start < period.to; start += DAY_MS) {
    const key = start / DAY_MS
    days.push({
      day: isoDay(start),
      asked: asked.get(key) ?? 0,
      answered: answered.get(key) ?? 0,
      resolved: resolved.get(key) ?? 0,
    })
  }
  return days
}

export interface ExpertFigures {
  userId: number
  handle: string
  displayName: string
  role: Role
  /** Live answers they posted in the period, and how many of those are accepted / official. */
  answers: number
  accepted: number
  official: number
}

/** The people who answered most in the period (top `limit`), with their accepted answers. */
export function figuresPerExpert(period: FiguresPeriod, limit = 10): ExpertFigures[] {
  return preparedStatement(
    `SELECT a.author_id AS userId, u.handle, u.display_name AS displayName, u.role,
       count(*) AS answers,
       sum(q.accepted_answer_id IS a.id) AS accepted,
       sum(q.official_answer_id IS a.id) AS official
     FROM answers a INDEXED BY answers_created_idx
       JOIN questions q ON q.id = a.question_id
       JOIN users u ON u.id = a.author_id
     WHERE a.created_at >= ? AND a.created_at < ? AND a.deleted_at IS NULL
     GROUP BY a.author_id
     ORDER BY answers DESC, accepted DESC, u.handle
     LIMIT ?`,
  ).all(period.from, period.to, limit) as ExpertFigures[]
}

export interface Deflection {
  /** Sessions that opened a resolved thread in the period. */
  sessions: number
  /** Of those, the ones that asked within the session, and the ones that did not. */
  asked: number
  deflected: number
}

/**
 * Self-help deflection: of the anonymous sessions that opened a resolved thread in the period
 * (from /search results or the ask page's similar list, both through a counting link), how many
 * did not go on to ask. A session asked when one of its asks came at or after its first opening
 * of a resolved thread and within 30 minutes of one of its openings (the cookie's life, renewed
 * by each opening). Reads the period's openings by time, then each session's asks and openings
 * by its (session_id, at) index.
 */
export function figuresDeflection(period: FiguresPeriod): Deflection {
  const row = preparedStatement(
    `WITH sessions AS (
       SELECT session_id, min(CASE WHEN resolved THEN at END) AS opened_at, max(at) AS last_at
         FROM self_help_events INDEXED BY self_help_events_at_idx
        WHERE at >= @from AND at < @to AND session_id IS NOT NULL
        GROUP BY session_id
       HAVING opened_at IS NOT NULL
     )
     SELECT count(*) AS sessions,
       coalesce(sum(EXISTS (
         SELECT 1 FROM self_help_asks k INDEXED BY self_help_asks_session_idx
          WHERE k.session_id = s.session_id
            AND k.at >= s.opened_at AND k.at <= s.last_at + @session
            AND EXISTS (
              SELECT 1 FROM self_help_events e INDEXED BY self_help_events_session_idx
               WHERE e.session_id = k.session_id AND e.at <= k.at AND e.at >= k.at - @session)
       )), 0) AS asked
     FROM sessions s`,
  ).get({ from: period.from, to: period.to, session: SELF_HELP_SESSION_MS }) as {
    sessions: number
    asked: number
  }
  return { sessions: row.sessions, asked: row.asked, deflected: row.sessions - row.asked }
}

/** Every figure of the page at once. */
export function staffFigures(period: FiguresPeriod, now: number, topExperts = 10) {
  return {
    summary: figuresSummary(period, now),
    perDay: figuresPerDay(period),
    experts: figuresPerExpert(period, topExperts),
    deflection: figuresDeflection(period),
  }
}
export type StaffFigures = ReturnType<typeof staffFigures>

export const FIGURE_NAMES = ['summary', 'per-day', 'experts', 'deflection'] as const
export type FigureName = (typeof FIGURE_NAMES)[number]

const csvCell = (value: string | number | null) => {
  const text = value == null ? '' : String(value)
  // Quoted when it must be; a leading = + - @ is defused so a spreadsheet never runs it.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
const csvOf = (rows: (string | number | null)[][]) =>
  rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n'
const minutes = (ms: number | null) => (ms == null ? null : Math.round(ms / MINUTE_MS))
const share = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 10

/** One figure as CSV (a header row, then the values; durations in whole minutes). */
export function figureCsv(figure: FigureName, period: FiguresPeriod, now: number): string {
  const range = [isoDay(period.from), isoDay(period.to - DAY_MS)]
  switch (figure) {
    case 'summary': {
      const s = figuresSummary(period, now)
      return csvOf([
        ['from', 'to', 'figure', 'value'],
        ...(
          [
            ['asked', s.asked],
            ['answered', s.answered],
            ['resolved', s.resolved],
            ['first_answer_median_minutes', minutes(s.firstAnswer.median)],
            ['first_answer_p90_minutes', minutes(s.firstAnswer.p90)],
            ['resolution_median_minutes', minutes(s.resolution.median)],
            ['resolution_p90_minutes', minutes(s.resolution.p90)],
            ['resolved_by_community', s.resolvedByCommunity],
            ['resolved_by_staff', s.resolvedByStaff],
            ['resolved_by_community_percent', share(s.resolvedByCommunity, s.resolved)],
            ['first_response_target_minutes', s.targetMinutes],
            ['breaches', s.breaches],
          ] as const
        ).map(([name, value]) => [...range, name, value]),
      ])
    }
    case 'per-day':
      return csvOf([
        ['day', 'asked', 'answered', 'resolved'],
        ...figuresPerDay(period).map((d) => [d.day, d.asked, d.answered, d.resolved]),
      ])
    case 'experts':
      return csvOf([
        ['handle', 'role', 'answers', 'accepted', 'official'],
        ...figuresPerExpert(period, 100).map((e) => [
          e.handle,
          e.role,
          e.answers,
          e.accepted,
          e.official,
        ]),
      ])
    case 'deflection': {
      const d = figuresDeflection(period)
      return csvOf([
        ['from', 'to', 'sessions', 'did_not_ask', 'asked', 'did_not_ask_percent'],
        [...range, d.sessions, d.deflected, d.asked, share(d.deflected, d.sessions)],
      ])
    }
  }
}
