import { askQuestion, expect, signUp, test, uniqueHandle } from './fixtures.ts'

test('an author edits their question; the thread shows "edited" and the history keeps both', async ({
  page,
}) => {
  await signUp(page, 'editor')
  const title = `Thermo schedule ignores the weekend ${uniqueHandle('e')}`
  await askQuestion(page, {
    title,
    body: 'My weekend schedule starts heating at 6:00 like on weekdays.',
    tags: 'thermostat',
  })
  await page.getByRole('link', { name: 'Edit', exact: true }).first().click()
  await page
    .getByLabel('Body')
    .fill('My weekend schedule starts heating at 6:00 like on weekdays. Firmware 2.14.')
  await page.getByLabel('Edit summary').fill('added firmware version')
  await page.getByRole('button', { name: 'Save edits' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText('Firmware 2.14.')).toBeVisible()
  await page.getByRole('link', { name: /edited/ }).click()
  await expect(page.getByRole('heading', { name: 'Revision 2' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Revision 1 (original)' })).toBeVisible()
  await expect(page.getByText('added firmware version')).toBeVisible()
  await expect(page.locator('ins').first()).toContainText('Firmware 2.14.')
})
