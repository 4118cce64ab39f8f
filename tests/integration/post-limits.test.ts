// Spam and floods (issue 12, item 8): the bot guard on the ask, answer and sign-up forms, and
// the post limits (app/models/post-limits.server.ts). Clocks are injected: the posts' `now`,
// and the form-start stamps issued at a chosen moment.
import { describe, expect, it } from 'vitest'
import { createAnswer } from '#app/models/answers.server.ts'
import { FieldError } from '#app/models/errors.server.ts'
import { RateLimitedError } from '#app/lib/rate-limit.server.ts'
import { BOT_REFUSAL_MESSAGE, formStartToken, looksHuman } from '#app/lib/bot-guard.server.ts'
import { countLinks, DailyLimitError } from '#app/models/post-limits.server.ts'
import { createQuestion } from '#app/models/questions.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { action as askAction } from '#app/routes/questions.ask.tsx'
import { action as threadAction } from '#app/routes/questions.$id.$slug.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
import { startSession } from '#app/lib/auth.server.ts'
import { parseEnv } from '#app/lib/env.server.ts'
import { listQuestions } from '#app/models/question-lists.server.ts'
import { getUserByHandle } from '#app/models/users.server.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'
import type { Role } from '#db/schema.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.UTC(2026, 5, 1, 9)

let n = 0
const question = (body = `My hub number ${n++} drops off the network every night at two.`) => ({
  title: `Hub drops off the network, case ${n++}`,
  body,
  tags: ['hub'],
})
const answerText = () =>
  `Move the hub away from the router, case ${n++}: it helps with interference.`

/** What a call threw: its class and, for field errors, the body's message. */
function refusal(run: () => unknown) {
  try {
    run()
    return 'ok'
  } catch (error) {
    if (error instanceof DailyLimitError) return `429 ${error.message}`
    if (error instanceof FieldError) return `400 ${error.fieldErrors.body?.[0]}`
    throw error
  }
}

describe('daily limits for members under 10 reputation (a rolling 24 hours)', () => {
  const cases: [string, { reputation?: number; role?: Role }, string[]][] = [
    [
      'a new member: the 4th question in a day is refused',
      { reputation: 0 },
      ['ok', 'ok', 'ok', '429'],
    ],
    ['9 reputation is still new', { reputation: 9 }, ['ok', 'ok', 'ok', '429']],
    ['10 reputation is not limited', { reputation: 10 }, ['ok', 'ok', 'ok', 'ok', 'ok']],
    ['staff are exempt', { role: 'staff' }, ['ok', 'ok', 'ok', 'ok', 'ok']],
    ['moderators are exempt', { role: 'moderator' }, ['ok', 'ok', 'ok', 'ok', 'ok']],
    ['admins are exempt', { role: 'admin' }, ['ok', 'ok', 'ok', 'ok', 'ok']],
  ]
  it.each(cases)('questions: %s', (_, user, expected) => {
    const author = makeUser(user)
    const outcomes = expected.map((_, i) =>
      refusal(() => createQuestion(author, question(), T0 + i * HOUR)).slice(0, 3),
    )
    expect(outcomes).toEqual(expected)
  })

  it.each([
    ['a new member: the 6th answer in a day is refused', { reputation: 1 }, 5],
    ['10 reputation is not limited', { reputation: 10 }, 7],
    ['staff are exempt', { role: 'staff' as const }, 7],
  ])('answers: %s', (_, user, allowed) => {
    const author = makeUser(user)
    const threads = Array.from({ length: 7 }, () => makeQuestion(makeUser()))
    const outcomes = threads.map((q, i) =>
      refusal(() => createAnswer(author, q.id, answerText(), T0 + i * 60_000)).slice(0, 3),
    )
    expect(outcomes).toEqual([...Array(allowed).fill('ok'), ...Array(7 - allowed).fill('429')])
  })

  it('says which limit and when the next post is possible, as a 429 with its wait', () => {
    const author = makeUser()
    for (let i = 0; i < 3; i++) createQuestion(author, question(), T0 + i * HOUR)
    let thrown: unknown
    try {
      createQuestion(author, question(), T0 + 5 * HOUR)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(RateLimitedError)
    // The oldest of the three leaves the window at T0 + 24 h: 19 hours from now.
    expect((thrown as RateLimitedError).retryAfterSeconds).toBe(19 * 3600)
    expect((thrown as Error).message).toBe(
      'Members under 10 reputation can post 3 questions a day. You can ask again in 19 h.',
    )
  })

  it('is a rolling window: once the first question is 24 hours old, another may be asked', () => {
    const author = makeUser()
    for (let i = 0; i < 3; i++) createQuestion(author, question(), T0 + i * HOUR)
    expect(refusal(() => createQuestion(author, question(), T0 + DAY - 1))).toMatch(/^429/)
    expect(refusal(() => createQuestion(author, question(), T0 + DAY))).toBe('ok')
    expect(refusal(() => createQuestion(author, question(), T0 + DAY + 1))).toMatch(/^429/)
  })

  it('counts questions and answers apart, and stores nothing when refusing', () => {
    const author = makeUser()
    for (let i = 0; i < 3; i++) createQuestion(author, question(), T0 + i)
    const q = makeQuestion(makeUser())
    expect(refusal(() => createAnswer(author, q.id, answerText(), T0 + 10))).toBe('ok')
    const before = listQuestions({ tab: 'newest', pageSize: 1 }).total
    expect(refusal(() => createQuestion(author, question(), T0 + 20))).toMatch(/^429/)
    expect(listQuestions({ tab: 'newest', pageSize: 1 }).total).toBe(before)
  })
})

describe('links: at most 2 a post under 10 reputation', () => {
  const LINKS_MESSAGE = '400 At most 2 links while you have under 10 reputation'
  it.each([
    ['no links', 'Plain words about the hub and nothing else to follow at all.', 0],
    ['an inline link', 'See [the manual](https://example.com/manual) for the reset steps.', 1],
    ['an autolink', 'The manual is at <https://example.com/manual> for the reset steps.', 1],
    ['a bare URL', 'The manual is at https://example.com/manual for the reset steps.', 1],
    ['a www. address', 'The manual is at www.example.com/manual for the reset steps.', 1],
    ['a reference link', 'See [the manual][m] for the steps.\n\n[m]: https://example.com/m', 1],
    ['a raw <a href>', 'See <a href="https://example.com/m">the manual</a> for the steps.', 1],
    ['a URL in code is no link', 'Run `curl https://example.com/status` and paste the output.', 0],
    [
      'an image is no link',
      'Here is how it looks: ![the app](https://example.com/app.png) now.',
      0,
    ],
    [
      'three kinds together',
      'Try [one](https://a.example), <https://b.example> and https://c.example today.',
      3,
    ],
  ])('counts %s', (_, body, links) => {
    expect(countLinks(body)).toBe(links)
  })

  const twoLinks = () =>
    `Try [the manual](https://example.com/m${n++}) and https://example.com/faq before a reset.`
  const threeLinks = () => `${twoLinks()} Also www.example.com/forum${n++} has more.`
  it.each([
    ['a question with 2 links', { reputation: 0 }, 'question', twoLinks, 'ok'],
    ['a question with 3 links', { reputation: 0 }, 'question', threeLinks, LINKS_MESSAGE],
    ['an answer with 2 links', { reputation: 0 }, 'answer', twoLinks, 'ok'],
    ['an answer with 3 links', { reputation: 0 }, 'answer', threeLinks, LINKS_MESSAGE],
    ['3 links at 10 reputation', { reputation: 10 }, 'question', threeLinks, 'ok'],
    ['3 links from staff', { role: 'staff' as const }, 'answer', threeLinks, 'ok'],
  ] as const)('%s', (_, user, kind, body, expected) => {
    const author = makeUser(user)
    const q = makeQuestion(makeUser())
    const post = () =>
      kind === 'question'
        ? createQuestion(author, question(body()), T0)
        : createAnswer(author, q.id, body(), T0)
    expect(refusal(post)).toBe(expected)
  })
})

describe('the same text twice from one account within 24 hours', () => {
  const SAME =
    '400 You posted this same text in the last 24 hours. Say something new, or edit that post.'
  const body = 'The doorbell chime stopped working after the update, even with new batteries.'
  it.each([
    ['again within 24 hours', 'same', 23 * HOUR, SAME],
    ['after 24 hours', 'same', DAY, 'ok'],
    ['from another account', 'other', HOUR, 'ok'],
    ['with other spacing only', 'same', HOUR, SAME],
  ] as const)('as a question: %s', (name, who, later, expected) => {
    const author = makeUser({ reputation: 500 })
    createQuestion(author, question(body), T0)
    const second = who === 'same' ? author : makeUser({ reputation: 500 })
    const text = name.includes('spacing') ? `  ${body.replace(/ /g, '  \n')}\n\n` : body
    expect(refusal(() => createQuestion(second, question(text), T0 + later))).toBe(expected)
  })

  it('is refused as an answer too, on another thread, or after posting it as a question', () => {
    const author = makeUser({ reputation: 500 })
    const [q1, q2] = [makeQuestion(makeUser()), makeQuestion(makeUser())]
    createAnswer(author, q1.id, body, T0)
    expect(refusal(() => createAnswer(author, q2.id, body, T0 + HOUR))).toBe(SAME)
    const other = 'The chime works again after re-pairing it from the app, settings, devices.'
    createQuestion(author, question(other), T0)
    expect(refusal(() => createAnswer(author, q2.id, other, T0 + HOUR))).toBe(SAME)
  })

  it('does not hold staff to it (the same official reply on several threads)', () => {
    const staff = makeUser({ role: 'staff' })
    const [q1, q2] = [makeQuestion(makeUser()), makeQuestion(makeUser())]
    createAnswer(staff, q1.id, body, T0)
    expect(refusal(() => createAnswer(staff, q2.id, body, T0 + HOUR))).toBe('ok')
  })
})

describe('the bot guard', () => {
  const secret = 'a-test-secret-that-is-long-enough-to-sign'
  const form = (fields: Record<string, string>) => {
    const data = new FormData()
    for (const [k, v] of Object.entries(fields)) data.set(k, v)
    return data
  }
  it.each([
    ['a person after 5 s', { website: '', formStarted: formStartToken(T0 - 5_000, secret) }, true],
    ['exactly the minimum', { website: '', formStarted: formStartToken(T0 - 3_000, secret) }, true],
    ['too fast (1 s)', { website: '', formStarted: formStartToken(T0 - 1_000, secret) }, false],
    ['a filled honeypot', { website: 'x', formStarted: formStartToken(T0 - 9_000, secret) }, false],
    ['no stamp', { website: '' }, false],
    [
      'a stamp signed with another key',
      { formStarted: formStartToken(T0 - 9_000, 'x'.repeat(40)) },
      false,
    ],
    [
      'a stamp with its time changed',
      { formStarted: formStartToken(T0, secret).replace(/^\d+/, String(T0 - 9_000)) },
      false,
    ],
    ['garbage', { formStarted: 'yesterday' }, false],
  ])('%s', (_, fields, human) => {
    expect(looksHuman(form(fields), { now: T0, minimumMs: 3_000, secret })).toBe(human)
  })
})

describe('the guarded forms refuse a bot with a generic 400 and store nothing', () => {
  // The actions run on the real clock; the stamp's issue time is what the test chooses.
  const stamp = (ageMs: number) => formStartToken(Date.now() - ageMs)
  const cases = [
    ['a filled honeypot', { website: 'https://spam.example', formStarted: stamp(60_000) }],
    ['sent 1 s after the form was served', { website: '', formStarted: stamp(1_000) }],
    ['no stamp at all', { website: '', formStarted: '' }],
  ] as const

  async function cookieOf(user: { id: number }) {
    return (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
  }

  it.each(cases)('asking: %s', async (_, guard) => {
    const cookie = await cookieOf(makeUser())
    const title = `Bot question about the hub ${n++}`
    const request = formRequest(
      '/questions/ask',
      {
        title,
        body: 'Buy cheap hubs at a shop that is not this one, today only.',
        tags: 'hub',
        ...guard,
      },
      { cookie },
    )
    const { data, status } = unwrap(
      await askAction({ request, params: {}, context: await contextFor(request) }),
    )
    expect(status).toBe(400)
    const result = data.result as {
      error: Record<string, string[]>
      initialValue: Record<string, string>
    }
    expect(result.error['']).toEqual([BOT_REFUSAL_MESSAGE])
    expect(result.initialValue.title).toBe(title) // the text is kept, as for any failure
    const newest = listQuestions({ tab: 'newest', pageSize: 50 }).items
    expect(newest.map((q) => q.title)).not.toContain(title)
  })

  it.each(cases)('answering: %s', async (_, guard) => {
    const q = makeQuestion(makeUser())
    const cookie = await cookieOf(makeUser())
    const path = `/questions/${q.id}/${q.slug}`
    const body = 'Visit my shop for cheap replacement hubs and other things, today only.'
    const request = formRequest(path, { intent: 'answer', body, ...guard }, { cookie })
    const { data, status } = unwrap(
      await threadAction({
        request,
        params: { id: String(q.id), slug: q.slug },
        context: await contextFor(request),
      }),
    )
    expect(status).toBe(400)
    expect(data.intent).toBe('answer')
    expect((data.result as { error: Record<string, string[]> }).error['']).toEqual([
      BOT_REFUSAL_MESSAGE,
    ])
    expect(getThread(q.id, null)?.answers).toHaveLength(0)
  })

  it.each(cases)('signing up: %s', async (_, guard) => {
    const handle = `bot_${n++}_${Date.now().toString(36)}`
    const email = `${handle}@example.test`
    const request = formRequest('/signup', {
      handle,
      email,
      password: 'a long enough password',
      ...guard,
    })
    const { data, status } = unwrap(
      await signupAction({ request, params: {}, context: await contextFor(request) }),
    )
    expect(status).toBe(400)
    const result = data.result as {
      error: Record<string, string[]>
      initialValue: Record<string, string>
    }
    expect(result.error['']).toEqual([BOT_REFUSAL_MESSAGE])
    expect(result.initialValue.password).toBeUndefined() // never sent back
    expect(getUserByHandle(handle)).toBeFalsy()
  })

  it('lets a person through who took their time (the same forms, a stamp 5 s old)', async () => {
    const cookie = await cookieOf(makeUser())
    const title = `A person's question about the hub ${n++}`
    const request = formRequest(
      '/questions/ask',
      {
        title,
        body: 'My hub loses its schedules after every power cut. What can I do?',
        tags: 'hub',
        website: '',
        formStarted: stamp(5_000),
      },
      { cookie },
    )
    const response = await askAction({ request, params: {}, context: await contextFor(request) })
      .then(() => null)
      .catch((thrown: unknown) => thrown)
    expect(response).toBeInstanceOf(Response)
    expect((response as Response).status).toBe(302)
    const newest = listQuestions({ tab: 'newest', pageSize: 50 }).items
    expect(newest.map((q) => q.title)).toContain(title)
  })
})

describe('FORM_MIN_FILL_SECONDS', () => {
  it('defaults to 3 s, takes 0 (honeypot only) and refuses what is not a number of seconds', () => {
    expect(parseEnv({}).FORM_MIN_FILL_SECONDS).toBe(3)
    expect(parseEnv({ FORM_MIN_FILL_SECONDS: '0' }).FORM_MIN_FILL_SECONDS).toBe(0)
    expect(parseEnv({ FORM_MIN_FILL_SECONDS: '1.5' }).FORM_MIN_FILL_SECONDS).toBe(1.5)
    for (const value of ['soon', '-1', '601']) {
      expect(() => parseEnv({ FORM_MIN_FILL_SECONDS: value })).toThrow(
        `FORM_MIN_FILL_SECONDS=${JSON.stringify(value)}`,
      )
    }
  })
})
