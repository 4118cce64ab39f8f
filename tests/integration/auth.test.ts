import { vitePlugin as remix } from '@remix-run/dev'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import { createServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import remixOptions from '../../remix.config.js'
import { action as loginAction, BAD_CREDENTIALS } from '#app/routes/login.tsx'
import { action as logoutAction } from '#app/routes/logout.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
import { authenticate, startSession } from '#app/lib/auth.server.ts'
import { createUser } from '#app/models/users.server.ts'
import { db } from '#db/client.server.ts'
import { users } from '#db/schema.ts'
import { eq } from 'drizzle-orm'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import {
  contextFor,
  cookieFrom,
  formRequest,
  ORIGIN,
  personFilled,
  unwrap,
} from '#tests/fixtures/requests.ts'

async function signup(fields: Record<string, string>, ip?: string) {
  const request = formRequest('/signup', fields)
  return signupAction({ request, params: {}, context: await contextFor(request, ip) })
}

async function login(fields: Record<string, string>, opts: { ip?: string; cookie?: string } = {}) {
  const request = formRequest('/login', fields, { cookie: opts.cookie })
  return loginAction({ request, params: {}, context: await contextFor(request, opts.ip) })
}

function formErrors(result: unknown) {
  const { data } = unwrap(result)
  return (data.result as { error?: Record<string, string[] | null> }).error ?? {}
}

describe('sign up', () => {
  it('creates the account, starts a session with a safe cookie and goes where it was sent', async () => {
    const response = (await signup({
      handle: 'newcomer',
      email: 'Newcomer@Example.test',
      password: 'long enough password',
      redirectTo: '/questions/ask',
    })) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/questions/ask')
    const setCookie = response.headers.get('Set-Cookie')!
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    expect(setCookie).not.toMatch(/Secure/i) // plain http here
    const auth = await authenticate(
      new Request('http://peerdesk.test/', { headers: { Cookie: cookieFrom(response) } }),
    )
    expect(auth.user?.handle).toBe('newcomer')
  })

  it("stores the password as argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane)", async () => {
    await signup({
      handle: 'hashcheck',
      email: 'hashcheck@example.test',
      password: 'long enough password',
    })
    const row = db
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.handle, 'hashcheck'))
      .get()
    expect(row?.hash).toMatch(
      /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]{43}$/,
    )
    expect(row?.hash).not.toContain('long enough password')
  })

  it('answers field errors for bad input, keeps the text and never echoes the password', async () => {
    const result = await signup({ handle: 'x', email: 'nope', password: 'short' })
    expect(unwrap(result).status).toBe(400)
    const errors = formErrors(result)
    expect(errors.handle).toEqual(['Handle must be at least 3 characters'])
    expect(errors.email).toEqual(['Enter a valid email address'])
    expect(errors.password).toEqual(['Password must be at least 10 characters'])
    const initial = (unwrap(result).data.result as { initialValue: Record<string, string> })
      .initialValue
    expect(initial.handle).toBe('x')
    expect(initial.password).toBeUndefined()
  })

  // A site that sends no e-mail makes the account at once, so it can only say the address is
  // taken (account-links.test.ts: one that sends e-mail never tells).
  it('refuses a taken handle (any case) and a taken e-mail', async () => {
    await signup({
      handle: 'taken_one',
      email: 'taken@example.test',
      password: 'long enough password',
    })
    const result = await signup({
      handle: 'TAKEN_ONE',
      email: 'TAKEN@example.test',
      password: 'long enough password',
    })
    expect(unwrap(result).status).toBe(400)
    expect(formErrors(result).handle).toEqual(['That handle is taken'])
    expect(formErrors(result).email).toEqual(['An account with this email already exists'])
  })

  it('is rate-limited per IP with a wait in seconds', async () => {
    const ip = '198.51.100.20'
    let last: unknown
    for (let i = 0; i < 21; i++) {
      last = await signup(
        { handle: `burst${i}`, email: `burst${i}@example.test`, password: 'long enough password' },
        ip,
      )
    }
    const { status, headers, data } = unwrap(last)
    expect(status).toBe(429)
    expect(Number(headers.get('Retry-After'))).toBeGreaterThan(0)
    expect((data.result as { error: Record<string, string[]> }).error['']?.[0]).toMatch(
      /Try again in \d+ s/,
    )
  })
})

describe('log in', () => {
  it('says the same thing for an unknown e-mail and a wrong password', async () => {
    await createUser({
      handle: 'known',
      email: 'known@example.test',
      password: 'the right password',
    })
    const unknown = await login({ email: 'nobody@example.test', password: 'whatever it is' })
    const wrong = await login({ email: 'known@example.test', password: 'the wrong password' })
    expect(unwrap(unknown).status).toBe(403)
    expect(formErrors(unknown)['']).toEqual([BAD_CREDENTIALS])
    expect(formErrors(wrong)['']).toEqual([BAD_CREDENTIALS])
  })

  it('rotates the session: a new id at each log-in, the old one ends; log out ends it too', async () => {
    await createUser({
      handle: 'rotator',
      email: 'rotator@example.test',
      password: 'the right password',
    })
    const first = (await login({
      email: 'rotator@example.test',
      password: 'the right password',
    })) as Response
    const firstCookie = cookieFrom(first)
    const second = (await login(
      { email: 'rotator@example.test', password: 'the right password' },
      { cookie: firstCookie },
    )) as Response
    const secondCookie = cookieFrom(second)
    expect(secondCookie).not.toBe(firstCookie)
    const check = (cookie: string) =>
      authenticate(new Request('http://peerdesk.test/', { headers: { Cookie: cookie } }))
    expect((await check(firstCookie)).user).toBeNull()
    expect((await check(secondCookie)).user?.handle).toBe('rotator')

    const request = formRequest('/logout', {}, { cookie: secondCookie })
    const out = (await logoutAction({
      request,
      params: {},
      context: await contextFor(request),
    })) as Response
    expect(out.headers.get('Set-Cookie')).toMatch(/Max-Age=0/i)
    expect((await check(secondCookie)).user).toBeNull()
  })

  it('adds Secure to the cookie when the request came over HTTPS', async () => {
    await createUser({
      handle: 'secure_one',
      email: 'secure@example.test',
      password: 'the right password',
    })
    const request = formRequest(
      '/login',
      { email: 'secure@example.test', password: 'the right password' },
      { origin: 'https://peerdesk.test' },
    )
    const response = (await loginAction({
      request,
      params: {},
      context: await contextFor(request),
    })) as Response
    expect(response.headers.get('Set-Cookie')).toMatch(/; Secure/i)
  })

  it('is rate-limited per account after repeated failures', async () => {
    await createUser({
      handle: 'victim',
      email: 'victim@example.test',
      password: 'the right password',
    })
    let last: unknown
    for (let i = 0; i < 9; i++) {
      last = await login(
        { email: 'victim@example.test', password: `guess number ${i}` },
        { ip: `192.0.2.${i + 1}` },
      )
    }
    expect(unwrap(last).status).toBe(429)
    // Even the right password waits until the window passes.
    const right = await login(
      { email: 'victim@example.test', password: 'the right password' },
      { ip: '192.0.2.99' },
    )
    expect(unwrap(right).status).toBe(429)
  })
})

// Through Remix's own request handler over the app's real server build (Vite compiles it in
// memory), because that is where a header can go missing: an action's `data(…, { headers })`
// reaches the HTTP response only through the route's `headers` export. Calling the action
// directly, as the tests above do, would show a Retry-After that a browser never gets.
describe('every 429 over HTTP says when to come back', () => {
  let handle: (request: Request, ip: string) => Promise<Response>
  let closeVite: () => Promise<void>

  beforeAll(async () => {
    const vite = await createServer({
      configFile: 'vite.config.ts', // it leaves the Remix plugin out under Vitest: added here
      plugins: [remix(remixOptions)],
      logLevel: 'silent',
      appType: 'custom',
      server: { middlewareMode: true, hmr: false, watch: null },
    })
    closeVite = () => vite.close()
    const build = (await vite.ssrLoadModule('virtual:remix/server-build')) as ServerBuild
    const handler = createRequestHandler(build, 'production')
    handle = async (request, ip) => handler(request, await contextFor(request, ip))
  }, 120_000)
  afterAll(() => closeVite?.())

  /** A form posted as a browser without JavaScript does (a document request), or as Remix's
   * client does with JavaScript (`.data`, single fetch). */
  function post(path: string, fields: Record<string, string>, cookie?: string, asData = false) {
    const url = new URL(asData ? `${path}.data` : path, ORIGIN)
    return new Request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(cookie ? { Cookie: cookie } : {}),
      },
      // As the site's forms send them: the bot guard's fields, filled as a person would.
      body: new URLSearchParams({ ...personFilled(), ...fields }).toString(),
    })
  }

  async function expectWait(response: Response) {
    expect(response.status).toBe(429)
    const retryAfter = response.headers.get('Retry-After')
    expect(retryAfter).toMatch(/^[1-9]\d*$/)
    const body = await response.text()
    expect(body).toContain(`Try again in ${retryAfter} s`)
  }

  async function signedIn(user: { id: number }) {
    return (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
  }

  it('log-in: the ninth failed try for an account, as a page and as single-fetch data', async () => {
    await createUser({
      handle: 'http_victim',
      email: 'http@example.test',
      password: 'the right one',
    })
    const guess = (i: number) => ({ email: 'http@example.test', password: `guess number ${i}` })
    for (let i = 0; i < 8; i++) {
      expect((await handle(post('/login', guess(i)), `192.0.2.${i + 1}`)).status).toBe(403)
    }
    await expectWait(await handle(post('/login', guess(8)), '192.0.2.9'))
    await expectWait(await handle(post('/login', guess(9), undefined, true), '192.0.2.10'))
  })

  it('sign-up: the 21st from one IP in an hour', async () => {
    const ip = '198.51.100.77'
    let last: Response | undefined
    for (let i = 0; i < 21; i++) {
      const handleName = `http_burst${i}`
      last = await handle(
        post('/signup', {
          handle: handleName,
          email: `${handleName}@example.test`,
          password: 'long enough password',
        }),
        ip,
      )
      if (i < 20) expect(last.status).toBe(302)
    }
    await expectWait(last!)
  })

  it('asking, answering and commenting: past 30 posts in ten minutes for an account', async () => {
    const ip = '198.51.100.78'
    // Past the new-member daily limits (post-limits.server.ts), each question its own text.
    const cookie = await signedIn(makeUser({ reputation: 10 }))
    const ask = (i: number) =>
      post(
        '/questions/ask',
        {
          title: `Rate limit check number ${i} for the hub`,
          body: `The hub drops off the network every ${i + 2} minutes since the last update.`,
          tags: 'hub',
        },
        cookie,
      )
    for (let i = 0; i < 30; i++) expect((await handle(ask(i), ip)).status).toBe(302)
    await expectWait(await handle(ask(30), ip))

    const q = makeQuestion(makeUser())
    const thread = `/questions/${q.id}/${q.slug}`
    const answer = {
      intent: 'answer',
      body: 'Reset the hub from the app, then re-add each device.',
    }
    await expectWait(await handle(post(thread, answer, cookie), ip))
    const comment = { intent: 'comment', body: 'Which firmware is the hub on?' }
    await expectWait(await handle(post(thread, comment, cookie), ip))
    await expectWait(await handle(post(thread, comment, cookie, true), ip))
  })

  it('voting: past 60 votes in a minute for an account', async () => {
    const ip = '198.51.100.79'
    const cookie = await signedIn(makeUser({ reputation: 200 }))
    const q = makeQuestion(makeUser())
    const thread = `/questions/${q.id}/${q.slug}`
    const vote = (direction: string) =>
      post(
        thread,
        { intent: 'vote', postType: 'question', postId: String(q.id), direction },
        cookie,
      )
    for (let i = 0; i < 60; i++) {
      expect((await handle(vote(i % 2 ? 'down' : 'up'), ip)).status).toBe(200)
    }
    await expectWait(await handle(vote('up'), ip))
  })
})
