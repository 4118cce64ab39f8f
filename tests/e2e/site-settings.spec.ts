// An admin runs the site's settings at /admin/settings (issue 13): the first-response target and
// a redaction pattern saved and on the moderation log, a bad value refused by its field, SMTP
// pointed at a real local SMTP server and a test message that arrives; a member chooses how
// they get e-mail on /notifications; other roles are kept out.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { startTestSmtp, type TestSmtp } from '#tests/fixtures/smtp.ts'
import { expect, logIn, newPage, signUp, test } from './fixtures.ts'

const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!
const moderator = DEMO_LOGINS.find((l) => l.role === 'moderator')!

let smtp: TestSmtp

test.beforeAll(async () => {
  smtp = await startTestSmtp()
})

test.afterAll(async ({ browser }) => {
  // The defaults again, e-mail off: the shared e2e server's other tests (the staff queue's
  // breach marks) count on them.
  const page = await newPage(browser)
  await logIn(page, admin)
  await page.goto('/admin/settings')
  await page.getByLabel('First-response target (minutes)').fill('60')
  await page.getByLabel('Experts per round').fill('3')
  await page.getByLabel('Send e-mail notifications').uncheck()
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByRole('status').first()).toContainText(/Saved|Nothing changed/)
  await page.close()
  await smtp.close()
})

test('an admin changes the settings, sees them logged, and sends a test message', async ({
  page,
}) => {
  await logIn(page, admin)
  await page.goto('/admin/settings')
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/settings/i)

  // A bad value: refused by its field, the admin's other input kept.
  await page.getByLabel('First-response target (minutes)').fill('45')
  await page.getByLabel('Experts per round').fill('0')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.locator('#site-settings')).toContainText(
    /greater than or equal to 1|at least 1|too small/i,
  )
  await expect(page.getByLabel('First-response target (minutes)')).toHaveValue('45')

  await page.getByLabel('Experts per round').fill('4')
  const patterns = page.getByLabel('Redaction patterns')
  await patterns.fill(`${await patterns.inputValue()}\nTicket number | \\bTCK-\\d{6}\\b`)
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByRole('status').first()).toContainText('Saved:')
  await expect(page.getByLabel('First-response target (minutes)')).toHaveValue('45')
  await expect(page.getByLabel('Redaction patterns')).toHaveValue(
    /Ticket number \| \\bTCK-\\d\{6\}\\b/,
  )

  // SMTP at the test's own server, then a test message that arrives there.
  await page.getByLabel('Send e-mail notifications').check()
  await page.getByLabel('SMTP host').fill('127.0.0.1')
  await page.getByLabel('SMTP port').fill(String(smtp.port))
  await page.getByLabel('From address').fill('Peerdesk <help@peerdesk.test>')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByRole('status').first()).toContainText('e-mail (SMTP)')
  await expect(page.getByLabel('SMTP password')).toHaveValue('') // never sent back
  await page.getByRole('button', { name: 'Send a test message' }).click()
  await expect(page.getByRole('status').filter({ hasText: /sent/i })).toBeVisible()
  await expect.poll(() => smtp.received.length).toBeGreaterThan(0)
  expect(smtp.received.at(-1)!.from?.text).toContain('help@peerdesk.test')

  await page.goto('/mod/log')
  await expect(
    page.getByRole('listitem').filter({ hasText: 'firstResponseTargetMinutes' }).first(),
  ).toContainText('site settings')
  await expect(page.getByText('firstResponseTargetMinutes: 60 → 45').first()).toBeVisible()
})

test('a member chooses a daily digest on their notifications page', async ({ page }) => {
  await signUp(page, 'digest')
  await page.goto('/notifications')
  await page.getByLabel('Once a day, a digest of what I have not read').check()
  await page.getByRole('button', { name: 'Save e-mail choice' }).click()
  await page.reload()
  await expect(page.getByLabel('Once a day, a digest of what I have not read')).toBeChecked()
})

test('only admins open the settings', async ({ page }) => {
  await page.goto('/admin/settings')
  await expect(page).toHaveURL(/\/login/)
  await logIn(page, moderator)
  const response = await page.goto('/admin/settings')
  expect(response?.status()).toBe(403)
})
