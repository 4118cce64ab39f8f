// The staff figures (/staff/figures) on hand-made threads with known times: exact medians, p90s,
// shares, per-day counts, breaches and answers per expert; self-help deflection on a hand-made
// sequence of sessions; the CSV of each figure; a profile's median first-answer time; and the
// query plans (every query a range of an index, bounded by the period).
import { describe, expect, it } from 'vitest'
import { setOfficialAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { medianFirstAnswerMs } from '#app/models/profiles.server.ts'
import { recordSelfHelpAsk, recordSelfHelpOpening } from '#app/models/self-help.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import {
  figureCsv,
  figuresDeflection,
  spreadOf,
  staffFigures,
} from '#app/models/staff-figures.server.ts'
import { parsePeriod } from '#app/lib/figures-period.ts'
import { makeUser, pastAnswer, pastQuestion } from '#tests/fixtures/factories.ts'
import { plansOf } from '#tests/fixtures/query-plans.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY1 = Date.UTC(2026, 0, 5) // Mon 5 Jan 2026, the period is 5–7 Jan
const DAY2 = DAY1 + 24 * HOUR
const DAY3 = DAY2 + 24 * HOUR
const NOW = DAY3 + 12 * HOUR
// A chosen range (read on a later day: a range may not start in the future).
const period = (from: string, to: string) =>
  parsePeriod(new URLSearchParams({ from, to }), Date.UTC(2026, 5, 1)).period
const JAN = period('2026-01-05', '2026-01-07')

const asker = makeUser()
const expertOne = makeUser({ handle: 'figures_expert_one' })
const expertTwo = makeUser({ handle: 'figures_expert_two' })
const staff = makeUser({ role: 'staff', handle: 'figures_staff' })
const admin = makeUser({ role: 'admin' })

let counter = 0
const ask = (at: number) =>
  pastQuestion(
    asker,
    {
      title: `Why does the camera drop off the network, case ${++counter}?`,
      body: 'The camera goes offline every evening and comes back only after a power cycle.',
      tags: ['camera'],
    },
    at,
  ).id
const answer = (author: typeof asker, questionId: number, at: number) =>
  pastAnswer(author, questionId, `Move the camera closer to the router (${++counter}).`, at).id

// The threads (times from the asking):
//   q1 day 1 08:00  expert one +10 min, accepted +60 min               → community
//   q2 day 1 09:00  staff +30 min, official +2 h                        → staff
//   q3 day 2 08:00  expert one +90 min (a breach), expert two +100 min, accepted +5 h → community
//   q4 day 2 10:00  staff +20 min, expert two +40 min, official (staff) +50 min, then
//                   expert two accepted +3 h: the accepted answer decides → community
//   q5 day 3 08:00  no answer, 4 h at NOW (a breach)
//   q6 day 3 11:30  no answer, 30 min at NOW (no breach)
//   q7 asked 4 Jan 20:00 (before the period), answered by expert one 5 Jan 01:00
updateSiteSettings(admin, { firstResponseTargetMinutes: 60 }, DAY1 - HOUR)
const q1 = ask(DAY1 + 8 * HOUR)
toggleAcceptedAnswer(asker, answer(expertOne, q1, DAY1 + 8 * HOUR + 10 * MINUTE), DAY1 + 9 * HOUR)
const q2 = ask(DAY1 + 9 * HOUR)
setOfficialAnswer(staff, answer(staff, q2, DAY1 + 9 * HOUR + 30 * MINUTE), true, DAY1 + 11 * HOUR)
const q3 = ask(DAY2 + 8 * HOUR)
answer(expertOne, q3, DAY2 + 9 * HOUR + 30 * MINUTE)
toggleAcceptedAnswer(asker, answer(expertTwo, q3, DAY2 + 9 * HOUR + 40 * MINUTE), DAY2 + 13 * HOUR)
const q4 = ask(DAY2 + 10 * HOUR)
const q4Staff = answer(staff, q4, DAY2 + 10 * HOUR + 20 * MINUTE)
const q4Expert = answer(expertTwo, q4, DAY2 + 10 * HOUR + 40 * MINUTE)
setOfficialAnswer(staff, q4Staff, true, DAY2 + 10 * HOUR + 50 * MINUTE)
toggleAcceptedAnswer(asker, q4Expert, DAY2 + 13 * HOUR)
const q5 = ask(DAY3 + 8 * HOUR)
const q6 = ask(DAY3 + 11 * HOUR + 30 * MINUTE)
const q7 = ask(DAY1 - 4 * HOUR)
answer(expertOne, q7, DAY1 + HOUR)

describe('the staff figures of a period', () => {
  it('median and p90 time to first answer and to resolution', () => {
    const { summary } = staffFigures(JAN, NOW)
    expect({
      asked: summary.asked,
      answered: summary.answered,
      resolved: summary.resolved,
    }).toEqual({ asked: 6, answered: 4, resolved: 4 })
    // First answers 10, 20, 30, 90 min: median (20 + 30) / 2, p90 the 4th of 4.
    expect(summary.firstAnswer).toEqual({ count: 4, median: 25 * MINUTE, p90: 90 * MINUTE })
    // Resolutions 50 min, 60 min, 2 h, 5 h: median (60 + 120) / 2, p90 the 4th.
    expect(summary.resolution).toEqual({ count: 4, median: 90 * MINUTE, p90: 300 * MINUTE })
  })

  it('shares resolved by the community and by staff: the accepted answer, else the official', () => {
    const { summary } = staffFigures(JAN, NOW)
    expect({ community: summary.resolvedByCommunity, staff: summary.resolvedByStaff }).toEqual({
      community: 3,
      staff: 1,
    })
  })

  it('breaches of the first-response target, answered late or still waiting past it', () => {
    expect(staffFigures(JAN, NOW).summary).toMatchObject({ breaches: 2, targetMinutes: 60 })
    updateSiteSettings(admin, { firstResponseTargetMinutes: 15 }, NOW)
    try {
      // 20, 30 and 90 min are late too, and q6 has waited 30 min.
      expect(staffFigures(JAN, NOW).summary.breaches).toBe(5)
    } finally {
      updateSiteSettings(admin, { firstResponseTargetMinutes: 60 }, NOW)
    }
  })

  it('asked, answered and resolved per UTC day, every day of the period listed', () => {
    expect(staffFigures(JAN, NOW).perDay).toEqual([
      // q7 answered on 5 Jan counts there, though asked before the period.
      { day: '2026-01-05', asked: 2, answered: 3, resolved: 2 },
      { day: '2026-01-06', asked: 2, answered: 2, resolved: 2 },
      { day: '2026-01-07', asked: 2, answered: 0, resolved: 0 },
    ])
    expect(staffFigures(period('2026-01-06', '2026-01-06'), NOW).perDay).toEqual([
      { day: '2026-01-06', asked: 2, answered: 2, resolved: 2 },
    ])
  })

  it('answers, accepted and official answers per expert, most answers first', () => {
    const rows = staffFigures(JAN, NOW).experts.map((e) => [
      e.handle,
      e.role,
      e.answers,
      e.accepted,
      e.official,
    ])
    expect(rows).toEqual([
      ['figures_expert_one', 'member', 3, 1, 0],
      ['figures_expert_two', 'member', 2, 2, 0],
      ['figures_staff', 'staff', 2, 0, 2],
    ])
    expect(staffFigures(JAN, NOW, 1).experts).toHaveLength(1)
  })

  it('spreads: odd and even counts, one value, none', () => {
    expect(spreadOf([])).toEqual({ count: 0, median: null, p90: null })
    expect(spreadOf([7])).toEqual({ count: 1, median: 7, p90: 7 })
    expect(spreadOf([5, 1, 3])).toEqual({ count: 3, median: 3, p90: 5 })
    const tens = Array.from({ length: 10 }, (_, i) => (i + 1) * 10)
    expect(spreadOf(tens)).toEqual({ count: 10, median: 55, p90: 90 })
  })

  it("a profile's median first-answer time: the questions where theirs was the first answer", () => {
    // Expert one was first on q1 (10 min), q3 (90 min) and q7 (5 h): the middle one.
    expect(medianFirstAnswerMs(expertOne.id)).toBe(90 * MINUTE)
    // Expert two was never first; staff was first on q2 (30 min) and q4 (20 min).
    expect(medianFirstAnswerMs(expertTwo.id)).toBeNull()
    expect(medianFirstAnswerMs(staff.id)).toBe(25 * MINUTE)
  })
})

describe('self-help deflection', () => {
  const T = Date.UTC(2026, 1, 1, 10) // 1 Feb 2026 10:00
  const FEB = period('2026-02-01', '2026-02-01')
  const session = (letter: string) => letter.repeat(32)
  const open = (id: string, questionId: number, at: number, source: 'search' | 'ask' = 'search') =>
    expect(recordSelfHelpOpening({ source, questionId, sessionId: session(id) }, at)).toMatch(
      new RegExp(`^/questions/${questionId}/`),
    )
  const asks = (id: string, at: number) => recordSelfHelpAsk(session(id), q5, at)

  it('counts the sessions that opened a resolved thread, and which of them asked within 30 min', () => {
    open('a', q1, T) // a resolved thread, no ask: deflected
    open('b', q1, T) // asks 10 min later: asked
    asks('b', T + 10 * MINUTE)
    open('c', q2, T) // asks 45 min later, after the session ended: deflected
    asks('c', T + 45 * MINUTE)
    open('d', q1, T, 'ask') // from the ask page; a later opening renews the session: asked
    open('d', q6, T + 25 * MINUTE)
    asks('d', T + 50 * MINUTE)
    open('e', q6, T) // only an unresolved thread: not counted
    asks('e', T + 5 * MINUTE)
    asks('f', T - 5 * MINUTE) // asked before opening the resolved thread: deflected
    open('f', q1, T)
    open('9', q1, T - 2 * 24 * HOUR) // before the period: not counted
    asks('9', T - 2 * 24 * HOUR + MINUTE)
    expect(figuresDeflection(FEB)).toEqual({ sessions: 5, asked: 2, deflected: 3 })
    expect(figuresDeflection(period('2026-01-30', '2026-01-30'))).toEqual({
      sessions: 1,
      asked: 1,
      deflected: 0,
    })
    expect(figureCsv('deflection', FEB, NOW)).toBe(
      'from,to,sessions,did_not_ask,asked,did_not_ask_percent\r\n2026-02-01,2026-02-01,5,3,2,60\r\n',
    )
  })

  it('ignores an ask whose session id is not one of ours', () => {
    recordSelfHelpAsk('not-a-session', q5, T)
    expect(figuresDeflection(FEB).sessions).toBe(5)
  })
})

describe('the CSV of each figure', () => {
  it('has a header row and the values of the page', () => {
    const summary = figureCsv('summary', JAN, NOW).split('\r\n')
    expect(summary[0]).toBe('from,to,figure,value')
    expect(summary).toContain('2026-01-05,2026-01-07,first_answer_median_minutes,25')
    expect(summary).toContain('2026-01-05,2026-01-07,first_answer_p90_minutes,90')
    expect(summary).toContain('2026-01-05,2026-01-07,resolution_median_minutes,90')
    expect(summary).toContain('2026-01-05,2026-01-07,resolution_p90_minutes,300')
    expect(summary).toContain('2026-01-05,2026-01-07,resolved_by_community_percent,75')
    expect(summary).toContain('2026-01-05,2026-01-07,breaches,2')
    expect(figureCsv('per-day', JAN, NOW)).toBe(
      'day,asked,answered,resolved\r\n2026-01-05,2,3,2\r\n2026-01-06,2,2,2\r\n2026-01-07,2,0,0\r\n',
    )
    expect(figureCsv('experts', JAN, NOW).split('\r\n').slice(0, 2)).toEqual([
      'handle,role,answers,accepted,official',
      'figures_expert_one,member,3,1,0',
    ])
  })
})

describe('the figures read indexes, bounded by the period', () => {
  it('every query a SEARCH on its index, never a scan of a table', () => {
    const plans = plansOf(() => {
      staffFigures(JAN, NOW)
      medianFirstAnswerMs(expertOne.id)
    })
    expect(plans.length).toBeGreaterThanOrEqual(6)
    for (const { sql, plan } of plans) {
      const scans = plan
        .split(' | ')
        .filter((step) =>
          /^SCAN (questions|answers|users|self_help_events|self_help_asks|q|k|e|u)\b/.test(step),
        )
      expect({ sql, scans }).toEqual({ sql, scans: [] })
    }
    const all = plans.map((p) => p.plan).join('\n')
    for (const index of [
      'questions_live_created_idx',
      'questions_first_answer_idx',
      'questions_resolved_at_idx',
      'answers_created_idx',
      'answers_author_idx',
      'self_help_events_at_idx',
      'self_help_asks_session_idx',
      'self_help_events_session_idx',
    ]) {
      expect(all).toMatch(new RegExp(`SEARCH \\w+ (EXISTS )?USING (COVERING )?INDEX ${index} \\(`))
    }
  })
})

describe('the period', () => {
  it('presets, a chosen range, and field errors for a bad or reversed one', () => {
    const at = (query: string) => parsePeriod(new URLSearchParams(query), NOW)
    expect(at('days=7').period).toMatchObject({
      days: 7,
      fromDate: '2026-01-01',
      toDate: '2026-01-07',
    })
    expect(at('').period).toMatchObject({ days: 30, toDate: '2026-01-07' })
    expect(at('days=12').period.days).toBe(30)
    expect(at('from=2026-01-07&to=2026-01-05').errors).toEqual({
      to: 'The last day must not be before the first day.',
    })
    expect(at('from=2026-02-30&to=2026-03-01').errors).toEqual({
      from: 'Enter a real date, such as 2026-01-31.',
    })
    expect(at('from=2026-01-05').errors).toEqual({ to: 'Enter the last day of the range.' })
    expect(at('from=2024-01-01&to=2026-01-01').errors.to).toMatch(/at most 366 days/)
    expect(at('from=2026-01-08&to=2026-01-09').errors).toEqual({
      from: 'The first day must not be in the future.',
    })
    expect(at('from=2026-01-07&to=2026-01-07').period).toMatchObject({
      from: DAY3,
      to: DAY3 + 24 * HOUR,
      days: null,
    })
  })
})
