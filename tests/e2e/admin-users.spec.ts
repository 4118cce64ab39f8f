// An admin makes a member a moderator at /admin/users; the change is on the moderation log,
// which the new moderator can now read; members and visitors are kept out of both pages.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { expect, logIn, newPage, signUp, test } from './fixtures.ts'

const admin = DEMO_LOGINS.find((l) => l.role === 'admin')!

test('an admin makes a member a moderator, and it is on the moderation log', async ({
  page,
  browser,
}) => {
  const memberPage = await newPage(browser)
  const member = await signUp(memberPage, 'newmod')
  await memberPage.goto('/mod/log')
  await expect(memberPage.getByText('This page is for moderators.')).toBeVisible()

  await logIn(page, admin)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Roles' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Members and roles' })).toBeVisible()
  await page.getByLabel('Find a member by handle or e-mail').fill(member.handle.slice(0, 10))
  await page.getByRole('button', { name: 'Find' }).click()
  const row = page.getByRole('listitem', { name: member.handle })
  await expect(row).toContainText('Member')
  await row.getByLabel(`Role of ${member.handle}`).selectOption('moderator')
  await row.getByLabel('Reason (optional)').fill('Runs the router tag with care')
  await row.getByRole('button', { name: 'Change role' }).click()
  await expect(row.getByRole('status')).toHaveText(
    `${member.handle} is now moderator (was member).`,
  )
  await expect(row).toContainText('Moderator')

  await memberPage.reload()
  await expect(memberPage.getByRole('heading', { level: 1, name: 'Moderation log' })).toBeVisible()
  const entry = memberPage
    .getByRole('listitem')
    .filter({ hasText: `@${member.handle}` })
    .first()
  await expect(entry).toContainText(`@${admin.handle} changed the role of @${member.handle}`)
  await expect(entry).toContainText('role: member → moderator')
  await expect(entry).toContainText('Runs the router tag with care')
  await memberPage.goto('/admin/users')
  await expect(memberPage.getByText('This page is for admins.')).toBeVisible()
})

test('a visitor is sent to log in first', async ({ page }) => {
  await page.goto('/admin/users')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fadmin%2Fusers/)
})

test('the last admin cannot give up their own role', async ({ page }) => {
  await logIn(page, admin)
  await page.goto(`/admin/users?q=${encodeURIComponent(admin.handle)}`)
  const row = page.getByRole('listitem', { name: admin.handle })
  await row.getByLabel(`Role of ${admin.handle}`).selectOption('member')
  await row.getByRole('button', { name: 'Change role' }).click()
  await expect(row.getByRole('alert')).toContainText('You are the last admin')
  await expect(row).toContainText('Admin')
})
