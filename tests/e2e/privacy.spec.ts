// Privacy: a member downloads their data from their profile's edit page, then deletes their
// account there. They are logged out, their answer stays on the thread as from "deleted user",
// and their old e-mail and password no longer log anyone in.
import fs from 'node:fs'
import { answerQuestion, askQuestion, expect, newPage, signUp, test } from './fixtures.ts'

test('a member downloads their data and deletes their account', async ({ page, browser }) => {
  await signUp(page, 'privasker')
  const threadPath = await askQuestion(page, {
    title: 'Why does the thermostat drift two degrees overnight?',
    body: 'Every morning the thermostat shows two degrees more than the room really is.',
    tags: 'thermostat',
  })

  const leaver = await newPage(browser)
  const account = await signUp(leaver, 'leaver')
  const words = `Recalibrate it from the installer menu, then wait a day (${account.handle}).`
  await answerQuestion(leaver, threadPath, account.handle, words)

  // The download: a JSON attachment with their answer's Markdown and their e-mail address.
  await leaver.goto(`/users/${account.handle}/edit`)
  const downloading = leaver.waitForEvent('download')
  await leaver.getByRole('link', { name: 'Download my data' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/\.json$/)
  const data = JSON.parse(fs.readFileSync(await download.path(), 'utf8'))
  expect(data.profile).toMatchObject({ handle: account.handle, email: account.email })
  expect(data.answers.map((a: { bodyMd: string }) => a.bodyMd)).toEqual([words])

  // A wrong password is refused on its field, and nothing happens.
  const form = leaver.getByRole('region', { name: 'Delete your account' })
  await form.getByLabel('Your handle').fill(account.handle)
  await form.getByLabel('Your password').fill('not the password at all')
  await form.getByRole('button', { name: 'Delete my account' }).click()
  await expect(form.getByText('That is not your password')).toBeVisible()
  await expect(leaver.getByRole('button', { name: 'Log out' })).toBeVisible()

  await form.getByLabel('Your handle').fill(account.handle)
  await form.getByLabel('Your password').fill(account.password)
  await form.getByRole('button', { name: 'Delete my account' }).click()
  await expect(
    leaver.getByRole('banner').getByRole('link', { name: 'Log in', exact: true }),
  ).toBeVisible()

  // The answer stays, from "deleted user", with no link to a profile.
  await page.goto(threadPath)
  const answer = page.getByRole('article', { name: 'Answer by deleted user' })
  await expect(answer).toContainText('Recalibrate it from the installer menu')
  await expect(answer.locator('.post-author')).toContainText('deleted user')
  await expect(answer.locator(`a[href="/users/${account.handle}"]`)).toHaveCount(0)
  expect((await page.request.get(`/users/${account.handle}`)).status()).toBe(404)

  // The old credentials log no one in.
  await leaver.goto('/login')
  await leaver.getByLabel('Email').fill(account.email)
  await leaver.getByLabel('Password').fill(account.password)
  await leaver.getByRole('button', { name: 'Log in' }).click()
  await expect(leaver.getByText('That email and password do not match an account.')).toBeVisible()
  await expect(leaver.getByRole('button', { name: 'Log out' })).toHaveCount(0)
})
