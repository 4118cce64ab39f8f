// Spam and floods (issue 12, item 8) in the browser: a bot that fills the hidden honeypot is
// refused with a message that does not say why, and nothing it sent is posted. The minimum fill
// time is 0 on this suite's server (playwright.config.ts); its Vitest tests cover it.
import * as people from './fixtures.ts'

const { expect, test, uniqueHandle } = people

test('a filled honeypot on the ask form is refused with a generic message and nothing is posted', async ({
  page,
  signUp,
}) => {
  await signUp('bot')
  await page.goto('/questions/ask')
  const title = `Cheap hubs for sale today only ${uniqueHandle('spam')}`
  await page.getByLabel('Title').fill(title)
  await page
    .getByLabel('Body')
    .fill('Buy cheap replacement hubs from my shop, the best prices anywhere.')
  await page.getByLabel('Tags').fill('hub')
  // People never see the field (off-screen, out of the tab order); a bot fills it.
  const honeypot = page.locator('input[name="website"]')
  await expect(honeypot).not.toBeInViewport()
  await honeypot.fill('https://spam.example', { force: true })
  await page.getByRole('button', { name: 'Post your question' }).click()

  await expect(page.getByText('We could not accept this. Please try again.')).toBeVisible()
  await expect(page.getByLabel('Title')).toHaveValue(title)
  await page.goto('/questions?tab=newest')
  await expect(page.getByRole('link', { name: title })).toHaveCount(0)
})

test('the sign-up form refuses a filled honeypot too, and no account is made', async ({ page }) => {
  await page.goto('/signup')
  const honeypot = page.locator('input[name="website"]')
  await expect(honeypot).toHaveAttribute('tabindex', '-1')
  await expect(page.locator('input[name="formStarted"]')).toHaveValue(/^\d+\.[\w-]{43}$/)
  const handle = uniqueHandle('guard')
  await page.getByLabel('Handle').fill(handle)
  await page.getByLabel('Email').fill(`${handle}@example.test`)
  await page.getByLabel('Password').fill('correct horse battery')
  await honeypot.fill('https://spam.example', { force: true })
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.getByText('We could not accept this. Please try again.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0)
  await page.goto(`/users/${handle}`)
  await expect(page.getByRole('heading', { level: 1, name: handle })).toHaveCount(0)
})
