// A moderator deletes an answer on the thread page: visitors no longer see it or find the thread
// by its words on /search (Meilisearch follows through the outbox), the moderator still sees it
// marked deleted, and Undelete brings it back.
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { answerQuestion, askQuestion, expect, logIn, newPage, signUp, test } from './fixtures.ts'

const moderator = DEMO_LOGINS.find((l) => l.role === 'moderator')!

test('a deleted answer is gone for visitors and from search, and comes back when undeleted', async ({
  page,
  browser,
}) => {
  const word = `quokkaflux${Date.now().toString(36)}`
  const asker = await signUp(page, 'delasker')
  const threadPath = await askQuestion(page, {
    title: 'Why does the doorbell chime twice at night?',
    body: 'Every night around two the doorbell chimes twice although nobody is at the door.',
    tags: 'doorbell',
  })
  const spammer = await newPage(browser)
  const spam = await signUp(spammer, 'spammer')
  await answerQuestion(
    spammer,
    threadPath,
    spam.handle,
    `Buy the ${word} doorbell fixer today, best price, visit our shop for a discount.`,
  )
  void asker

  const visitor = await newPage(browser)
  await expect(async () => {
    await visitor.goto(`/search?q=${word}&status=all`)
    await expect(visitor.getByRole('link', { name: /doorbell chime twice/ })).toBeVisible()
  }).toPass()

  const mod = await newPage(browser)
  await logIn(mod, moderator)
  await mod.goto(threadPath)
  const answer = mod.getByRole('article', { name: `Answer by ${spam.handle}` })
  await answer.getByRole('button', { name: 'Delete' }).click()
  await expect(answer.getByText('Deleted: only moderators see this answer.')).toBeVisible()

  await visitor.goto(threadPath)
  await expect(visitor.getByRole('heading', { name: '0 answers' })).toBeVisible()
  await expect(visitor.getByText(word)).toHaveCount(0)
  await expect(async () => {
    await visitor.goto(`/search?q=${word}&status=all`)
    await expect(visitor.getByRole('link', { name: /doorbell chime twice/ })).toHaveCount(0)
  }).toPass()

  await answer.getByRole('button', { name: 'Undelete' }).click()
  await expect(answer.getByText('Deleted: only moderators see this answer.')).toHaveCount(0)
  await visitor.goto(threadPath)
  await expect(visitor.getByRole('article', { name: `Answer by ${spam.handle}` })).toBeVisible()
})
