// A moderator closes a question as a duplicate of another through the thread page, then reopens it.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { askQuestion, expect, logIn, newPage, signUp, test, uniqueHandle } from './fixtures.ts'

const omar = DEMO_LOGINS.find((l) => l.handle === 'omar')!

test('a moderator closes a question as a duplicate (the page links the original and takes no answers), then reopens it', async ({
  browser,
}) => {
  // A customer asks the same thing twice.
  const asker = await newPage(browser)
  await signUp(asker, 'twice')
  const tag = uniqueHandle('c')
  const originalTitle = `Camera goes offline every night at two ${tag}`
  const originalPath = await askQuestion(asker, {
    title: originalTitle,
    body: 'The garden camera shows offline from about 2:00 until I power-cycle it in the morning.',
    tags: 'camera',
  })
  const duplicateTitle = `Garden camera offline each night, needs a restart ${tag}`
  const duplicatePath = await askQuestion(asker, {
    title: duplicateTitle,
    body: 'Every morning the garden camera is offline again and only a power cycle brings it back.',
    tags: 'camera',
  })

  // The asker (1 reputation) sees what it takes, and no form.
  await asker.locator('summary', { hasText: 'Close' }).click()
  await expect(asker.getByText('You need 3,000 reputation to vote to close.')).toBeVisible()
  await expect(asker.getByRole('button', { name: 'Vote to close' })).toHaveCount(0)

  // The moderator closes it at once, pointing at the original by its link.
  const mod = await newPage(browser)
  await logIn(mod, omar)
  await mod.goto(duplicatePath)
  await mod.locator('summary', { hasText: 'Close' }).click()
  await expect(mod.getByText('0 of 3 votes to close')).toBeVisible()
  await mod.getByRole('radio', { name: 'Duplicate', exact: true }).check()
  // The search behind "Duplicate of" offers the original among the threads most like this one.
  const originalId = originalPath.split('/')[2]
  await expect(mod.getByRole('list', { name: 'Possible originals' })).toContainText(
    `#${originalId} ${originalTitle}`,
  )
  await mod.getByLabel('Duplicate of').fill(originalPath)
  await mod.getByRole('button', { name: 'Vote to close' }).click()

  await expect(mod.getByText('Duplicate', { exact: true })).toBeVisible() // the status badge
  const closedNotice = mod.locator('header .notice')
  await expect(closedNotice).toContainText('Closed: Duplicate.')
  await expect(mod.getByText(/This question is closed: Duplicate\./)).toBeVisible()
  await expect(mod.getByRole('textbox', { name: 'Your answer' })).toHaveCount(0)
  await expect(mod.getByRole('button', { name: 'Post your answer' })).toHaveCount(0)
  await expect(mod.getByRole('button', { name: 'Vote to close' })).toHaveCount(0)

  // The asker sees the same, and the link leads to the original.
  await asker.reload()
  await expect(asker.getByRole('textbox', { name: 'Your answer' })).toHaveCount(0)
  await asker.locator('header .notice').getByRole('link', { name: originalTitle }).click()
  await expect(asker.getByRole('heading', { level: 1, name: originalTitle })).toBeVisible()
  expect(new URL(asker.url()).pathname).toBe(originalPath)
  await expect(asker.getByRole('textbox', { name: 'Your answer' })).toBeVisible()

  // The moderator reopens it: the closed notice goes and it takes answers again.
  await mod.getByText('Reopen this question').click()
  await mod.getByLabel('Why reopen it (for the moderation log)').fill('Not the same problem.')
  await mod.getByRole('button', { name: 'Reopen', exact: true }).click()
  await expect(mod.getByRole('textbox', { name: 'Your answer' })).toBeVisible()
  await expect(mod.locator('header .notice')).toHaveCount(0)
})
