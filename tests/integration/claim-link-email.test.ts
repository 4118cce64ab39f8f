// The claim link by e-mail (issue 10): once SMTP is configured, each imported, unclaimed account
// with a real address gets exactly one claim-link message, at the real local SMTP server (see
// tests/fixtures/smtp.ts), with a link that claims the account; a second tick sends nothing; a
// tick mails a bounded batch; placeholders, accounts made here and claimed ones get nothing; the
// admin command's links keep working. The candidates are read by index.
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { claimLinkEmails, importMap, users } from '#db/schema.ts'
import { claimAccount, createClaimLink, findClaim } from '#app/models/claims.server.ts'
import { deliverDueEmails, queueClaimLinkEmails, startEmailJob } from '#app/models/email.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import { makeUser } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'
import { smtpSettingsFor, startTestSmtp, type TestSmtp } from '#tests/fixtures/smtp.ts'

let smtp: TestSmtp
beforeAll(async () => {
  smtp = await startTestSmtp()
})
afterAll(() => smtp.close())

const admin = makeUser({ role: 'admin' })
let sourceId = 1000

/** An account as an importer leaves it: no password, in import_map, with the given address. */
function imported(email?: string) {
  const user = makeUser()
  sourceId++
  db.update(users)
    .set({ email: email ?? `imported-${sourceId}@old.example.invalid` })
    .where(eq(users.id, user.id))
    .run()
  db.insert(importMap)
    .values({
      source: 'old.example',
      kind: 'user',
      sourceId,
      targetId: user.id,
      importedAt: Date.now(),
    })
    .run()
  return user
}

const recipients = () =>
  smtp.received.map((mail) => (mail.to && 'text' in mail.to ? mail.to.text : ''))

describe('claim links by e-mail', () => {
  it('sends nothing while SMTP is not configured', async () => {
    imported('early@example.test')
    expect(queueClaimLinkEmails()).toBe(0)
    expect(await deliverDueEmails()).toEqual({ sent: 0, failed: 0 })
    expect(db.select().from(claimLinkEmails).all()).toEqual([])
  })

  it('mails each imported, unclaimed account with an address one working link, once', async () => {
    const ann = imported('ann@example.test')
    imported() // a placeholder address: nobody to mail
    makeUser() // made here, not imported
    const claimed = imported('claimed@example.test')
    db.update(users).set({ passwordHash: 'set' }).where(eq(users.id, claimed.id)).run()

    updateSiteSettings(admin, {
      smtp: smtpSettingsFor(smtp),
    })
    // The e-mail job's tick: claim links are queued and delivered in the same pass.
    const job = startEmailJob({ intervalMs: 3_600_000 })
    try {
      await job.runOnce()
      expect(recipients().sort()).toEqual(['ann@example.test', 'early@example.test'])
      const mail = smtp.received[recipients().indexOf('ann@example.test')]!
      expect(mail.subject).toBe('Your posts have moved to Peerdesk: claim your account')
      const url = /https?:\/\/\S+\/claim\/([\w-]+)/.exec(mail.text ?? '')
      expect(url).not.toBeNull()
      expect(mail.html).toContain(`href="${url![0]}"`)
      // The link claims Ann's account.
      expect(findClaim(url![1]!)).toMatchObject({ userId: ann.id, handle: ann.handle })

      // The next tick sends nothing: every account was mailed once.
      smtp.received.length = 0
      await job.runOnce()
      expect(smtp.received).toEqual([])
      expect(
        db
          .select({ userId: claimLinkEmails.userId })
          .from(claimLinkEmails)
          .all()
          .map((r) => r.userId),
      ).toHaveLength(2)

      await claimAccount(url![1]!, { email: 'ann@example.test', password: 'a long new password' })
      expect(findClaim(url![1]!)).toBeNull()
    } finally {
      await job.stop()
    }
  })

  it('mails a bounded batch a tick, and newly imported accounts on later ticks', async () => {
    smtp.received.length = 0
    const batch = [1, 2, 3].map((n) => imported(`batch${n}@example.test`))
    expect(queueClaimLinkEmails(Date.now(), 2)).toBe(2)
    expect(queueClaimLinkEmails(Date.now(), 2)).toBe(1)
    expect(queueClaimLinkEmails(Date.now(), 2)).toBe(0)
    expect(await deliverDueEmails()).toEqual({ sent: 3, failed: 0 })
    expect(recipients().sort()).toEqual(batch.map((_, i) => `batch${i + 1}@example.test`))
  })

  it('leaves the admin command working: its new link replaces the mailed one', () => {
    const bob = imported('bob@example.test')
    queueClaimLinkEmails()
    const printed = createClaimLink(bob.handle)
    expect(findClaim(printed.token)).toMatchObject({ userId: bob.id })
    expect(queueClaimLinkEmails()).toBe(0) // and no second e-mail
  })

  it('finds the next accounts by index, whatever the community', () => {
    imported('carol@example.test')
    const plans = plansOf(() => queueClaimLinkEmails())
    const seek = plans.find((p) => /FROM users u INDEXED BY users_claimable_idx/.test(p.sql))
    expect(seek?.plan).toMatch(/^SEARCH u USING (COVERING )?INDEX users_claimable_idx \(id>\?\)/)
    expect(seek?.plan).toMatch(
      /SEARCH im EXISTS USING COVERING INDEX import_map_target_idx \(kind=\? AND target_id=\?\)/,
    )
    for (const { plan } of plans) expect(scansIn(plan, ['u', 'im'])).toEqual([])
  })
})
