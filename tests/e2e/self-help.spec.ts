// "This may already be answered": an asker who types a question in their own words is shown the
// resolved thread with the opening of its answer, and leaving for it is counted.
import path from 'node:path'
import Database from 'better-sqlite3'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { askQuestion, expect, logIn, test, uniqueHandle } from './fixtures.ts'

const member = DEMO_LOGINS.find((l) => l.handle === 'alex')!
// The seeded thread (db/seed/content.ts, hub-amber-light): accepted answer by priya_k, official
// answer by maya; the preview is the official one.
const THREAD = 'Nimbus Hub stuck on a blinking amber light during setup'
const OFFICIAL_OPENING = 'Thanks for the detailed report, and sorry for the hassle!'
// The same trouble in other words: shares "hub", "amber" and "setup", not the title.
const PARAPHRASE = 'My hub keeps flashing amber and the app setup times out'

/** How many times the ask page was left for this thread, as the staff figures will read it. */
function openingsOf(questionId: number) {
  const file = path.join(process.env.E2E_DIR!, 'peerdesk.db')
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const rows = db
      .prepare(
        "SELECT answer_id AS answerId FROM self_help_events WHERE question_id = ? AND source = 'ask' ORDER BY id",
      )
      .all(questionId) as { answerId: number | null }[]
    return rows.map((r) => r.answerId)
  } finally {
    db.close()
  }
}

test('a paraphrased title shows the resolved thread with its official answer; opening it is counted', async ({
  page,
}) => {
  await logIn(page, member)
  await page.goto('/questions/ask')
  await page.getByLabel('Title').pressSequentially(PARAPHRASE, { delay: 5 })

  const similar = page.getByRole('region', { name: 'These threads may already answer it' })
  const match = similar
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: THREAD }) })
  await expect(match).toBeVisible()
  // The preview sits under the best resolved match, and only there.
  await expect(match.getByText(OFFICIAL_OPENING)).toBeVisible()
  await expect(similar.getByRole('link', { name: 'Read the official answer' })).toHaveCount(1)
  const answerLink = match.getByRole('link', { name: 'Read the official answer' })
  await expect(answerLink).toHaveAttribute('rel', /nofollow/)

  // The match opens the thread in a new tab, through the counting redirect.
  const [thread] = await Promise.all([
    page.waitForEvent('popup'),
    match.getByRole('link', { name: THREAD }).click(),
  ])
  await expect(thread.getByRole('heading', { level: 1, name: THREAD })).toBeVisible()
  const questionId = Number(new URL(thread.url()).pathname.split('/')[2])
  const before = openingsOf(questionId)
  expect(before.at(-1)).toBeNull()

  // The preview's link opens the thread at that answer, counted too.
  const [atAnswer] = await Promise.all([page.waitForEvent('popup'), answerLink.click()])
  await expect(atAnswer).toHaveURL(/#answer-\d+$/)
  const answerId = Number(new URL(atAnswer.url()).hash.replace('#answer-', ''))
  await expect(
    atAnswer.locator(`#answer-${answerId}`).getByText(OFFICIAL_OPENING, { exact: false }),
  ).toBeVisible()
  expect(openingsOf(questionId)).toEqual([...before, answerId])
})

test('an open question in other words lists the resolved thread with its answer opening', async ({
  page,
}) => {
  await logIn(page, member)
  const threadPath = await askQuestion(page, {
    title: `${PARAPHRASE} ${uniqueHandle('s')}`,
    body: 'The light on the hub flashes amber for minutes and the app never gets past setup.',
    tags: 'hub setup',
  })
  // The list is computed in the background after the write; the page shows it once stored.
  const related = page.getByRole('region', { name: 'Resolved threads that may help' })
  await expect(async () => {
    await page.goto(threadPath)
    await expect(related).toBeVisible({ timeout: 1000 })
  }).toPass()
  const match = related
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: THREAD }) })
  await expect(match.getByText(OFFICIAL_OPENING)).toBeVisible()
  // Straight to the answer here: only the ask page's links are counted.
  await expect(match.getByRole('link', { name: 'Read the official answer' })).toHaveAttribute(
    'href',
    /^\/questions\/\d+\/[\w-]+#answer-\d+$/,
  )
})

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('a refused ask shows its error and the similar threads, answer preview included', async ({
    page,
  }) => {
    await logIn(page, member)
    await page.goto('/questions/ask')
    // Nothing is looked up while typing without JavaScript.
    await expect(
      page.getByRole('region', { name: 'These threads may already answer it' }),
    ).toHaveCount(0)
    await page.getByLabel('Title').fill(PARAPHRASE)
    await page.getByLabel('Body').fill('It blinks amber.')
    await page.getByLabel('Tags').fill('hub')
    await page.getByRole('button', { name: 'Post your question' }).click()

    await expect(page.getByText('Body must be at least 30 characters')).toBeVisible()
    await expect(page.getByLabel('Title')).toHaveValue(PARAPHRASE)
    const similar = page.getByRole('region', { name: 'These threads may already answer it' })
    const match = similar
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: THREAD }) })
    await expect(match).toBeVisible()
    await expect(match.getByText(OFFICIAL_OPENING)).toBeVisible()
    await expect(match.getByRole('link', { name: THREAD })).toHaveAttribute(
      'href',
      /^\/go\/similar\/\d+$/,
    )
  })
})
