// WEB_CONCURRENCY: how many worker processes serve (tests/e2e/workers.spec.ts runs two).
import os from 'node:os'
import { describe, expect, it } from 'vitest'
import { parseEnv, workerCount } from '#app/lib/env.server.ts'

describe('WEB_CONCURRENCY', () => {
  it('defaults to one worker per core of the machine', () => {
    expect(parseEnv({}).WEB_CONCURRENCY).toBeUndefined()
    expect(workerCount(parseEnv({}))).toBe(os.availableParallelism())
    expect(workerCount(parseEnv({ WEB_CONCURRENCY: '' }))).toBe(os.availableParallelism())
  })

  it('takes a whole number of workers, 1 keeping the single process', () => {
    expect(workerCount(parseEnv({ WEB_CONCURRENCY: '1' }))).toBe(1)
    expect(workerCount(parseEnv({ WEB_CONCURRENCY: ' 4 ' }))).toBe(4)
  })

  it.each(['0', '-2', '1.5', 'lots', '65'])('refuses %j, naming the variable', (value) => {
    expect(() => parseEnv({ WEB_CONCURRENCY: value })).toThrow(
      `WEB_CONCURRENCY=${JSON.stringify(value)}`,
    )
  })
})
