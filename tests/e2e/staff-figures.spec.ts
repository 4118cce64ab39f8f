// The staff figures with JavaScript off: a staff member opens /staff/figures from /staff, sees
// the charts (SVG with titles), switches the period, gets a field error for a reversed range and
// downloads a CSV; members get 403 and visitors the log-in page. A thread says how fast it was
// answered, and a search result opened before an ask is counted in the deflection figure.
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Page } from '@playwright/test'
import { models } from './db.ts'
import { expect, logIn, newPage, test, uniqueHandle } from './fixtures.ts'

test.use({ javaScriptEnabled: false })

const PASSWORD = 'correct horse battery'
// A resolved seeded thread (db/seed/content.ts), found by the words of its title.
const RESOLVED = 'Nimbus Hub stuck on a blinking amber light during setup'

async function account(prefix: string, role: 'member' | 'staff') {
  const m = await models()
  const handle = uniqueHandle(prefix)
  const email = `${handle}@example.test`
  const user = await m.createUser({ handle, email, password: PASSWORD, role })
  return { ...user, status: 'active' as const, email, password: PASSWORD }
}

/** The deflection figure of the last 7 days, from its CSV: [sessions, did not ask, asked]. */
async function deflection(page: Page) {
  const response = await page.request.get('/staff/figures.csv?figure=deflection&days=7')
  expect(response.status()).toBe(200)
  const [header, values] = (await response.text()).trim().split('\r\n')
  expect(header).toBe('from,to,sessions,did_not_ask,asked,did_not_ask_percent')
  const [, , sessions, didNotAsk, asked] = values!.split(',').map(Number)
  return { sessions: sessions!, didNotAsk: didNotAsk!, asked: asked! }
}

test('staff read the figures without JavaScript, switch period, and download a CSV', async ({
  page,
  browser,
}) => {
  const m = await models()
  const staff = await account('fig_staff', 'staff')
  const asker = await account('fig_asker', 'member')
  const now = Date.now()
  const question = m.createQuestion(
    asker,
    {
      title: `Why does the doorbell camera lag by ten seconds? ${uniqueHandle('t')}`,
      body: 'The live view of the doorbell camera is always ten seconds behind what happens.',
      tags: ['doorbell'],
    },
    now - 7 * 60_000,
    { history: true },
  )
  m.createAnswer(
    staff,
    question.id,
    'Switch the live view to the low-latency mode in settings.',
    now,
    {
      history: true,
    },
  )

  // The thread says how fast it was answered (to anyone, from the cached page too).
  await page.goto(`/questions/${question.id}/${question.slug}`)
  await expect(page.getByText('first answer in 7 min')).toBeVisible()

  // A visitor is sent to log in.
  await page.goto('/staff/figures')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fstaff%2Ffigures/)
  await logIn(page, staff)

  await page.goto('/staff')
  await page.getByRole('link', { name: 'Staff figures' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Staff figures' })).toBeVisible()
  // The charts are server-rendered SVG, each named by its title.
  await expect(
    page.getByRole('img', { name: /^Asked, answered and resolved per day/ }),
  ).toBeVisible()
  await expect(
    page.getByRole('img', { name: /^Time to first answer and to resolution/ }),
  ).toBeVisible()
  await expect(
    page.getByRole('img', { name: /^Resolved by the community and by staff/ }),
  ).toBeVisible()
  await expect(
    page.getByRole('img', { name: /^Search sessions that opened a resolved thread/ }),
  ).toBeVisible()
  await expect(page.locator('svg title').first()).not.toBeEmpty()
  await expect(page.getByRole('link', { name: 'Last 30 days' })).toHaveAttribute(
    'aria-current',
    'page',
  )

  // Another period.
  await page.getByRole('link', { name: 'Last 7 days' }).click()
  await expect(page).toHaveURL(/days=7/)
  await expect(page.getByRole('link', { name: 'Last 7 days' })).toHaveAttribute(
    'aria-current',
    'page',
  )

  // A reversed range: the error by its field, not a failure.
  await page.getByLabel('From', { exact: true }).fill('2026-01-10')
  await page.getByLabel('To', { exact: true }).fill('2026-01-05')
  await page.getByRole('button', { name: 'Show' }).click()
  await expect(page).toHaveURL(/from=2026-01-10&to=2026-01-05/)
  await expect(page.locator('#figures-to-error')).toHaveText(
    'The last day must not be before the first day.',
  )
  await expect(page.getByLabel('To', { exact: true })).toHaveAttribute('aria-invalid', 'true')

  // The per-day counts as a CSV file: its header, and today's row counts the question.
  await page.getByRole('link', { name: 'Last 7 days' }).click()
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the per-day counts as CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^peerdesk-per-day-.*\.csv$/)
  const csv = fs
    .readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n')
  expect(csv[0]).toBe('day,asked,answered,resolved')
  expect(csv).toHaveLength(8)
  const today = new Date(now).toISOString().slice(0, 10)
  const row = csv
    .find((line) => line.startsWith(`${today},`))!
    .split(',')
    .map(Number)
  expect(row[1]).toBeGreaterThanOrEqual(1)
  expect(row[2]).toBeGreaterThanOrEqual(1)

  // A member gets 403, for the page and for its CSV.
  const member = await account('fig_member', 'member')
  const memberPage = await newPage(browser, { javaScriptEnabled: false })
  await logIn(memberPage, member)
  const refused = await memberPage.goto('/staff/figures')
  expect(refused?.status()).toBe(403)
  const refusedCsv = await memberPage.request.get('/staff/figures.csv?figure=summary')
  expect(refusedCsv.status()).toBe(403)
  await memberPage.context().close()
})

test('a search result opened and then an ask in the same session counts in the deflection', async ({
  page,
  browser,
}) => {
  const staff = await account('fig_staff', 'staff')
  const staffPage = await newPage(browser, { javaScriptEnabled: false })
  await logIn(staffPage, staff)
  const before = await deflection(staffPage)

  const asker = await account('fig_searcher', 'member')
  await logIn(page, asker)
  await page.goto('/search?q=hub+blinking+amber+light+setup')
  const result = page.locator('.search-hit h3 a', { hasText: RESOLVED })
  await expect(result).toHaveAttribute('href', /^\/go\/search\/\d+$/)
  await result.click()
  await expect(page.getByRole('heading', { level: 1, name: RESOLVED })).toBeVisible()

  // Not what they needed: they ask, in the same session.
  const title = `Hub blinks amber after the firmware update ${uniqueHandle('t')}`
  await page.goto('/questions/ask')
  await page.getByLabel('Title').fill(title)
  await page
    .getByLabel('Body')
    .fill('Since the last firmware update the hub blinks amber and setup never finishes.')
  await page.getByLabel('Tags').fill('hub')
  await page.getByRole('button', { name: 'Post your question' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  const questionId = Number(new URL(page.url()).pathname.split('/')[2])

  // The ask is the session's, and that session opened the thread from search.
  const db = new Database(path.join(process.env.E2E_DIR!, 'peerdesk.db'), { readonly: true })
  try {
    const opened = db
      .prepare(
        `SELECT count(*) FROM self_help_asks k JOIN self_help_events e ON e.session_id = k.session_id
          WHERE k.question_id = ? AND e.source = 'search' AND e.resolved = 1`,
      )
      .pluck()
      .get(questionId)
    expect(opened).toBe(1)
  } finally {
    db.close()
  }
  const after = await deflection(staffPage)
  expect(after.sessions).toBeGreaterThanOrEqual(before.sessions + 1)
  expect(after.asked).toBeGreaterThanOrEqual(before.asked + 1)
  // The page shows the figure beside its chart.
  await staffPage.goto('/staff/figures?days=7')
  const figure = staffPage.getByRole('region', { name: 'Self-help deflection' })
  await expect(figure.getByText(/search sessions that opened a resolved thread/)).toBeVisible()
  await expect(figure.getByRole('img', { name: /Asked \d+/ })).toBeVisible()
  await staffPage.context().close()
})
