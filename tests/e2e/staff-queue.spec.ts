// The staff queue: a staff member sees the oldest waiting question first with its breach mark,
// says "I'm on it" (a second staff member sees the claim), answers and marks the answer official,
// the thread says how fast it was answered, and the question leaves the unanswered filter. Members
// get 403, visitors the log-in page.
import path from 'node:path'
import Database from 'better-sqlite3'
import { models } from './db.ts'
import { answerQuestion, expect, logIn, newPage, test, uniqueHandle } from './fixtures.ts'

const PASSWORD = 'correct horse battery'

test('staff claim the oldest waiting question, answer it officially, and it leaves the queue', async ({
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
  const ann = await account('ann', 'staff')
  const bob = await account('bob', 'staff')
  const asker = await account('asker', 'member')
  const tag = uniqueHandle('q')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 30)
  const now = Date.now()
  const ask = (title: string) => ({
    title,
    ...m.createQuestion(
      asker,
      {
        title,
        body: 'The hub shows offline every morning although the router works fine all night.',
        tags: [tag],
      },
      now,
      { history: true },
    ),
  })
  const oldest = ask(`Why is my hub offline every morning? ${tag}`)
  const recent = ask(`Why does the hub app log me out daily? ${tag}`)
  // The oldest has waited far past the target (asked long before anything else in the queue);
  // the other was asked ten minutes ago.
  const db = new Database(path.join(process.env.E2E_DIR!, 'peerdesk.db'))
  try {
    const update = db.prepare('UPDATE questions SET created_at = ? WHERE id = ?')
    update.run(Date.UTC(2001, 0, 1) + (process.pid % 1000), oldest.id)
    update.run(now - 10 * 60_000, recent.id)
  } finally {
    db.close()
  }

  // Ann opens the queue: the oldest waiting question is first, with its breach mark.
  await logIn(page, ann)
  await page.getByRole('banner').getByRole('link', { name: 'Staff', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Staff queue' })).toBeVisible()
  const first = page.locator('ol.staff-queue > li').first()
  await expect(first).toHaveAttribute('aria-label', oldest.title)
  await expect(first.getByText(/Breach: unanswered past/)).toBeVisible()
  // The filter form: unanswered questions of the tag, the recent one without a breach.
  await page.getByLabel('Status').selectOption('unanswered')
  await page.getByRole('textbox', { name: 'Tag' }).fill(tag)
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL(/status=unanswered/)
  const rows = page.locator('ol.staff-queue > li')
  await expect(rows).toHaveCount(2)
  const oldestRow = page.getByRole('listitem', { name: oldest.title })
  const recentRow = page.getByRole('listitem', { name: recent.title })
  await expect(recentRow.getByText('Waited 10 min')).toBeVisible()
  await expect(recentRow.getByText(/Breach/)).toHaveCount(0)

  await oldestRow.getByRole('button', { name: "I'm on it" }).click()
  await expect(oldestRow.getByRole('status')).toContainText(`@${ann.handle} is on it since`)
  await expect(oldestRow.getByRole('button', { name: 'Release my claim' })).toBeVisible()

  // Bob, in his own browser, sees Ann's claim and no button to claim it over her.
  const bobPage = await newPage(browser)
  await logIn(bobPage, bob)
  await bobPage.goto(`/staff?tag=${tag}`)
  const seenByBob = bobPage.getByRole('listitem', { name: oldest.title })
  await expect(seenByBob.getByRole('status')).toContainText(`@${ann.handle} is on it since`)
  await expect(seenByBob.getByRole('button', { name: "I'm on it" })).toHaveCount(0)
  await expect(
    bobPage
      .getByRole('listitem', { name: recent.title })
      .getByRole('button', { name: "I'm on it" }),
  ).toBeVisible()

  // Ann opens the thread (her claim shows there too), answers and marks her answer official.
  await oldestRow.getByRole('link', { name: oldest.title }).click()
  await expect(page.getByRole('heading', { level: 1, name: oldest.title })).toBeVisible()
  await expect(page.getByText(`@${ann.handle} is on it since`)).toBeVisible()
  const threadPath = new URL(page.url()).pathname
  const answer = await answerQuestion(
    page,
    threadPath,
    ann.handle,
    'Turn off the router’s night mode: it drops the hub’s connection at 2 am every night.',
  )
  await answer.getByRole('button', { name: 'Mark as official answer' }).click()
  await expect(answer.getByRole('button', { name: 'Remove official mark' })).toBeVisible()
  // The thread says how fast it was answered (it was asked in 2001: thousands of days).
  await page.reload()
  await expect(
    page.getByText(/first answer in \d+ days · official answer in \d+ days/),
  ).toBeVisible()

  // The question has left the unanswered filter (and the queue: it is resolved).
  await page.goto(`/staff?status=unanswered&tag=${tag}`)
  await expect(page.getByRole('listitem', { name: recent.title })).toBeVisible()
  await expect(page.getByRole('listitem', { name: oldest.title })).toHaveCount(0)
  await page.goto(`/staff?tag=${tag}`)
  await expect(page.getByRole('listitem', { name: recent.title })).toBeVisible()
  await expect(page.getByRole('listitem', { name: oldest.title })).toHaveCount(0)
  await bobPage.context().close()
})

test('members get 403 on /staff and visitors the log-in page', async ({ page, browser }) => {
  const m = await models()
  const handle = uniqueHandle('member')
  const email = `${handle}@example.test`
  await m.createUser({ handle, email, password: PASSWORD })
  await logIn(page, { email, password: PASSWORD })
  await expect(
    page.getByRole('banner').getByRole('link', { name: 'Staff', exact: true }),
  ).toHaveCount(0)
  const response = await page.goto('/staff')
  expect(response?.status()).toBe(403)

  const visitor = await newPage(browser)
  await visitor.goto('/staff')
  await expect(visitor).toHaveURL(/\/login/)
  await expect(visitor.getByRole('button', { name: 'Log in' })).toBeVisible()
  await visitor.context().close()
})
