// E-mail (issue 13): notifications reach a real SMTP server (smtp-server on a free loopback port,
// what arrived parsed with mailparser) for members who want them at once; digests gather the
// rest; every message has a working RFC 8058 one-click unsubscribe; a failing server is retried
// from the database; nothing is sent until SMTP is configured.
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { eq } from 'drizzle-orm'
import { emailOutbox, users } from '#db/schema.ts'
import {
  deliverDueEmails,
  emailChoiceOf,
  queueDueDigests,
  RETRY_DELAYS_MS,
  setEmailChoice,
} from '#app/models/email.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import { action as unsubscribeAction } from '#app/routes/email.unsubscribe.$token.tsx'
import { makeAnswer, makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { smtpSettingsFor, startTestSmtp, type TestSmtp } from '#tests/fixtures/smtp.ts'

let smtp: TestSmtp

beforeAll(async () => {
  smtp = await startTestSmtp()
})

afterAll(() => smtp.close())

const admin = () => makeUser({ role: 'admin' })

/** A member with a password: mail goes only to accounts someone can log in to (not unclaimed imports). */
function member() {
  const user = makeUser()
  db.update(users).set({ passwordHash: 'set' }).where(eq(users.id, user.id)).run()
  return user
}

/** The route's action needs no load context: the signed token is what authorizes it. */
const noContext = {} as never

function configureSmtp() {
  updateSiteSettings(admin(), {
    smtp: smtpSettingsFor(smtp),
  })
}

beforeEach(() => {
  smtp.received.length = 0
  smtp.rejecting = false
})

/** A header's value as it came over the wire (mailparser folds the List-* ones into one object). */
const header = (mail: ParsedMail, name: string) => {
  const line = mail.headerLines.find((h) => h.key === name)?.line ?? ''
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\s+/g, ' ')
    .trim()
}

describe('e-mail notifications', () => {
  it('sends nothing while SMTP is not configured', async () => {
    const asker = member()
    const { id } = makeQuestion(asker)
    makeAnswer(makeUser(), id)
    expect(db.select().from(emailOutbox).all()).toEqual([])
    expect(await deliverDueEmails()).toEqual({ sent: 0, failed: 0 })
    expect(smtp.received).toEqual([])
  })

  it('mails an answer to an asker who wants mail at once, with a one-click unsubscribe that works', async () => {
    configureSmtp()
    const asker = member()
    const digestAsker = member()
    setEmailChoice(digestAsker.id, 'digest')
    const { id } = makeQuestion(asker, { title: 'Why does the hub blink amber all night?' })
    const other = makeQuestion(digestAsker)
    makeAnswer(makeUser(), id)
    makeAnswer(makeUser(), other.id)

    expect(await deliverDueEmails()).toEqual({ sent: 1, failed: 0 })
    expect(smtp.received).toHaveLength(1)
    const mail = smtp.received[0]!
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(
      `${asker.handle}@example.test`,
    )
    expect(mail.subject).toContain('Why does the hub blink amber all night?')
    expect(mail.text).toContain('/notifications/')
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    const link = /<(https?:\/\/[^>]+)>/.exec(header(mail, 'list-unsubscribe'))?.[1]
    expect(link).toMatch(/\/email\/unsubscribe\/\d+\.[\w-]{32}$/)
    expect(mail.text).toContain(link)

    // The mail provider's one-click POST, through the real route.
    const token = link!.split('/').at(-1)!
    const request = new Request(link!, {
      method: 'POST',
      body: 'List-Unsubscribe=One-Click',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    await unsubscribeAction({ request, params: { token }, context: noContext })
    expect(emailChoiceOf(asker.id)).toBe('none')
    makeAnswer(makeUser(), id, 'Another answer after the unsubscribe, long enough to post.')
    expect(await deliverDueEmails()).toEqual({ sent: 0, failed: 0 })

    // A forged token unsubscribes nobody.
    const forged = `${digestAsker.id}.${'x'.repeat(32)}`
    await expect(
      unsubscribeAction({
        request: new Request(`http://localhost/email/unsubscribe/${forged}`, { method: 'POST' }),
        params: { token: forged },
        context: noContext,
      }),
    ).rejects.toMatchObject({ status: 404 })
    expect(emailChoiceOf(digestAsker.id)).toBe('digest')
  })

  it('gathers a digest member’s notifications into one message a day', async () => {
    configureSmtp()
    const start = Date.now()
    const reader = member()
    setEmailChoice(reader.id, 'digest', start)
    const first = makeQuestion(reader, { title: 'How do I move the hub to a new network?' })
    const second = makeQuestion(reader, { title: 'Can two hubs share one account?' })
    makeAnswer(makeUser(), first.id)
    makeAnswer(makeUser(), second.id)
    expect(queueDueDigests(start + 60_000)).toBe(0) // the day is not over
    expect(queueDueDigests(start + 25 * 3600_000)).toBeGreaterThanOrEqual(1)
    // Two digests are due: this member's and the digest member's of the test before.
    expect(await deliverDueEmails({ clock: () => start + 25 * 3600_000 })).toEqual({
      sent: 2,
      failed: 0,
    })
    const digest = smtp.received.find((mail) => header(mail, 'to').includes(reader.handle))!
    expect(digest.subject).toMatch(/digest|notification/i)
    expect(digest.text).toContain('How do I move the hub to a new network?')
    expect(digest.text).toContain('Can two hubs share one account?')
    expect(queueDueDigests(start + 26 * 3600_000)).toBe(0) // one a day
  })

  it('retries a refused message later from the database, then delivers it', async () => {
    configureSmtp()
    await deliverDueEmails({ clock: () => Date.now() + 48 * 3600_000 }) // earlier tests' mail
    smtp.received.length = 0
    const asker = member()
    const { id } = makeQuestion(asker)
    makeAnswer(makeUser(), id)
    const now = Date.now()
    smtp.rejecting = true
    expect(await deliverDueEmails({ clock: () => now })).toEqual({ sent: 0, failed: 1 })
    const row = db.select().from(emailOutbox).all().at(-1)!
    expect(row.attempts).toBe(1)
    expect(row.lastError).toContain('Mailbox unavailable')
    expect(row.nextAttemptAt).toBe(now + RETRY_DELAYS_MS[0]!)
    smtp.rejecting = false
    expect(await deliverDueEmails({ clock: () => now + 1_000 })).toEqual({ sent: 0, failed: 0 })
    expect(await deliverDueEmails({ clock: () => now + RETRY_DELAYS_MS[0]! })).toEqual({
      sent: 1,
      failed: 0,
    })
    expect(smtp.received).toHaveLength(1)
  })
})
