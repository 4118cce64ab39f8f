import { models } from './db.ts'
import { expect, logIn, logOut, test, uniqueHandle } from './fixtures.ts'

test('an imported member claims their account from a one-time link and is logged in', async ({
  page,
}) => {
  // Arrange an imported account (no password) and its link, as the importer and
  // `npm run user:claim-link` make them.
  const m = await models()
  const source = `e2e-${uniqueHandle('site')}.stackexchange.com`
  const summary = m.emptySummary(source)
  const displayName = `Imported ${uniqueHandle('Person')}`
  m.importUsers(
    source,
    [
      {
        line: 3,
        item: {
          id: 42,
          displayName,
          reputation: 1200,
          createdAt: Date.UTC(2018, 4, 1),
          aboutMe: '',
          location: null,
          websiteUrl: null,
          lastAccessAt: null,
        },
      },
    ],
    summary,
  )
  expect(summary.users.created).toBe(1)
  const handle = displayName.replace(/\s+/g, '')
  const link = m.createClaimLink(handle)

  await page.goto(link.path)
  await expect(page.getByRole('heading', { level: 1, name: 'Claim your account' })).toBeVisible()
  await expect(page.getByText(`@${handle}`)).toBeVisible()

  // A too-short password is refused on its field, the e-mail kept.
  const email = `${handle.toLowerCase()}@example.test`
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('short')
  await page.getByRole('button', { name: 'Claim account' }).click()
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible()
  await expect(page.getByLabel('Email')).toHaveValue(email)

  await page.getByLabel('Password').fill('a long new password')
  await page.getByRole('button', { name: 'Claim account' }).click()
  await expect(page).toHaveURL(new RegExp(`/users/${handle}$`))
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()

  // The link is spent; the new credentials work.
  const again = await page.goto(link.path)
  expect(again?.status()).toBe(404)
  await logOut(page)
  await logIn(page, { email, password: 'a long new password' })
})
