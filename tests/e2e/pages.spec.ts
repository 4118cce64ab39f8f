import { expect, test } from './fixtures.ts'

test('an unknown thread is a real 404 page', async ({ page }) => {
  const response = await page.goto('/questions/999999/nothing-here')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
})

test('a wrong or missing slug answers 301 to the canonical address', async ({ page, request }) => {
  await page.goto('/questions')
  const href = await page.locator('.question-row h3 a').first().getAttribute('href')
  const id = href!.split('/')[2]
  for (const path of [`/questions/${id}`, `/questions/${id}/wrong-slug`]) {
    const response = await request.get(path, { maxRedirects: 0 })
    expect(response.status()).toBe(301)
    expect(response.headers().location).toBe(href)
  }
})

test('lists filter by tab and tag, and tags link to their pages', async ({ page }) => {
  await page.goto('/questions?tab=unanswered')
  await expect(page.getByRole('link', { name: 'Unanswered' })).toHaveAttribute(
    'aria-current',
    'page',
  )
  for (const stats of await page.locator('.question-row .answers strong').allTextContents()) {
    expect(stats).toBe('0')
  }
  await page.goto('/tags')
  const tag = page.locator('.tag-grid .tag').first()
  const name = (await tag.textContent())!
  await tag.click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name)
  const rows = page.locator('.question-row')
  expect(await rows.count()).toBeGreaterThan(0)
  for (const tags of await rows.locator('.tags').allTextContents()) expect(tags).toContain(name)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a thread page is fully readable and a visitor can log in', async ({ page }) => {
    await page.goto('/questions?tab=resolved')
    await page.locator('.question-row h3 a').first().click()
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expect(page.locator('.answer').first()).toBeVisible()
    await expect(page.getByText(/Official answer|Accepted answer/).first()).toBeVisible()
  })
})
