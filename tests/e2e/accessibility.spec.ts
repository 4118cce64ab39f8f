// WCAG 2.2 AA checks with axe on the main pages, keyboard-only use, and phones at 360 px.
// One test per page: each costs a page load and one axe run (seconds), so none nears its timeout.
import type { APIRequestContext, Page } from '@playwright/test'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { guardFields, uniqueHandle } from './fixtures.ts'
import { expect, seriousViolations, test } from './axe.ts'
import { signupLinkFor } from './db.ts'

const member = DEMO_LOGINS.find((l) => l.handle === 'alex')!

/** Stands for the first thread on the Resolved tab (other tests add threads meanwhile). */
const RESOLVED_THREAD = 'a resolved thread'

/** The main pages, logged out. */
const PAGES = [
  '/',
  '/questions',
  RESOLVED_THREAD,
  '/search?q=doorbell+chime',
  '/tags',
  '/tags/doorbell',
  '/users/priya_k',
  '/experts',
  '/badges',
  '/login',
  '/signup',
  '/password-reset',
]

/** The main pages for a logged-in member. */
const MEMBER_PAGES = ['/questions/ask', '/notifications', `/users/${member.handle}/edit`]

/** Opens a page of the tables above; the page must answer, not fail. */
async function open(page: Page, path: string, resolvedThread: () => Promise<string>) {
  const url = path === RESOLVED_THREAD ? await resolvedThread() : path
  const response = await page.goto(url)
  expect(response?.status(), url).toBeLessThan(400)
  return url
}

/** Signs a fresh account up and posts its question, as the forms would; returns the thread's path. */
async function signUpAndAsk(
  request: APIRequestContext,
  baseURL: string,
  question: { title: string; body: string; tags: string },
) {
  const headers = { Origin: baseURL } // the CSRF guard wants the Origin a browser sends
  const handle = uniqueHandle('kbasker')
  const account = { handle, email: `${handle}@example.test`, password: 'correct horse battery' }
  const signedUp = await request.post('/signup', {
    form: { ...account, ...(await guardFields(request, '/signup')) },
    headers,
    maxRedirects: 0,
  })
  if (signedUp.status() === 200) {
    // E-mail is on (site-settings.spec.ts turns it on for a while): finish through the link.
    const confirmed = await request.post(await signupLinkFor(account.email), {
      form: { handle },
      headers,
      maxRedirects: 0,
    })
    expect(confirmed.status(), 'sign-up link').toBe(302)
  } else expect(signedUp.status(), 'sign-up').toBe(302)
  const asked = await request.post('/questions/ask', {
    form: { ...question, ...(await guardFields(request, '/questions/ask')) },
    headers,
    maxRedirects: 0,
  })
  expect(asked.status(), 'question').toBe(302)
  return new URL(asked.headers()['location']!, baseURL).pathname
}

test.describe('no serious or critical axe violations', () => {
  for (const path of PAGES) {
    test(path, async ({ page, resolvedThread }) => {
      const url = await open(page, path, resolvedThread)
      expect(await seriousViolations(page), url).toEqual([])
    })
  }

  test.describe('logged in as a member', () => {
    test.use({ loggedInAs: member })
    for (const path of MEMBER_PAGES) {
      test(path, async ({ page, resolvedThread }) => {
        const url = await open(page, path, resolvedThread)
        // The stored session still holds: this is the member's page, not the log-in form.
        await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible()
        expect(await seriousViolations(page), url).toEqual([])
      })
    }
  })
})

test.describe('a keyboard-only user', () => {
  test.use({ loggedInAs: member })

  test('can answer, vote and accept', async ({ page, browser, baseURL }) => {
    // The asker owns a question; the member answers with the keyboard. The asker's sign-up and
    // question are set-up, not under test (thread-story.spec.ts covers them in the browser):
    // plain form posts, in the asker's own browser context so its session cookie is kept.
    const askerContext = await browser.newContext({ baseURL, storageState: undefined })
    const path = await signUpAndAsk(askerContext.request, baseURL!, {
      title: `Keyboard test: thermostat shows E4 ${uniqueHandle('k')}`,
      body: 'The display shows E4 after the heating comes on, then the relay clicks twice.',
      tags: 'thermostat',
    })

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
    const asker = await askerContext.newPage()
    await asker.goto(path)
    const accept = asker.getByRole('button', { name: 'Accept answer' })
    await accept.focus()
    await expect(accept).toBeFocused()
    await asker.keyboard.press('Enter')
    await expect(asker.getByText('Accepted answer')).toBeVisible()
    await askerContext.close()

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
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true })

  // One test for all pages: each check is a page load and one measurement, no axe run.
  test('no page scrolls sideways at 360 px', async ({ page, resolvedThread }) => {
    for (const path of PAGES) {
      const url = await open(page, path, resolvedThread)
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      )
      expect(overflow, url).toBeLessThanOrEqual(0)
    }
  })

  test('the thread page is photographed at 360 and 1280 px', async ({
    page,
    resolvedThread,
  }, testInfo) => {
    await open(page, RESOLVED_THREAD, resolvedThread)
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
