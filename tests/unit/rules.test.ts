// The pure rules behind what people see: a thread's status, who may do what, displayed
// reputation, URL slugs, and the start-up configuration check.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Role } from '#db/schema.ts'
import { parseEnv } from '#app/lib/env.server.ts'
import {
  displayReputation,
  hasPrivilege,
  isCitizenExpert,
  privilegeMessage,
  PRIVILEGES,
  type Privilege,
} from '#app/lib/privileges.ts'
import { slugify } from '#app/lib/slug.ts'
import { computeThreadStatus, type ThreadState } from '#app/lib/thread-status.ts'

describe('computeThreadStatus', () => {
  const fresh: ThreadState = {
    closed: false,
    duplicateOfId: null,
    answerCount: 0,
    acceptedAnswerId: null,
    officialAnswerId: null,
  }
  const status = (facts: Partial<ThreadState>) => computeThreadStatus({ ...fresh, ...facts })

  it('is open while nobody has answered', () => {
    expect(status({})).toBe('open')
  })

  it('is answered once there is at least one answer', () => {
    expect(status({ answerCount: 1 })).toBe('answered')
    expect(status({ answerCount: 7 })).toBe('answered')
  })

  it('is resolved by an accepted answer', () => {
    expect(status({ answerCount: 2, acceptedAnswerId: 5 })).toBe('resolved')
  })

  it('is resolved by an official answer', () => {
    expect(status({ answerCount: 2, officialAnswerId: 6 })).toBe('resolved')
  })

  it('is resolved when the answer is both accepted and official', () => {
    expect(status({ answerCount: 1, acceptedAnswerId: 5, officialAnswerId: 5 })).toBe('resolved')
  })

  it('goes back to answered when the accepted mark is taken off', () => {
    expect(status({ answerCount: 1, acceptedAnswerId: 5 })).toBe('resolved')
    expect(status({ answerCount: 1, acceptedAnswerId: null })).toBe('answered')
  })

  it('is closed when a moderator closed it, whatever its answers', () => {
    expect(status({ closed: true })).toBe('closed')
    expect(status({ closed: true, answerCount: 3 })).toBe('closed')
    expect(status({ closed: true, answerCount: 3, acceptedAnswerId: 1, officialAnswerId: 2 })).toBe(
      'closed',
    )
  })

  it('is duplicate when pointed at an original, and duplicate beats closed', () => {
    expect(status({ duplicateOfId: 9 })).toBe('duplicate')
    expect(status({ duplicateOfId: 9, closed: true })).toBe('duplicate')
    expect(status({ duplicateOfId: 9, closed: true, answerCount: 1, acceptedAnswerId: 1 })).toBe(
      'duplicate',
    )
  })

  it('recomputes from the facts on reopening', () => {
    const facts = { answerCount: 2, acceptedAnswerId: null, officialAnswerId: 4 }
    expect(status({ ...facts, closed: true })).toBe('closed')
    expect(status({ ...facts, closed: false })).toBe('resolved')
    expect(status({ closed: false, answerCount: 1 })).toBe('answered')
    expect(status({ closed: false, answerCount: 0 })).toBe('open')
  })
})

describe('hasPrivilege', () => {
  const member = (reputation: number) => ({ id: 1, role: 'member' as Role, reputation })
  const thresholds = Object.entries(PRIVILEGES) as [Privilege, number][]

  it('has the thresholds the SPEC lists', () => {
    expect(PRIVILEGES).toEqual({
      upvote: 15,
      commentAnywhere: 50,
      downvote: 125,
      citizenExpert: 1_000,
      editAny: 2_000,
      voteToClose: 3_000,
    })
  })

  it.each(thresholds)('a member gets %s at %i reputation, not one point below', (privilege, at) => {
    expect(hasPrivilege(member(at - 1), privilege)).toBe(false)
    expect(hasPrivilege(member(at), privilege)).toBe(true)
    expect(hasPrivilege(member(at + 1), privilege)).toBe(true)
  })

  it('a new member (1 reputation) has none of them', () => {
    for (const [privilege] of thresholds) expect(hasPrivilege(member(1), privilege)).toBe(false)
  })

  it('a member whose ledger went negative has none of them', () => {
    for (const [privilege] of thresholds) expect(hasPrivilege(member(-50), privilege)).toBe(false)
  })

  it.each(['staff', 'moderator', 'admin'] as const)(
    '%s has every working privilege at 1 reputation, but is not a citizen expert by role',
    (role) => {
      const actor = { id: 2, role, reputation: 1 }
      for (const privilege of [
        'upvote',
        'commentAnywhere',
        'downvote',
        'editAny',
        'voteToClose',
      ] as const) {
        expect(hasPrivilege(actor, privilege), privilege).toBe(true)
      }
      expect(hasPrivilege(actor, 'citizenExpert')).toBe(false)
      expect(hasPrivilege({ ...actor, reputation: 1_000 }, 'citizenExpert')).toBe(true)
    },
  )

  it('explains a refusal with the threshold to reach', () => {
    expect(privilegeMessage('upvote')).toBe('You need 15 reputation to upvote.')
    expect(privilegeMessage('downvote')).toBe('You need 125 reputation to downvote.')
    expect(privilegeMessage('editAny')).toBe(
      "You need 2,000 reputation to edit other people's posts.",
    )
  })
})

describe('displayReputation', () => {
  it('shows the ledger sum, never below 1', () => {
    expect(displayReputation(-37)).toBe(1)
    expect(displayReputation(0)).toBe(1)
    expect(displayReputation(1)).toBe(1)
    expect(displayReputation(2)).toBe(2)
    expect(displayReputation(1_234)).toBe(1_234)
  })

  it('makes a citizen expert at 1 000', () => {
    expect(isCitizenExpert(999)).toBe(false)
    expect(isCitizenExpert(1_000)).toBe(true)
  })
})

describe('slugify', () => {
  it.each([
    ['How do I reset my Router?', 'how-do-i-reset-my-router'],
    ['  Wi-Fi   drops -- every 5 minutes!!  ', 'wi-fi-drops-every-5-minutes'],
    ['Café crème: naïve façade', 'cafe-creme-naive-facade'],
    ['C++ & C# on .NET 8', 'c-c-on-net-8'],
    ['???', 'question'],
    ['', 'question'],
    ['日本語のタイトル', 'question'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug)
  })

  it('keeps slugs to 80 characters without a trailing hyphen', () => {
    const slug = slugify(`${'a'.repeat(79)} b c d e f`)
    expect(slug.length).toBeLessThanOrEqual(80)
    expect(slug).toBe('a'.repeat(79))
    const long = slugify('word '.repeat(40))
    expect(long.length).toBeLessThanOrEqual(80)
    expect(long).not.toMatch(/-$/)
    expect(long).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  })
})

describe('parseEnv', () => {
  const messageOf = (source: Record<string, string>) => {
    try {
      parseEnv(source)
    } catch (error) {
      return (error as Error).message
    }
    throw new Error(`parseEnv accepted ${JSON.stringify(source)}`)
  }

  it('accepts an empty environment with the documented defaults', () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      PORT: 3000,
      DATABASE_PATH: 'data/peerdesk.db',
      SEED_DEMO: 'auto',
      TRUST_PROXY: false,
      RATE_LIMIT: true,
      PAGE_CACHE_MB: 64,
      LOG_LEVEL: 'info',
      FORM_MIN_FILL_SECONDS: 3,
    })
  })

  it('treats empty values as unset, as .env files write them', () => {
    const env = parseEnv({ PORT: '', MEILI_HOST: '', SEED_DEMO: '', PUBLIC_URL: '' })
    expect(env.PORT).toBe(3000)
    expect(env.MEILI_HOST).toBeUndefined()
    expect(env.SEED_DEMO).toBe('auto')
  })

  it('accepts every value in .env.example', () => {
    const source = Object.fromEntries(
      fs
        .readFileSync('.env.example', 'utf8')
        .split('\n')
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    )
    expect(Object.keys(source)).toContain('MEILI_HOST')
    expect(() => parseEnv(source)).not.toThrow()
  })

  it('reads good values', () => {
    const env = parseEnv({
      PORT: '8080',
      MEILI_HOST: 'http://127.0.0.1:7700',
      MEILI_MASTER_KEY: 'a-long-enough-master-key',
      SEED_DEMO: 'never',
      TRUST_PROXY: 'yes',
      RATE_LIMIT: 'off',
    })
    expect(env).toMatchObject({
      PORT: 8080,
      MEILI_HOST: 'http://127.0.0.1:7700',
      SEED_DEMO: 'never',
      TRUST_PROXY: true,
      RATE_LIMIT: false,
    })
  })

  it.each([
    ['abc', 'must be a number'],
    ['70000', 'must be between 0 and 65535'],
    ['-1', 'must be between 0 and 65535'],
    ['3.5', 'must be a whole number'],
  ])('refuses PORT=%j saying it %s', (value, reason) => {
    expect(messageOf({ PORT: value })).toContain(`PORT="${value}": ${reason}`)
  })

  it.each(['not a url', '127.0.0.1:7700', 'http//missing-colon'])(
    'refuses MEILI_HOST=%j with an example of a good value',
    (value) => {
      expect(messageOf({ MEILI_HOST: value })).toContain(
        `MEILI_HOST="${value}": must be a URL such as http://127.0.0.1:7700`,
      )
    },
  )

  it.each(['maybe', 'always', 'true'])('refuses SEED_DEMO=%j naming the choices', (value) => {
    expect(messageOf({ SEED_DEMO: value })).toContain(
      `SEED_DEMO="${value}": must be 'auto' or 'never'`,
    )
  })

  it('lists each bad variable on its own line, and only those', () => {
    const message = messageOf({ PORT: 'x', SEED_DEMO: 'y', MEILI_HOST: 'z', LOG_LEVEL: 'info' })
    const lines = message.split('\n').slice(1)
    expect(lines).toHaveLength(3)
    expect(lines.map((l) => l.trim().split('=')[0]).sort()).toEqual([
      'MEILI_HOST',
      'PORT',
      'SEED_DEMO',
    ])
    expect(message).not.toContain('LOG_LEVEL')
  })
})
