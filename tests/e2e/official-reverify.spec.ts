// Official answers stay true: a staff member marks a community answer official with a product
// note, and the thread shows "verified by staff on …" with the note. Once the mark is old (set
// straight in the database: no clock to wait for) /staff/reverify lists it; staff confirm it, it
// leaves the list, and the thread (its cached copy for visitors too) shows today's date again.
// Members get 403, visitors the log-in page.
import path from 'node:path'
import Database from 'better-sqlite3'
import { seriousViolations } from './axe.ts'
import { models } from './db.ts'
import { expect, logIn, newPage, test, uniqueHandle } from './fixtures.ts'

const PASSWORD = 'correct horse battery'
const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })

test('staff mark an answer official with a note, then confirm it from the re-verify list', async ({
  page,
  browser,
}) => {
  const m = await models()
  const account = async (prefix: string, role: 'member' | 'staff') => {
    const handle = uniqueHandle(prefix)
    const email = `${handle}@example.test`
    const user = await m.createUser({ handle, email, password: PASSWORD, role })
    return { ...user, status: 'active' as const, email, password: PASSWORD }
  }
  const staff = await account('ann', 'staff')
  const asker = await account('asker', 'member')
  const helper = await account('helper', 'member')
  const title = `Why does the doorbell camera miss motion at night? ${uniqueHandle('t')}`
  const question = m.createQuestion(
    asker,
    {
      title,
      body: 'At night the doorbell camera records nothing although people walk right past it.',
      tags: ['doorbell'],
    },
    Date.now(),
    { history: true },
  )
  const answer = m.createAnswer(
    helper,
    question.id,
    'Turn on night vision boost in the motion settings and lower the sensitivity threshold.',
    Date.now(),
    { history: true },
  )

  // Staff mark the community answer official, with a note beside the button.
  await logIn(page, staff)
  await page.goto(`/questions/${question.id}`)
  const card = page.getByRole('article', { name: `Answer by ${helper.handle}` })
  expect(await seriousViolations(page)).toEqual([])
  await card
    .getByRole('textbox', { name: 'Product or version note' })
    .fill('Doorbell firmware 3.2+')
  await card.getByRole('button', { name: 'Mark as official answer' }).click()
  await expect(card.getByRole('button', { name: 'Remove official mark' })).toBeVisible()
  const today = DAY.format(Date.now())
  await expect(card.getByText(`verified by staff on ${today}`)).toBeVisible()
  await expect(card.getByText('Doorbell firmware 3.2+')).toBeVisible()
  const threadPath = new URL(page.url()).pathname

  // The mark is old: verified long before any other on the list.
  const old = Date.UTC(2001, 0, 1) + (process.pid % 1000)
  const db = new Database(path.join(process.env.E2E_DIR!, 'peerdesk.db'))
  try {
    db.prepare(
      'UPDATE official_marks SET marked_at = ?, verified_at = ? WHERE question_id = ?',
    ).run(old, old, question.id)
  } finally {
    db.close()
  }
  // A visitor's view of the thread (and so its cached copy) says 2001.
  const visitor = await newPage(browser)
  await visitor.goto(threadPath)
  const seen = visitor.getByRole('article', { name: `Answer by ${helper.handle}` })
  await expect(seen.getByText(`verified by staff on ${DAY.format(old)}`)).toBeVisible()

  // Staff open the re-verify list from the queue: the old mark is there, with its facts.
  await page.goto('/staff')
  await page.getByRole('link', { name: 'Re-verify official answers' }).click()
  await expect(
    page.getByRole('heading', { level: 1, name: 'Re-verify official answers' }),
  ).toBeVisible()
  const row = page.getByRole('listitem', { name: title })
  await expect(row).toContainText(`Marked by @${staff.handle} on ${DAY.format(old)}`)
  await expect(row).toContainText('Doorbell firmware 3.2+')
  await expect(row.getByRole('link', { name: 'Edit the answer' })).toHaveAttribute(
    'href',
    `/answers/${answer.id}/edit`,
  )
  expect(await seriousViolations(page)).toEqual([])
  await row.getByRole('button', { name: 'Confirm' }).click()
  await expect(page.getByRole('listitem', { name: title })).toHaveCount(0)

  // Verified today again, on the thread, also for the visitor (the cached page was dropped).
  await visitor.reload()
  await expect(seen.getByText(`verified by staff on ${today}`)).toBeVisible()
  await expect(seen.getByText('Doorbell firmware 3.2+')).toBeVisible()
  await visitor.context().close()
})

test('members get 403 on /staff/reverify and visitors the log-in page', async ({
  page,
  browser,
}) => {
  const m = await models()
  const handle = uniqueHandle('member')
  const email = `${handle}@example.test`
  await m.createUser({ handle, email, password: PASSWORD })
  await logIn(page, { email, password: PASSWORD })
  const response = await page.goto('/staff/reverify')
  expect(response?.status()).toBe(403)

  const visitor = await newPage(browser)
  await visitor.goto('/staff/reverify')
  await expect(visitor).toHaveURL(/\/login/)
  await expect(visitor.getByRole('button', { name: 'Log in' })).toBeVisible()
  await visitor.context().close()
})
