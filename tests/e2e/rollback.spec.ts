import type { Page } from '@playwright/test'
import { seriousViolations } from './axe.ts'
import { answerQuestion, askQuestion, expect, signUp, test, uniqueHandle } from './fixtures.ts'

const ORIGINAL_BODY = 'My weekend schedule starts heating at 6:00 like on weekdays.'
const EDITED_BODY = 'The heating runs on weekday times all week; the app shows no weekend at all.'

/** The history's entry for one revision, found by its heading. */
const revision = (page: Page, heading: string) =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: heading }) })

test('an author rolls their edited question back to the original; the rollback is a revision', async ({
  page,
}) => {
  await signUp(page, 'rollback')
  const title = `Thermostat skips the weekend schedule ${uniqueHandle('r')}`
  await askQuestion(page, { title, body: ORIGINAL_BODY, tags: 'thermostat' })
  await page.getByRole('link', { name: 'Edit', exact: true }).first().click()
  await page.getByLabel('Body').fill(EDITED_BODY)
  await page.getByRole('button', { name: 'Save edits' }).click()
  await expect(page.getByText(EDITED_BODY)).toBeVisible()

  await page.getByRole('link', { name: /edited/ }).click()
  // The current revision has nothing to roll back to; the original has.
  await expect(revision(page, 'Revision 2').getByRole('button', { name: 'Roll back' })).toHaveCount(
    0,
  )
  expect(await seriousViolations(page)).toEqual([])
  const original = revision(page, 'Revision 1 (original)')
  await original.getByLabel('Why roll back (optional)').fill('the first version was clearer')
  await original.getByRole('button', { name: 'Roll back' }).click()

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText(ORIGINAL_BODY)).toBeVisible()
  await expect(page.getByText(EDITED_BODY)).toHaveCount(0)

  await page.getByRole('link', { name: /edited/ }).click()
  const rollback = revision(page, 'Revision 3')
  await expect(rollback).toContainText('Rolled back to revision 1: the first version was clearer')
  await expect(rollback.locator('ins')).toContainText('6:00 like on weekdays')
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('an answerer rolls back their answer; a stranger gets no Roll back button', async ({
    page,
    browser,
  }) => {
    await signUp(page, 'asker')
    const threadPath = await askQuestion(page, {
      title: `Doorbell chime stays silent ${uniqueHandle('d')}`,
      body: 'The doorbell camera rings on the phone but the indoor chime stays silent.',
      tags: 'doorbell',
    })
    const stranger = await browser.newContext({ javaScriptEnabled: false })
    const strangerPage = await stranger.newPage()
    const answerer = await signUp(strangerPage, 'answerer')
    const answerText = 'Set the chime type to mechanical in the app, then power-cycle it.'
    const answer = await answerQuestion(strangerPage, threadPath, answerer.handle, answerText)
    const answerId = await answer.getAttribute('id')
    await answer.getByRole('link', { name: 'Edit', exact: true }).click()
    await strangerPage
      .getByLabel('Your answer')
      .fill('Replace the chime transformer with a 16 V one.')
    await strangerPage.getByRole('button', { name: 'Save edits' }).click()
    await strangerPage
      .locator(`#${answerId}`)
      .getByRole('link', { name: /edited/ })
      .click()
    const historyPath = new URL(strangerPage.url()).pathname

    // The asker is neither the answer's author nor a moderator.
    await page.goto(historyPath)
    await expect(page.getByRole('heading', { name: 'Revision 1 (original)' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Roll back' })).toHaveCount(0)

    await revision(strangerPage, 'Revision 1 (original)')
      .getByRole('button', { name: 'Roll back' })
      .click()
    await expect(strangerPage.locator(`#${answerId}`)).toContainText(answerText)
    await stranger.close()
  })
})
