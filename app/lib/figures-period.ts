// The period of the staff figures (/staff/figures and its CSV): the last 7, 30 or 90 days, or a
// chosen range of whole UTC days, from the query string. Pure: the page and the CSV route read
// the same period, and a bad range comes back as errors by its fields, never an exception.
export const DAY_MS = 24 * 3600 * 1000
export const PRESET_DAYS = [7, 30, 90] as const
export type PresetDays = (typeof PRESET_DAYS)[number]
/** The longest range one page may ask for: keeps every query bounded. */
export const MAX_RANGE_DAYS = 366
const DEFAULT_DAYS: PresetDays = 30

export interface FiguresPeriod {
  /** Start of the first day (ms, UTC midnight). */
  from: number
  /** End of the last day (ms, exclusive: the next UTC midnight). */
  to: number
  /** The preset it is, when it is one (the page marks its link). */
  days: PresetDays | null
  /** The range as dates, for the form and the links: "2026-01-05". */
  fromDate: string
  toDate: string
}

export interface PeriodChoice {
  period: FiguresPeriod
  /** Field errors of a chosen range; the period is then the default one. */
  errors: { from?: string; to?: string }
  /** What was typed, kept in the form beside its error. */
  typed: { from: string; to: string }
}

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS

/** The last `days` whole UTC days, today included. */
export function presetPeriod(days: PresetDays, now: number): FiguresPeriod {
  const to = startOfDay(now) + DAY_MS
  const from = to - days * DAY_MS
  return { from, to, days, fromDate: isoDay(from), toDate: isoDay(to - DAY_MS) }
}

/** A YYYY-MM-DD date as the ms of its UTC midnight, or null when it is no real date. */
function parseDay(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null
  const ms = Date.parse(`${text}T00:00:00Z`)
  return Number.isNaN(ms) || isoDay(ms) !== text ? null : ms
}

/** Reads `days=7|30|90` or `from=…&to=…` (dates, both included); by default 30 days. */
export function parsePeriod(params: URLSearchParams, now: number): PeriodChoice {
  const typed = { from: params.get('from')?.trim() ?? '', to: params.get('to')?.trim() ?? '' }
  const fallback = presetPeriod(DEFAULT_DAYS, now)
  if (!typed.from && !typed.to) {
    const days = Number(params.get('days'))
    const preset = PRESET_DAYS.find((d) => d === days) ?? DEFAULT_DAYS
    return { period: presetPeriod(preset, now), errors: {}, typed }
  }
  const errors: PeriodChoice['errors'] = {}
  const from = parseDay(typed.from)
  const to = parseDay(typed.to)
  if (!typed.from) errors.from = 'Enter the first day of the range.'
  else if (from == null) errors.from = 'Enter a real date, such as 2026-01-31.'
  if (!typed.to) errors.to = 'Enter the last day of the range.'
  else if (to == null) errors.to = 'Enter a real date, such as 2026-01-31.'
  if (from != null && to != null) {
    if (to < from) errors.to = 'The last day must not be before the first day.'
    else if ((to - from) / DAY_MS + 1 > MAX_RANGE_DAYS) {
      errors.to = `Choose at most ${MAX_RANGE_DAYS} days.`
    } else if (from > startOfDay(now)) errors.from = 'The first day must not be in the future.'
  }
  if (errors.from || errors.to || from == null || to == null) {
    return { period: fallback, errors, typed }
  }
  const period = { from, to: to + DAY_MS, days: null, fromDate: typed.from, toDate: typed.to }
  return { period, errors, typed }
}

/** The query string of a period (the CSV links carry it). */
export function periodQuery(period: FiguresPeriod) {
  return period.days != null ? `days=${period.days}` : `from=${period.fromDate}&to=${period.toDate}`
}
