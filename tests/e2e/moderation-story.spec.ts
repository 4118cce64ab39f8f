// The moderation story as the people in it live it: a member flags a spam answer, a moderator
// deletes it from the review queue and suspends its author; a visitor no longer sees the answer
// nor finds it on /search; the suspended author sees why and until when, and cannot post; the
// flagger sees their flag was helpful.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { answerQuestion, askQuestion, expect, logIn, newPage, signUp, test } from './fixtures.ts'

const moderator = DEMO_LOGINS.find((l) => l.role === 'moderator')!
const SPAM_WORD = () => `cheapwidgetz${Date.now().toString(36)}`

test('a flagged spam answer is deleted from /mod and its author suspended', async ({
  page,
  browser,
}) => {
  const word = SPAM_WORD()
  await signUp(page, 'modasker')
  const threadPath = await askQuestion(page, {
    title: 'Why does the garage door sensor report open all night?',
    body: 'The app says the garage door is open all night long although it is closed and locked.',
    tags: 'garage',
  })

  const spammerPage = await newPage(browser)
  const spammer = await signUp(spammerPage, 'spamco')
  await answerQuestion(
    spammerPage,
    threadPath,
    spammer.handle,
    `Get ${word} garage sensors at half price today, best deal anywhere, order now.`,
  )
  const visitor = await newPage(browser)
  await expect(async () => {
    await visitor.goto(`/search?q=${word}&status=all`)
    await expect(visitor.getByRole('link', { name: /garage door sensor/ })).toBeVisible()
  }).toPass()

  // The asker flags the answer as spam.
  await page.goto(threadPath)
  await page
    .getByRole('article', { name: `Answer by ${spammer.handle}` })
    .getByRole('button', { name: 'Flag' })
    .click()
  await page.getByLabel('Spam or advertising').check()
  await page.getByLabel('Details (optional)').fill('Advertises a shop')
  await page.getByRole('button', { name: 'Submit flag' }).click()
  await expect(page.getByText('Thank you: moderators will review your flag')).toBeVisible()

  // The moderator finds it in the queue, deletes it and suspends the author.
  const mod = await newPage(browser)
  await logIn(mod, moderator)
  await mod
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Moderation' })
    .click()
  await expect(mod.getByRole('heading', { level: 1, name: 'Review queue' })).toBeVisible()
  const group = mod.getByRole('listitem', { name: `Answer by ${spammer.handle}` })
  await expect(group).toContainText('Advertises a shop')
  await expect(group).toContainText(word)
  await group.getByRole('button', { name: 'Delete' }).click()
  await expect(mod.getByRole('listitem', { name: `Answer by ${spammer.handle}` })).toHaveCount(0)
  await mod.goto(`/users/${spammer.handle}`)
  const box = mod.getByRole('region', { name: 'Moderation' })
  await box.getByLabel('Suspend for').selectOption('30')
  await box.getByLabel('Reason (shown to them)').fill('Advertising in answers')
  await box.getByRole('button', { name: 'Suspend' }).click()
  await expect(box.getByText(`@${spammer.handle} is suspended until`)).toBeVisible()

  // A visitor no longer sees the answer, nor finds it.
  await visitor.goto(threadPath)
  await expect(visitor.getByRole('heading', { name: '0 answers' })).toBeVisible()
  await expect(visitor.getByText(word)).toHaveCount(0)
  await expect(async () => {
    await visitor.goto(`/search?q=${word}&status=all`)
    await expect(visitor.getByRole('link', { name: /garage door sensor/ })).toHaveCount(0)
  }).toPass()

  // The suspended author sees why and until when, and the server refuses their posts.
  await spammerPage.goto(threadPath)
  await expect(
    spammerPage.getByRole('alert').filter({ hasText: 'Your account is suspended until' }),
  ).toContainText('Advertising in answers')
  await spammerPage
    .getByRole('textbox', { name: 'Your answer' })
    .fill(`Still selling ${word} sensors at the best price you will ever find, order today.`)
  await spammerPage.getByRole('button', { name: 'Post your answer' }).click()
  await expect(spammerPage.getByText('Your account is suspended until').last()).toBeVisible()
  await visitor.goto(threadPath)
  await expect(visitor.getByRole('heading', { name: '0 answers' })).toBeVisible()

  // The flagger sees that their flag helped.
  await page.goto('/flags/mine')
  await expect(page.getByRole('listitem').filter({ hasText: 'garage door sensor' })).toContainText(
    'helpful',
  )
})
