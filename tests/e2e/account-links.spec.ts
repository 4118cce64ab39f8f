// Account mail as a person meets it (issue 14: no account enumeration), on a site that sends
// e-mail: its own production server, with SMTP at a real local server. Signing up with a new
// address and with a taken one shows the same page; the new one's link finishes joining, the
// taken one's mail says there is an account. "Forgot your password?" answers a known and an
// unknown address alike; the link sets a new password and the old one stops working.
import Database from 'better-sqlite3'
import type { ParsedMail } from 'mailparser'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { smtpSettingsFor, startTestSmtp, type TestSmtp } from '#tests/fixtures/smtp.ts'
import { expect, test, uniqueHandle } from './fixtures.ts'
import { startOwnSite, type OwnSite } from './own-site.ts'

let site: OwnSite
let smtp: TestSmtp

test.beforeAll(async () => {
  test.setTimeout(120_000)
  smtp = await startTestSmtp()
  site = await startOwnSite()
  // What an admin saves on /admin/settings (that form has its own spec: site-settings.spec.ts).
  const db = new Database(site.databasePath)
  db.prepare(
    `INSERT INTO site_settings (key, value, updated_at) VALUES ('smtp', ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ).run(JSON.stringify(smtpSettingsFor(smtp)), Date.now())
  db.close()
})

test.afterAll(async () => {
  await site?.close()
  await smtp?.close()
})

const member = DEMO_LOGINS.find((l) => l.role === 'member')!

/** The message to this address with this subject, once it has arrived. */
async function mailTo(address: string, subject: string): Promise<ParsedMail> {
  const find = () =>
    smtp.received.find(
      (m) => m.subject === subject && m.to && 'text' in m.to && m.to.text === address,
    )
  await expect.poll(() => find() != null, { timeout: 20_000 }).toBe(true)
  return find()!
}

/** The one-time link in a message, on this test's site (mail links use the site's PUBLIC_URL). */
function linkIn(mail: ParsedMail) {
  const path = mail.text?.match(/\/(?:signup\/confirm|password-reset)\/[\w-]{43}/)?.[0]
  expect(path, mail.text).toBeTruthy()
  return `${site.origin}${path}`
}

async function fillSignup(page: import('@playwright/test').Page, handle: string, email: string) {
  await page.goto(`${site.origin}/signup`)
  await page.getByLabel('Handle').fill(handle)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('correct horse battery')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your e-mail')
  // Only the typed address differs between the two answers.
  return (await page.getByRole('status').innerText()).replace(email, 'ADDRESS')
}

test('a new address and a taken one get the same page; the mail tells them apart', async ({
  page,
}) => {
  const handle = uniqueHandle('joiner')
  const newcomer = `${handle}@example.test`
  const saidToNewcomer = await fillSignup(page, handle, newcomer)
  const saidToHolder = await fillSignup(page, uniqueHandle('copycat'), member.email)
  expect(saidToHolder).toBe(saidToNewcomer)
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0)

  const taken = await mailTo(member.email, 'You already have a Peerdesk account')
  expect(taken.text).toContain('/password-reset')

  // The newcomer's link: a button (a mail scanner following links makes nothing), then in.
  const confirm = await mailTo(newcomer, 'Confirm your e-mail to finish joining Peerdesk')
  await page.goto(linkIn(confirm))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Finish joining')
  await expect(page.getByLabel('Handle')).toHaveValue(handle)
  await page.getByRole('button', { name: 'Create my account' }).click()
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
  await page.goto(`${site.origin}/users/${handle}`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(handle)

  // The link is spent.
  const again = await page.goto(linkIn(confirm))
  expect(again?.status()).toBe(404)
})

test('forgot password: the same answer for anyone; the link sets a new password', async ({
  page,
}) => {
  // The demo member's own account, on this test's own site: nothing else uses it here.
  await page.goto(`${site.origin}/login`)
  await page.getByRole('link', { name: 'Forgot your password?' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Forgot your password?')

  // A bad address is refused on its field.
  await page.getByLabel('Email').fill('not an address')
  await page.getByRole('button', { name: 'Send me a link' }).click()
  await expect(page.getByText('Enter a valid email address')).toBeVisible()

  const ask = async (email: string) => {
    await page.goto(`${site.origin}/password-reset`)
    await page.getByLabel('Email').fill(email)
    await page.getByRole('button', { name: 'Send me a link' }).click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Check your e-mail')
    return (await page.getByRole('status').innerText()).replace(email, 'ADDRESS')
  }
  const nobody = `${uniqueHandle('nobody')}@example.test`
  expect(await ask(nobody)).toBe(await ask(member.email))

  const reset = await mailTo(member.email, 'Choose a new Peerdesk password')
  await page.goto(linkIn(reset))
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password')
  await page.getByLabel('New password').fill('short')
  await page.getByRole('button', { name: 'Save the new password' }).click()
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible()
  await page.getByLabel('New password').fill('a brand new demo password')
  await page.getByRole('button', { name: 'Save the new password' }).click()
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
  await mailTo(member.email, 'Your Peerdesk password was changed')
  expect(smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text === nobody)).toEqual([])

  // The old password no longer logs in; the new one does.
  await page.getByRole('button', { name: 'Log out' }).click()
  await page.goto(`${site.origin}/login`)
  await page.getByLabel('Email').fill(member.email)
  await page.getByLabel('Password').fill(member.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByText('That email and password do not match an account.')).toBeVisible()
  await page.getByLabel('Password').fill('a brand new demo password')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
})
