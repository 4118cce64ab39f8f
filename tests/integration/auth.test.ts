import { describe, expect, it } from 'vitest'
import { action as loginAction, BAD_CREDENTIALS } from '#app/routes/login.tsx'
import { action as logoutAction } from '#app/routes/logout.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
import { authenticate } from '#app/lib/auth.server.ts'
import { createUser } from '#app/models/users.server.ts'
import { contextFor, cookieFrom, formRequest, unwrap } from '#tests/fixtures/requests.ts'

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
