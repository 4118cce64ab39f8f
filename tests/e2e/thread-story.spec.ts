// The whole story as two people and a staff member would live it.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { askQuestion, expect, logIn, newPage, signUp, test, uniqueHandle } from './fixtures.ts'

const staff = DEMO_LOGINS.find((l) => l.role === 'staff')!

test('ask, answer, vote, accept, mark official: badges and reputation follow the table', async ({
  browser,
}) => {
  const asker = await newPage(browser)
  const answerer = await newPage(browser)
  const maya = await newPage(browser)

  // A customer asks.
  const askerAccount = await signUp(asker, 'asker')
  const title = `Doorbell chime stops after firmware update ${uniqueHandle('t')}`
  const threadPath = await askQuestion(asker, {
    title,
    body: 'Since the update last night the indoor chime stays silent, though the app still rings.',
    tags: 'doorbell firmware',
  })
  await expect(asker.getByText('Open', { exact: true })).toBeVisible()

  // Another customer answers.
  const answererAccount = await signUp(answerer, 'helper')
  await answerer.goto(threadPath)
  await answerer
    .getByRole('textbox', { name: 'Your answer' })
    .fill(
      'Open the app, go to Doorbell > Chime and switch the chime type to "Mechanical", then back.',
    )
  await answerer.getByRole('button', { name: 'Post your answer' }).click()
  const answer = answerer.getByRole('article', { name: `Answer by ${answererAccount.handle}` })
  await expect(answer).toBeVisible()
  await expect(answerer.getByText('Answered', { exact: true })).toBeVisible()

  // A new member cannot upvote yet: the page says what it takes.
  await asker.reload()
  const askerView = asker.getByRole('article', { name: `Answer by ${answererAccount.handle}` })
  await askerView.getByRole('button', { name: 'Upvote' }).click()
  await expect(askerView.getByRole('alert')).toContainText('You need 15 reputation to upvote')
  await expect(askerView.getByRole('button', { name: 'Upvote' })).toHaveAttribute(
    'aria-pressed',
    'false',
  )

  // Staff upvote the answer and the question.
  await logIn(maya, staff)
  await maya.goto(threadPath)
  const mayaView = maya.getByRole('article', { name: `Answer by ${answererAccount.handle}` })
  await mayaView.getByRole('button', { name: 'Upvote' }).click()
  await expect(mayaView.getByRole('button', { name: 'Upvote' })).toHaveAttribute(
    'aria-pressed',
    'true',
  )
  await expect(mayaView.getByLabel('Score 1')).toBeVisible()
  await maya
    .getByRole('region', { name: 'Question' })
    .getByRole('button', { name: 'Upvote' })
    .click()
  await expect(maya.getByRole('region', { name: 'Question' }).getByLabel('Score 1')).toBeVisible()

  // The asker accepts.
  await asker.reload()
  await askerView.getByRole('button', { name: 'Accept answer' }).click()
  await expect(askerView.getByText('Accepted answer')).toBeVisible()
  await expect(asker.getByText('Resolved', { exact: true }).first()).toBeVisible()

  // Staff mark it official.
  await maya.reload()
  await mayaView.getByRole('button', { name: 'Mark as official answer' }).click()
  await expect(mayaView.getByText('Official answer')).toBeVisible()
  await expect(mayaView.getByRole('button', { name: 'Remove official mark' })).toBeVisible()

  // A visitor sees both badges on the answer.
  const visitor = await newPage(browser)
  await visitor.goto(threadPath)
  const visitorView = visitor.getByRole('article', { name: `Answer by ${answererAccount.handle}` })
  await expect(visitorView.getByText('Official answer')).toBeVisible()
  await expect(visitorView.getByText('Accepted answer')).toBeVisible()

  // Reputation as the SPEC's table says: answerer +10 (upvote) +15 (accepted) +25 (official).
  await visitor.goto(`/users/${answererAccount.handle}`)
  await expect(visitor.locator('.profile-rep')).toHaveText('50 reputation')
  // Asker: +5 (question upvoted) +2 (accepted an answer).
  await visitor.goto(`/users/${askerAccount.handle}`)
  await expect(visitor.locator('.profile-rep')).toHaveText('7 reputation')

  // Taking the official mark off reverses its +25.
  await mayaView.getByRole('button', { name: 'Remove official mark' }).click()
  await expect(mayaView.getByRole('button', { name: 'Mark as official answer' })).toBeVisible()
  await visitor.goto(`/users/${answererAccount.handle}`)
  await expect(visitor.locator('.profile-rep')).toHaveText('25 reputation')
})

test('a visitor reads a thread and is sent to log in when voting, then comes back', async ({
  page,
}) => {
  await page.goto('/questions?tab=resolved')
  const first = page.locator('.question-row h3 a').first()
  const title = await first.textContent()
  await first.click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title!)
  const threadPath = new URL(page.url()).pathname
  await expect(page.getByRole('textbox', { name: 'Your answer' })).toHaveCount(0)

  await page
    .getByRole('region', { name: 'Question' })
    .getByRole('button', { name: 'Upvote' })
    .click()
  await expect(page).toHaveURL(/\/login\?redirectTo=/)
  await logIn(page, staff)
  await expect(page).toHaveURL(threadPath)
})

test('bad sign-up input shows field errors and keeps what was typed', async ({ page }) => {
  await page.goto('/signup')
  await page.getByLabel('Handle').fill('a!')
  await page.getByLabel('Email').fill('not-an-email')
  await page.getByLabel('Password').fill('short')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.getByText('Handle must be at least 3 characters')).toBeVisible()
  await expect(page.getByText('Enter a valid email address')).toBeVisible()
  await expect(page.getByText('Password must be at least 10 characters')).toBeVisible()
  await expect(page.getByLabel('Handle')).toHaveValue('a!')
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0)
})
