// Live updates: the asker keeps the thread open while someone answers in another browser;
// the answer and the unread count arrive without a reload.
import type { Page } from '@playwright/test'
import {
  answerQuestion,
  askQuestion,
  expect,
  newPage,
  openCommentBox,
  signUp,
  test,
  uniqueHandle,
} from './fixtures.ts'

/** The unread count the header link announces ("Notifications, 3 unread"), 0 when none. */
async function unreadCount(page: Page) {
  const label = await page
    .getByRole('banner')
    .getByRole('link', { name: /^Notifications/ })
    .getAttribute('aria-label')
  return Number(/(\d+) unread/.exec(label ?? '')?.[1] ?? 0)
}

/** Marks the page so a reload (which drops the mark) can be told apart from a live update. */
async function markPage(page: Page) {
  await page.evaluate(() => Object.assign(window, { peerdeskNotReloaded: true }))
}
async function stillTheSamePage(page: Page) {
  return page.evaluate(() => 'peerdeskNotReloaded' in window)
}

test('the asker sees a new answer and comment appear, and the unread count rise, without reloading', async ({
  browser,
}) => {
  const asker = await newPage(browser)
  const helper = await newPage(browser)

  await signUp(asker, 'watcher')
  const threadPath = await askQuestion(asker, {
    title: `Thermostat forgets its schedule overnight ${uniqueHandle('t')}`,
    body: 'Every morning the heating schedule is back to the factory default. Wi-Fi is stable.',
    tags: 'thermostat schedule',
  })
  await markPage(asker)
  const before = await unreadCount(asker)

  // Someone else answers, in another browser.
  const helperAccount = await signUp(helper, 'helper')
  const helperAnswer = await answerQuestion(
    helper,
    threadPath,
    helperAccount.handle,
    'Turn off "Eco learning" under Settings > Schedule: it rewrites the schedule at night.',
  )

  // The asker's open page says so, and the header count goes up.
  const bar = asker.getByRole('button', { name: '1 new answer — show' })
  await expect(bar).toBeVisible()
  await expect.poll(() => unreadCount(asker)).toBeGreaterThan(before)
  const answer = asker.getByRole('article', { name: `Answer by ${helperAccount.handle}` })
  await expect(answer).toHaveCount(0)

  await bar.click()
  await expect(answer).toBeVisible()
  await expect(answer).toBeInViewport()
  await expect(bar).toHaveCount(0)

  // A comment works the same way.
  await openCommentBox(helperAnswer)
  await helperAnswer.getByRole('textbox', { name: 'Comment' }).fill('Also check the hub time zone.')
  await helperAnswer.getByRole('button', { name: 'Post comment' }).click()
  await expect(helperAnswer.getByText('Also check the hub time zone.')).toBeVisible()

  const commentBar = asker.getByRole('button', { name: '1 new comment — show' })
  await expect(commentBar).toBeVisible()
  await commentBar.click()
  await expect(answer.getByText('Also check the hub time zone.')).toBeVisible()
  expect(await stillTheSamePage(asker)).toBe(true)

  // The notification leads to the answer and is read once followed.
  await asker.getByRole('link', { name: /^Notifications, \d+ unread$/ }).click()
  await expect(asker.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible()
  const unreadBeforeOpening = await unreadCount(asker)
  await asker
    .getByRole('link', { name: `${helperAccount.handle} answered your question`, exact: false })
    .first()
    .click()
  await expect(asker).toHaveURL(/#answer-\d+$/)
  await expect(answer).toBeVisible()
  await expect.poll(() => unreadCount(asker)).toBe(unreadBeforeOpening - 1)
})
