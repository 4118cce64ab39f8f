// No account enumeration (issue 14, part 7): while the site sends e-mail, sign-up and "Forgot your
// password?" answer a taken address exactly as a new one — the same status and the same data —
// and only the mail, at a real local SMTP server, differs. Sign-up makes the account when its
// link is opened; a reset link sets a new password, spends itself and logs the account out
// everywhere. Links are one-time and expire (an injected clock, no sleeps).
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { action as resetAction } from '#app/routes/password-reset.tsx'
import { action as signupAction } from '#app/routes/signup.tsx'
import { authenticate, startSession } from '#app/lib/auth.server.ts'
import {
  confirmSignup,
  findPasswordReset,
  findSignupRequest,
  requestPasswordReset,
  requestSignup,
  resetLinkForHandle,
  resetPassword,
} from '#app/models/account-links.server.ts'
import { deliverDueEmails, startEmailJob } from '#app/models/email.server.ts'
import { FieldError, NotFoundError, PermissionError } from '#app/models/errors.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import { createUser, verifyLogin } from '#app/models/users.server.ts'
import { db } from '#db/client.server.ts'
import { emailOutbox, passwordResetTokens, signupRequests, users } from '#db/schema.ts'
import { makeUser } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest } from '#tests/fixtures/requests.ts'
import { smtpSettingsFor, startTestSmtp, type TestSmtp } from '#tests/fixtures/smtp.ts'

let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
  updateSiteSettings(makeUser({ role: 'admin' }), { smtp: smtpSettingsFor(smtp) })
})
afterAll(() => smtp.close())

const PASSWORD = 'long enough password'

async function signupForm(fields: Record<string, string>, ip = '198.51.100.40') {
  const request = formRequest('/signup', fields)
  return signupAction({ request, params: {}, context: await contextFor(request, ip) })
}

async function resetForm(email: string, ip = '198.51.100.41') {
  const request = formRequest('/password-reset', { email })
  return resetAction({ request, params: {}, context: await contextFor(request, ip) })
}

/** The newest queued message to an address, and the link in it (the token is only in mail). */
function lastMailTo(to: string) {
  const row = db
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, to))
    .orderBy(emailOutbox.id)
    .all()
    .at(-1)
  const token = row?.text.match(/\/(?:signup\/confirm|password-reset|claim)\/([\w-]{43})/)?.[1]
  return { row, token: token ?? '' }
}

describe('sign-up while the site sends e-mail', () => {
  it('answers a taken address exactly as a new one; only the mail tells them apart', async () => {
    // The app's e-mail job, its tick an hour away: only the wake can send these now.
    const job = startEmailJob({ intervalMs: 3_600_000, wakeOnAccountMail: true })
    await createUser({ handle: 'holder', email: 'holder@example.test', password: PASSWORD })
    const taken = await signupForm({
      handle: 'newface',
      email: 'Holder@Example.test',
      password: PASSWORD,
    })
    const fresh = await signupForm({
      handle: 'newface2',
      email: 'fresh@example.test',
      password: PASSWORD,
    })
    // Plain data (HTTP 200), the same shape, each echoing only the address that was typed.
    expect(taken).toEqual({ sent: 'holder@example.test' })
    expect(fresh).toEqual({ sent: 'fresh@example.test' })

    // No account was made for either.
    expect(db.select().from(users).where(eq(users.handle, 'newface')).get()).toBeUndefined()
    expect(db.select().from(users).where(eq(users.handle, 'newface2')).get()).toBeUndefined()

    // The holder is told they have an account (no link that makes one); the newcomer gets one.
    const toHolder = lastMailTo('holder@example.test')
    expect(toHolder.row?.kind).toBe('signup-taken')
    expect(toHolder.row?.text).toContain('already has an account: @holder')
    expect(toHolder.row?.text).toContain('/password-reset')
    expect(toHolder.token).toBe('')
    const toNewcomer = lastMailTo('fresh@example.test')
    expect(toNewcomer.row?.kind).toBe('signup-confirm')
    expect(findSignupRequest(toNewcomer.token)).toEqual({
      handle: 'newface2',
      email: 'fresh@example.test',
    })

    // Both reach the real SMTP server at once: the job is woken, not left to its next tick.
    try {
      await expect
        .poll(() => smtp.received.map((m) => m.subject))
        .toEqual(
          expect.arrayContaining([
            'You already have a Peerdesk account',
            'Confirm your e-mail to finish joining Peerdesk',
          ]),
        )
    } finally {
      await job.stop()
    }
    const html = smtp.received.find((m) => m.subject?.startsWith('Confirm'))?.html
    expect(html).toContain(`/signup/confirm/${toNewcomer.token}">`)
  })

  it('still refuses a taken handle on its field (handles are public)', async () => {
    makeUser({ handle: 'publicname' })
    await expect(
      requestSignup({ handle: 'PublicName', email: 'someone@example.test', password: PASSWORD }),
    ).rejects.toThrow(FieldError)
  })

  it('makes the account when the link is opened, once, where the person was going', async () => {
    await requestSignup({
      handle: 'linkfollower',
      email: 'follower@example.test',
      password: PASSWORD,
      redirectTo: '/questions/ask',
    })
    const { token } = lastMailTo('follower@example.test')
    const user = confirmSignup(token, { handle: 'linkfollower' })
    expect(user.handle).toBe('linkfollower')
    expect(user.redirectTo).toBe('/questions/ask')
    expect(await verifyLogin('follower@example.test', PASSWORD)).toEqual({ id: user.id })
    expect(findSignupRequest(token)).toBeNull()
    expect(() => confirmSignup(token, { handle: 'linkfollower' })).toThrow(NotFoundError)
  })

  it('lets the handle be changed when someone took it meanwhile; the link stays live', async () => {
    await requestSignup({ handle: 'raced', email: 'racer@example.test', password: PASSWORD })
    const { token } = lastMailTo('racer@example.test')
    makeUser({ handle: 'raced' })
    expect(() => confirmSignup(token, { handle: 'raced' })).toThrow(FieldError)
    expect(findSignupRequest(token)).not.toBeNull()
    expect(confirmSignup(token, { handle: 'raced-too' }).handle).toBe('raced-too')
  })

  it('refuses a second account from a second link to the same address', async () => {
    await requestSignup({ handle: 'twotabs1', email: 'twotabs@example.test', password: PASSWORD })
    const first = lastMailTo('twotabs@example.test').token
    await requestSignup({ handle: 'twotabs2', email: 'twotabs@example.test', password: PASSWORD })
    const second = lastMailTo('twotabs@example.test').token
    confirmSignup(second, { handle: 'twotabs2' })
    expect(() => confirmSignup(first, { handle: 'twotabs1' })).toThrow(PermissionError)
  })

  it('expires links after a day and clears old requests', async () => {
    const then = Date.now()
    await requestSignup(
      { handle: 'latecomer', email: 'late@example.test', password: PASSWORD },
      then,
    )
    const { token } = lastMailTo('late@example.test')
    const dayLater = then + 24 * 3600_000 + 1
    expect(findSignupRequest(token, dayLater)).toBeNull()
    expect(() => confirmSignup(token, { handle: 'latecomer' }, dayLater)).toThrow(NotFoundError)
    await requestSignup(
      { handle: 'someoneelse', email: 'else@example.test', password: PASSWORD },
      dayLater,
    )
    const left = db
      .select()
      .from(signupRequests)
      .where(eq(signupRequests.email, 'late@example.test'))
    expect(left.all()).toEqual([])
  })

  it('sends an imported, unclaimed account its claim link instead', async () => {
    const imported = makeUser({ handle: 'oldtimer' })
    db.update(users)
      .set({ email: 'oldtimer@example.test', passwordHash: null })
      .where(eq(users.id, imported.id))
      .run()
    await requestSignup({ handle: 'oldtimer2', email: 'oldtimer@example.test', password: PASSWORD })
    const mail = lastMailTo('oldtimer@example.test')
    expect(mail.row?.kind).toBe('claim-link')
    expect(mail.row?.text).toContain(`/claim/${mail.token}`)
  })
})

describe('password reset', () => {
  it('answers an unknown address exactly as a known one, and mails only the known', async () => {
    await createUser({ handle: 'forgetful', email: 'forgetful@example.test', password: PASSWORD })
    const known = await resetForm('Forgetful@example.test')
    const unknown = await resetForm('nobody-here@example.test')
    expect(known).toEqual({ sent: 'forgetful@example.test' })
    expect(unknown).toEqual({ sent: 'nobody-here@example.test' })
    expect(lastMailTo('nobody-here@example.test').row).toBeUndefined()
    const { row, token } = lastMailTo('forgetful@example.test')
    expect(row?.kind).toBe('password-reset')
    expect(findPasswordReset(token)).toEqual({ handle: 'forgetful' })
  })

  it('sets the new password, spends the link and ends every session of the account', async () => {
    const user = await createUser({
      handle: 'resetter',
      email: 'resetter@example.test',
      password: PASSWORD,
    })
    const cookie = await startSession(user.id, new Request('http://peerdesk.test/'))
    const sessionCookie = cookie.split(';')[0]!
    requestPasswordReset('resetter@example.test')
    const { token } = lastMailTo('resetter@example.test')

    await expect(resetPassword(token, 'a brand new password')).resolves.toMatchObject({
      id: user.id,
    })
    expect(await verifyLogin('resetter@example.test', PASSWORD)).toBeNull()
    expect(await verifyLogin('resetter@example.test', 'a brand new password')).toEqual({
      id: user.id,
    })
    const auth = await authenticate(
      new Request('http://peerdesk.test/', { headers: { Cookie: sessionCookie } }),
    )
    expect(auth.user).toBeNull()
    await expect(resetPassword(token, 'yet another password')).rejects.toThrow(NotFoundError)
    expect(lastMailTo('resetter@example.test').row?.kind).toBe('password-changed')
  })

  it('keeps only the newest link and lets it expire after an hour', async () => {
    const user = await createUser({
      handle: 'twicer',
      email: 'twicer@example.test',
      password: PASSWORD,
    })
    const then = Date.now()
    requestPasswordReset('twicer@example.test', then)
    const first = lastMailTo('twicer@example.test').token
    requestPasswordReset('twicer@example.test', then + 1)
    const second = lastMailTo('twicer@example.test').token
    expect(findPasswordReset(first, then + 2)).toBeNull()
    expect(findPasswordReset(second, then + 2)).toEqual({ handle: 'twicer' })
    expect(findPasswordReset(second, then + 3600_000 + 2)).toBeNull()
    const live = db
      .select()
      .from(passwordResetTokens)
      .where(eq(passwordResetTokens.userId, user.id))
      .all()
      .filter((t) => t.usedAt == null)
    expect(live).toHaveLength(1)
  })

  it('gives an admin a link for a site that sends no e-mail (npm run user:reset-link)', async () => {
    await createUser({ handle: 'nomail', email: 'nomail@example.test', password: PASSWORD })
    const link = resetLinkForHandle('NoMail')
    expect(link.handle).toBe('nomail')
    const token = link.path.split('/').at(-1)!
    expect(findPasswordReset(token)).toEqual({ handle: 'nomail' })
    expect(() => resetLinkForHandle('no-such-person')).toThrow(NotFoundError)
  })

  it('queues mail that the delivery job sends to the real server', async () => {
    await createUser({ handle: 'delivered', email: 'delivered@example.test', password: PASSWORD })
    requestPasswordReset('delivered@example.test')
    await deliverDueEmails()
    const mail = smtp.received.find((m) => m.text?.includes('@delivered'))
    expect(mail?.text).toContain('reset the password of @delivered')
  })
})
