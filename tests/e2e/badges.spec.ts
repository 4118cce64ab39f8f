import { expect, test } from './fixtures.ts'

test('a visitor sees every badge, then who holds one in the demo community', async ({ page }) => {
  await page.goto('/badges')
  await expect(page.getByRole('heading', { level: 1, name: 'Badges' })).toBeVisible()
  for (const tier of ['Gold badges', 'Silver badges', 'Bronze badges']) {
    await expect(page.getByRole('heading', { level: 2, name: tier })).toBeVisible()
  }
  const expert = page.locator('.badges-list > li', { hasText: 'Citizen expert' })
  await expect(expert).toContainText('Reached 1,000 reputation')
  await expect(expert).toContainText(/[1-9]\d* holders?/)

  await expert.getByRole('link', { name: /Citizen expert/ }).click()
  await expect(page).toHaveURL(/\/badges\/citizen-expert$/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Citizen expert')
  const holders = page.getByRole('list', { name: 'Holders, newest first' })
  await expect(holders.getByRole('link', { name: 'Priya Kapoor' })).toBeVisible()
  await expect(holders.getByRole('link', { name: 'Ben Adeyemi' })).toBeVisible()

  // A badge earned by an answer links to the thread it was earned in.
  await page.goto('/badges/problem-solver')
  const first = page.getByRole('list', { name: 'Holders, newest first' }).getByRole('listitem')
  await expect(first.first().locator('a[href^="/questions/"]')).toBeVisible()

  const missing = await page.goto('/badges/no-such-badge')
  expect(missing?.status()).toBe(404)
})
