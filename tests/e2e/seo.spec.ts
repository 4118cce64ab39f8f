// What a search engine reads on a thread page, and what it is kept out of.
import { expect, test } from './fixtures.ts'

async function resolvedThreadPath(page: import('@playwright/test').Page) {
  await page.goto('/questions?tab=resolved')
  return (await page.locator('.question-row h3 a').first().getAttribute('href'))!
}

test('a thread page carries its own head tags and QAPage JSON-LD', async ({ page, baseURL }) => {
  const path = await resolvedThreadPath(page)
  await page.goto(path)
  const title = await page.title()
  expect(title).toContain(await page.getByRole('heading', { level: 1 }).textContent())
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.locator('meta[name="viewport"]')).toHaveAttribute(
    'content',
    /width=device-width/,
  )
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${baseURL}${path}`)
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /^.{40,160}$/)
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', title)
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute(
    'content',
    `${baseURL}${path}`,
  )
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary')
  await expect(page.locator('meta[name="robots"]')).toHaveCount(0)

  const jsonLd = JSON.parse(
    (await page.locator('script[type="application/ld+json"]').textContent())!,
  )
  expect(jsonLd['@type']).toBe('QAPage')
  expect(jsonLd.mainEntity.name).toBe(await page.getByRole('heading', { level: 1 }).textContent())
  expect(jsonLd.mainEntity.acceptedAnswer.url).toMatch(
    new RegExp(`^${baseURL}${path}#answer-\\d+$`),
  )
  const answerCount = await page.locator('article.answer').count()
  expect(jsonLd.mainEntity.answerCount).toBe(answerCount)

  // Another thread (other tests add threads meanwhile: pick one by its address) has another title.
  await page.goto('/questions?tab=resolved')
  const hrefs = await page
    .locator('.question-row h3 a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')))
  await page.goto(hrefs.find((href) => href !== path)!)
  await expect(page).toHaveTitle(/ — Peerdesk$/)
  expect(await page.title()).not.toBe(title)
})

test('search results and account pages ask not to be indexed', async ({ page }) => {
  for (const path of ['/search?q=doorbell', '/login', '/signup']) {
    await page.goto(path)
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/)
  }
})
