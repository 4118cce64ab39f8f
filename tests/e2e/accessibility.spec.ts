// WCAG 2.2 AA checks with axe on the main pages, keyboard-only use, and phones at 360 px.
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { askQuestion, expect, logIn, signUp, test, uniqueHandle } from './fixtures.ts'

const member = DEMO_LOGINS.find((l) => l.handle === 'alex')!

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

async function mainPages(page: Page) {
  await page.goto('/questions?tab=resolved')
  const thread = (await page.locator('.question-row h3 a').first().getAttribute('href'))!
  return [
    '/',
    '/questions',
    thread,
    '/search?q=doorbell+chime',
    '/tags',
    '/tags/doorbell',
    '/users/priya_k',
    '/experts',
    '/badges',
    '/login',
    '/signup',
  ]
}

test('the main pages have no serious or critical axe violations', async ({ page }) => {
  for (const path of await mainPages(page)) {
    await page.goto(path)
    expect(await seriousViolations(page), path).toEqual([])
  }
  await logIn(page, member)
  for (const path of ['/questions/ask', '/notifications', `/users/${member.handle}/edit`]) {
    await page.goto(path)
    expect(await seriousViolations(page), path).toEqual([])
  }
})

test('a keyboard-only user can answer, vote and accept', async ({ page, browser }) => {
  // The asker (signed up with the mouse) owns a question; a helper answers with the keyboard.
  const asker = await browser.newPage()
  await signUp(asker, 'kbasker')
  const path = await askQuestion(asker, {
    title: `Keyboard test: thermostat shows E4 ${uniqueHandle('k')}`,
    body: 'The display shows E4 after the heating comes on, then the relay clicks twice.',
    tags: 'thermostat',
  })

  await logIn(page, member)
  await page.goto(path)
  const box = page.getByRole('textbox', { name: 'Your answer' })
  // Tab from the page's start until the answer box has focus.
  await page.locator('body').focus()
  for (let i = 0; i < 80 && !(await box.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab')
  }
  await expect(box).toBeFocused()
  await page.keyboard.type(
    'E4 means the relay saw no current: check the R wire is seated in its terminal.',
  )
  await page.keyboard.press('Tab')
  await expect(page.getByRole('button', { name: 'Post your answer' })).toBeFocused()
  await page.keyboard.press('Enter')
  const answer = page.getByRole('article', { name: /^Answer by/ })
  await expect(answer).toBeVisible()

  // The asker upvotes the question? No: votes need reputation. The asker accepts by keyboard.
  await asker.reload()
  const accept = asker.getByRole('button', { name: 'Accept answer' })
  await accept.focus()
  await expect(accept).toBeFocused()
  await asker.keyboard.press('Enter')
  await expect(asker.getByText('Accepted answer')).toBeVisible()

  // Focus is visible: the focused control draws an outline.
  const upvote = page
    .getByRole('region', { name: 'Question' })
    .getByRole('button', { name: 'Upvote' })
  await upvote.focus()
  const outline = await upvote.evaluate((el) => getComputedStyle(el).outlineStyle)
  expect(outline).not.toBe('none')
  await page.keyboard.press('Enter')
  await expect(upvote).toHaveAttribute('aria-pressed', 'true')
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  test('no page scrolls sideways at 360 px; the thread page is photographed at 360 and 1280 px', async ({
    page,
  }, testInfo) => {
    for (const path of await mainPages(page)) {
      await page.goto(path)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      )
      expect(overflow, path).toBeLessThanOrEqual(0)
    }
    const thread = (await mainPages(page))[2]!
    await page.goto(thread)
    await page.screenshot({ path: testInfo.outputPath('thread-360.png'), fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.screenshot({ path: testInfo.outputPath('thread-1280.png'), fullPage: true })
    await testInfo.attach('thread at 360 px', {
      path: testInfo.outputPath('thread-360.png'),
      contentType: 'image/png',
    })
    await testInfo.attach('thread at 1280 px', {
      path: testInfo.outputPath('thread-1280.png'),
      contentType: 'image/png',
    })
  })
})
