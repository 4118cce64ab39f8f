// A moderator locks a thread: the answer box is gone with the reason shown, for members and for
// visitors (whose cached copy of the page is dropped), until the moderator unlocks it.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { askQuestion, expect, logIn, newPage, signUp, test } from './fixtures.ts'

const moderator = DEMO_LOGINS.find((l) => l.role === 'moderator')!
const REASON = 'Two members kept trading insults here'

test('a moderator locks a thread and the answer box is gone with the reason shown', async ({
  page,
  browser,
}) => {
  await signUp(page, 'locked')
  const threadPath = await askQuestion(page, {
    title: 'Why does the hub forget its pairing every morning?',
    body: 'Each morning the hub has forgotten every paired sensor and I pair them all again.',
    tags: 'hub',
  })
  const visitor = await newPage(browser)
  await visitor.goto(threadPath) // fills the page cache for visitors
  await expect(visitor.getByRole('textbox', { name: 'Your answer' })).toHaveCount(0)

  const mod = await newPage(browser)
  await logIn(mod, moderator)
  await mod.goto(threadPath)
  await mod.locator('summary', { hasText: 'Lock this thread' }).click()
  await mod.getByLabel('Why lock it (shown on the thread)').fill(REASON)
  await mod.getByRole('button', { name: 'Lock', exact: true }).click()
  await expect(mod.getByRole('button', { name: 'Unlock' })).toBeVisible()
  await expect(mod.getByRole('region', { name: 'Moderation history' })).toContainText(
    `@${moderator.handle} lock: ${REASON}`,
  )

  await page.reload()
  await expect(page.getByText(`Locked by a moderator: ${REASON}.`)).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toHaveCount(0)
  await expect(page.getByText(/takes no new answers:/)).toContainText(REASON)
  await expect(page.locator('summary', { hasText: 'Add a comment' })).toHaveCount(0)
  await visitor.reload()
  await expect(visitor.getByText(`Locked by a moderator: ${REASON}.`)).toBeVisible()

  await mod.getByRole('button', { name: 'Unlock' }).click()
  await expect(mod.locator('summary', { hasText: 'Lock this thread' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toBeVisible()

  await mod.goto('/mod/log')
  const entries = mod.getByRole('listitem').filter({ hasText: REASON })
  await expect(entries.first()).toContainText(`@${moderator.handle} locked`)
})
