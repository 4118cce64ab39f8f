// The forms no other spec fills: profile, answer edit, flag, notifications, a refused log-in.
// Each test signs up its own accounts (sign-up allows 20 an hour from one IP for the whole run).
import { request as playwrightRequest } from '@playwright/test'
import * as people from './fixtures.ts'

const { expect, test, uniqueHandle } = people
const { answerQuestion, askQuestion, logOut, newPage, openCommentBox, signUp } = people

test('a member edits their profile from "Edit profile"; the new name is on it and on their cached thread', async ({
  page,
  baseURL,
}) => {
  const account = await signUp(page, 'profile')
  // A logged-out reader has the member's thread from the page cache…
  const threadPath = await askQuestion(page, {
    title: `Hub LED blinks amber after the update ${uniqueHandle('p')}`,
    body: 'Since the last update the LED on the hub blinks amber and the app says offline.',
    tags: 'hub',
  })
  const reader = await playwrightRequest.newContext({ baseURL })
  await reader.get(threadPath)
  await reader.get(threadPath)
  expect((await reader.get(threadPath)).headers()['x-cache']).toBe('HIT')

  await page
    .getByRole('banner')
    .getByRole('link', { name: new RegExp(account.handle) })
    .click()
  await page.getByRole('link', { name: 'Edit profile' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Edit your profile' })).toBeVisible()

  // A name too short is refused beside its field, with what was typed kept.
  await page.getByLabel('Display name').fill('J')
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByText('Display name must be at least 2 characters')).toBeVisible()
  await expect(page.getByLabel('Display name')).toHaveValue('J')

  await page.getByLabel('Display name').fill('Jo Installer')
  await page.getByLabel('Bio').fill('Two thermostats, one hub, a lot of patience.')
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page).toHaveURL(new RegExp(`/users/${account.handle}$`))
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Jo Installer')
  await expect(page.getByText('Two thermostats, one hub, a lot of patience.')).toBeVisible()

  // …and gets it afresh, with the new name, once the name changed.
  const after = await reader.get(threadPath)
  expect(after.headers()['x-cache']).toBe('MISS')
  expect(await after.text()).toContain('Jo Installer')
  await reader.dispose()
})

test('an answerer edits their answer; the asker reads the notification and marks all read', async ({
  browser,
}) => {
  const asker = await newPage(browser)
  const helper = await newPage(browser)
  await signUp(asker, 'notified')
  const threadPath = await askQuestion(asker, {
    title: `Smoke alarm chirps after battery change ${uniqueHandle('f')}`,
    body: 'I changed the battery yesterday and the alarm still chirps once a minute.',
    tags: 'smoke-alarm',
  })

  const helperAccount = await signUp(helper, 'editor')
  const answer = await answerQuestion(
    helper,
    threadPath,
    helperAccount.handle,
    'Hold the test button for 15 seconds to clear the low-battery memory.',
  )

  await answer.getByRole('link', { name: 'Edit', exact: true }).click()
  await expect(helper.getByRole('heading', { level: 1, name: 'Edit answer' })).toBeVisible()
  await helper.getByLabel('Your answer').fill('Too short now.')
  await helper.getByRole('button', { name: 'Save edits' }).click()
  await expect(helper.getByText('Your answer must be at least 30 characters')).toBeVisible()
  await helper
    .getByLabel('Your answer')
    .fill(
      'Hold the test button for 15 seconds to clear the low-battery memory, then wait a minute.',
    )
  await helper.getByLabel('Edit summary').fill('added the wait')
  await helper.getByRole('button', { name: 'Save edits' }).click()
  await expect(answer.getByText('then wait a minute.')).toBeVisible()

  // The asker was told about the answer; "Mark all as read" clears the list.
  await asker.goto('/notifications')
  await expect(
    asker.getByRole('link', {
      name: `${helperAccount.handle} answered your question`,
      exact: false,
    }),
  ).toBeVisible()
  await asker.getByRole('button', { name: 'Mark all as read' }).click()
  await expect(asker.getByText('You are all caught up.')).toBeVisible()
  await expect(asker.getByRole('button', { name: 'Mark all as read' })).toHaveCount(0)
  await expect(
    asker.getByRole('banner').getByRole('link', { name: /^Notifications/ }),
  ).not.toHaveAccessibleName(/unread/)
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a member comments on their question and flags an answer elsewhere', async ({ page }) => {
    await signUp(page, 'flagger')
    await askQuestion(page, {
      title: `Garage sensor reports open when shut ${uniqueHandle('g')}`,
      body: 'The garage door sensor says open although the door is shut and the magnet is aligned.',
      tags: 'sensor',
    })
    const question = page.getByRole('region', { name: 'Question' })

    // "Add a comment" opens the box; too short a comment comes back with its text.
    await openCommentBox(question)
    await question.getByRole('textbox', { name: 'Comment' }).fill('Firmware 3.')
    await question.getByRole('button', { name: 'Post comment' }).click()
    await expect(question.getByText('Comment must be at least 15 characters')).toBeVisible()
    await expect(question.getByRole('textbox', { name: 'Comment' })).toHaveValue('Firmware 3.')
    await question.getByRole('textbox', { name: 'Comment' }).fill('The sensor is on firmware 3.2.')
    await question.getByRole('button', { name: 'Post comment' }).click()
    await expect(
      question.getByRole('list', { name: 'Comments' }).getByText('The sensor is on firmware 3.2.'),
    ).toBeVisible()

    // The flag form, on someone else's answer: a reason is needed; then the thread thanks them.
    await page.goto('/questions?tab=resolved')
    await page.locator('.question-row h3 a').first().click()
    const threadPath = new URL(page.url()).pathname
    await page
      .getByRole('article', { name: /^Answer by/ })
      .first()
      .getByRole('button', { name: 'Flag' })
      .click()
    await expect(page.getByRole('heading', { level: 1, name: 'Flag this answer' })).toBeVisible()
    await page.getByRole('button', { name: 'Submit flag' }).click()
    await expect(page.getByText('Choose why this post needs attention')).toBeVisible()
    await page.getByRole('radio', { name: 'Spam or advertising' }).check()
    await page.getByLabel('Details (optional)').fill('Links to a shop selling fake hubs.')
    await page.getByRole('button', { name: 'Submit flag' }).click()
    await expect(page).toHaveURL(new RegExp(`${threadPath}\\?flagged=1$`))
    await expect(
      page.getByRole('status').filter({ hasText: 'Thank you: moderators will review your flag' }),
    ).toBeVisible()
  })
})

test('a wrong password is refused on the form; the ninth try waits, with Retry-After', async ({
  page,
}) => {
  const account = await signUp(page, 'forgetful')
  await logOut(page)
  await page.goto('/login')
  const attempt = async (password: string) => {
    await page.getByLabel('Password').fill(password)
    const response = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/login'),
    )
    await page.getByRole('button', { name: 'Log in' }).click()
    return response
  }
  await page.getByLabel('Email').fill(account.email)
  expect((await attempt('not my password')).status()).toBe(403)
  await expect(page.getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  )
  await expect(page.getByLabel('Email')).toHaveValue(account.email)

  // Eight tries per account in 15 minutes; the ninth is told how long to wait.
  for (let i = 2; i <= 8; i++) expect((await attempt(`guess ${i}`)).status()).toBe(403)
  const refused = await attempt('guess 9')
  expect(refused.status()).toBe(429)
  const wait = Number(await refused.headerValue('Retry-After'))
  expect(Number.isInteger(wait) && wait > 0).toBe(true)
  await expect(page.getByRole('alert')).toContainText(`Try again in ${wait} s`)

  // Even the right password waits until the window has passed.
  await page.getByLabel('Password').fill(account.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert')).toContainText('Try again in')
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0)
})
