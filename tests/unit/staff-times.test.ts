// How the staff console says a wait and a clock time.
import { describe, expect, it } from 'vitest'
import { formatClockTime, formatTarget, formatWaited } from '#app/lib/staff-times.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

describe('staff times', () => {
  it('say a wait in minutes, hours and days', () => {
    expect(formatWaited(59_999)).toBe('under 1 min')
    expect(formatWaited(12 * MINUTE + 59_000)).toBe('12 min')
    expect(formatWaited(3 * HOUR + 12 * MINUTE)).toBe('3 h 12 min')
    expect(formatWaited(2 * HOUR)).toBe('2 h')
    expect(formatWaited(52 * HOUR + 30 * MINUTE)).toBe('2 d 4 h')
    expect(formatWaited(48 * HOUR)).toBe('2 d')
    expect(formatTarget(60)).toBe('1 h')
    expect(formatTarget(45)).toBe('45 min')
  })

  it('say a clock time in UTC, with the day when it is not today', () => {
    const at = Date.UTC(2026, 11, 2, 10, 42)
    expect(formatClockTime(at, at + HOUR)).toBe('10:42 UTC')
    expect(formatClockTime(at, at + 24 * HOUR)).toBe('2 Dec, 10:42 UTC')
  })
})
