import { describe, expect, it } from 'vitest'
import {
  busyLines,
  idFromLocation,
  missingWrites,
  outageWindow,
  parseLoadOptions,
  voteKey,
  type Acknowledged,
} from '../../scripts/lib/load-plan.ts'

describe('parseLoadOptions', () => {
  it('defaults to 60 s, 40 readers, 24 writers and 2 workers', () => {
    expect(parseLoadOptions([], {})).toEqual({
      seconds: 60,
      readers: 40,
      writers: 24,
      workers: 2,
      help: false,
    })
  })

  it('reads the flags and WEB_CONCURRENCY', () => {
    const options = parseLoadOptions(['--seconds', '20', '--writers', '10'], {
      WEB_CONCURRENCY: '4',
    })
    expect(options).toMatchObject({ seconds: 20, writers: 10, workers: 4 })
  })

  it('refuses values out of range or not whole', () => {
    expect(() => parseLoadOptions(['--seconds', '5'])).toThrow(/--seconds/)
    expect(() => parseLoadOptions(['--writers', '2.5'])).toThrow(/--writers/)
    expect(() => parseLoadOptions([], { WEB_CONCURRENCY: '0' })).toThrow(/WEB_CONCURRENCY/)
  })
})

describe('outageWindow', () => {
  it('kills at 40 % and restarts at 70 % of the run', () => {
    expect(outageWindow(60)).toEqual({ killAtMs: 24_000, restartAtMs: 42_000 })
  })
})

describe('idFromLocation', () => {
  it("reads the id from the redirect's fragment of that kind only", () => {
    expect(idFromLocation('/questions/3/hub#answer-42', 'answer')).toBe(42)
    expect(idFromLocation('/questions/3/hub#comment-7', 'comment')).toBe(7)
    expect(idFromLocation('/questions/3/hub#comment-7', 'answer')).toBeNull()
    expect(idFromLocation(undefined, 'answer')).toBeNull()
  })
})

describe('missingWrites', () => {
  const acknowledged: Acknowledged[] = [
    { kind: 'answer', id: 1, questionId: 9, word: 'w1' },
    { kind: 'answer', id: 2, questionId: 9, word: 'w2' },
    { kind: 'comment', id: 5 },
    { kind: 'vote', userId: 3, postType: 'answer', postId: 1 },
    { kind: 'vote', userId: 4, postType: 'answer', postId: 1 },
  ]

  it('counts each kind and names what the database lacks', () => {
    const { checked, missing } = missingWrites(acknowledged, {
      answers: new Set([1]),
      comments: new Set([5]),
      upvotes: new Set([voteKey(3, 'answer', 1)]),
    })
    expect(checked).toEqual({ answer: 2, comment: 1, vote: 2 })
    expect(missing).toEqual([acknowledged[1], acknowledged[4]])
  })

  it('finds nothing missing when everything is stored', () => {
    const { missing } = missingWrites(acknowledged, {
      answers: new Set([1, 2]),
      comments: new Set([5]),
      upvotes: new Set([voteKey(3, 'answer', 1), voteKey(4, 'answer', 1)]),
    })
    expect(missing).toEqual([])
  })
})

describe('busyLines', () => {
  it('keeps the lines where SQLite reported a held lock', () => {
    const log = 'ok\nSqliteError: database is locked\nfine\ncode: SQLITE_BUSY'
    expect(busyLines(log)).toEqual(['SqliteError: database is locked', 'code: SQLITE_BUSY'])
  })
})
