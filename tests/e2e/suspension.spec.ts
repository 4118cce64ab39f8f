// A moderator suspends a member from their profile: the member still reads and logs in, sees the
// reason and the end date on every page, and the server refuses what they post; lifting it ends it.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { askQuestion, expect, logIn, newPage, signUp, test } from './fixtures.ts'

const moderator = DEMO_LOGINS.find((l) => l.role === 'moderator')!
const REASON = 'Posting the same link in every thread'

test('a suspended member sees why and until when, and cannot post', async ({ page, browser }) => {
  const member = await signUp(page, 'suspended')
  const threadPath = await askQuestion(page, {
    title: 'Why does my thermostat schedule skip Mondays?',
    body: 'Every Monday the thermostat ignores the morning schedule and stays at night mode.',
    tags: 'thermostat',
  })

  const mod = await newPage(browser)
  await logIn(mod, moderator)
  await mod.goto(`/users/${member.handle}`)
  const box = mod.getByRole('region', { name: 'Moderation' })
  await box.getByLabel('Suspend for').selectOption('7')
  await box.getByLabel('Reason (shown to them)').fill(REASON)
  await box.getByRole('button', { name: 'Suspend' }).click()
  await expect(box.getByText(`@${member.handle} is suspended until`)).toContainText(REASON)

  await page.goto(threadPath)
  const notice = page.getByRole('alert').filter({ hasText: 'Your account is suspended until' })
  await expect(notice).toContainText(REASON)
  await expect(notice).toContainText(/until \d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC/)
  await page
    .getByRole('textbox', { name: 'Your answer' })
    .fill('Answering my own question: a firmware update fixed it for me in the end.')
  await page.getByRole('button', { name: 'Post your answer' }).click()
  await expect(page.getByText(`Your account is suspended until`).last()).toContainText(REASON)
  await expect(page.getByRole('article', { name: `Answer by ${member.handle}` })).toHaveCount(0)

  await box.getByRole('button', { name: 'Lift suspension' }).click()
  await expect(box.getByRole('button', { name: 'Suspend' })).toBeVisible()
  await page.reload()
  await expect(page.getByRole('alert').filter({ hasText: 'suspended' })).toHaveCount(0)

  await mod.goto('/mod/log')
  await expect(
    mod.getByRole('listitem').filter({ hasText: REASON }).filter({ hasText: 'suspended' }).first(),
  ).toContainText(`@${member.handle}`)
})
