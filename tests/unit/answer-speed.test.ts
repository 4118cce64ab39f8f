// The public answer-speed wording (thread pages, profiles): minutes, hours and days, rounded to
// the nearest unit, a value that rounds up to the next unit said in that unit.
import { describe, expect, it } from 'vitest'
import { answerSpeedLines, formatAnswerSpeed } from '#app/lib/answer-speed.ts'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

describe('formatAnswerSpeed', () => {
  it('says minutes under an hour, rounded to the nearest minute', () => {
    expect(formatAnswerSpeed(0)).toBe('under 1 min')
    expect(formatAnswerSpeed(29 * SECOND)).toBe('under 1 min')
    expect(formatAnswerSpeed(30 * SECOND)).toBe('1 min')
    expect(formatAnswerSpeed(7 * MINUTE + 20 * SECOND)).toBe('7 min')
    expect(formatAnswerSpeed(7 * MINUTE + 30 * SECOND)).toBe('8 min')
    expect(formatAnswerSpeed(59 * MINUTE + 29 * SECOND)).toBe('59 min')
  })

  it('says hours under a day, rounded to the nearest hour', () => {
    expect(formatAnswerSpeed(59 * MINUTE + 30 * SECOND)).toBe('1 h')
    expect(formatAnswerSpeed(89 * MINUTE)).toBe('1 h')
    expect(formatAnswerSpeed(90 * MINUTE)).toBe('2 h')
    expect(formatAnswerSpeed(2 * HOUR)).toBe('2 h')
    expect(formatAnswerSpeed(23 * HOUR + 29 * MINUTE)).toBe('23 h')
  })

  it('says days from a day on, rounded to the nearest day', () => {
    expect(formatAnswerSpeed(23 * HOUR + 30 * MINUTE)).toBe('1 day')
    expect(formatAnswerSpeed(DAY + 11 * HOUR)).toBe('1 day')
    expect(formatAnswerSpeed(DAY + 12 * HOUR)).toBe('2 days')
    expect(formatAnswerSpeed(30 * DAY)).toBe('30 days')
  })

  it('never says a negative time (clocks of imported threads)', () => {
    expect(formatAnswerSpeed(-5 * MINUTE)).toBe('under 1 min')
  })
})

describe('answerSpeedLines', () => {
  it('the first answer and the official answer, each from the asking', () => {
    const askedAt = Date.UTC(2026, 0, 5, 8)
    expect(
      answerSpeedLines({
        askedAt,
        firstAnswerAt: askedAt + 7 * MINUTE,
        officialAnswerAt: askedAt + 2 * HOUR,
      }),
    ).toEqual(['first answer in 7 min', 'official answer in 2 h'])
    expect(answerSpeedLines({ askedAt, firstAnswerAt: null, officialAnswerAt: null })).toEqual([])
    expect(
      answerSpeedLines({ askedAt, firstAnswerAt: askedAt + 3 * DAY, officialAnswerAt: null }),
    ).toEqual(['first answer in 3 days'])
  })
})
