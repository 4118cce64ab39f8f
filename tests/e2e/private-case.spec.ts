// Private cases and redaction in the browser: the asker opens a private case on their thread and
// writes in it, a staff member replies in it, and a visitor and another member of the thread see
// only the public part (twice: the second visit comes from the page cache); staff solve it with a
// public summary answer made official. Then staff redact an e-mail address in a public answer in
// one step and the thread shows "[redacted]".
import { models } from './db.ts'
import { expect, logIn, newPage, test, uniqueHandle } from './fixtures.ts'

const PASSWORD = 'correct horse battery'

async function account(prefix: string, role: 'member' | 'staff' = 'member') {
  const m = await models()
  const handle = uniqueHandle(prefix)
  const email = `${handle}@example.test`
  const user = await m.createUser({ handle, email, password: PASSWORD, role })
  return { ...user, status: 'active' as const, email, password: PASSWORD }
}

async function thread(asker: Awaited<ReturnType<typeof account>>, title: string) {
  const m = await models()
  const question = m.createQuestion(
    asker,
    {
      title,
      body: 'The invoice for my subscription lists a plan I never chose, and the total is wrong.',
      tags: ['billing'],
    },
    Date.now(),
    { history: true },
  )
  return { ...question, path: `/questions/${question.id}/${question.slug}` }
}

test('the asker and staff talk in a private case that visitors and other members never see', async ({
  page,
  browser,
}) => {
  const asker = await account('asker')
  const staff = await account('agent', 'staff')
  const other = await account('other')
  const title = `Wrong plan on my invoice ${uniqueHandle('t')}`
  const q = await thread(asker, title)
  const secret = `My customer number is KX-${Date.now().toString(36)}`
  const reply = `Thanks, I found account KX and corrected the plan ${Date.now().toString(36)}`

  // The asker opens a private case on the thread and writes in it.
  await logIn(page, asker)
  await page.goto(q.path)
  await page.getByRole('button', { name: 'Open a private case' }).click()
  const askerCase = page.getByRole('region', { name: 'Private case' })
  await expect(askerCase.getByText('Only the asker and staff can read this.')).toBeVisible()
  await askerCase.getByRole('textbox', { name: 'Message in the private case' }).fill(secret)
  await askerCase.getByRole('button', { name: 'Send privately' }).click()
  await expect(askerCase.getByText(secret)).toBeVisible()

  // A staff member replies in it.
  const staffPage = await newPage(browser)
  await logIn(staffPage, staff)
  await staffPage.goto(q.path)
  const staffCase = staffPage.getByRole('region', { name: 'Private case' })
  await expect(staffCase.getByText(secret)).toBeVisible()
  await staffCase.getByRole('textbox', { name: 'Message in the private case' }).fill(reply)
  await staffCase.getByRole('button', { name: 'Send privately' }).click()
  await expect(staffCase.getByText(reply)).toBeVisible()
  // The asker's page carries the case: no cache may keep it.
  const askerResponse = await page.reload()
  expect(askerResponse?.headers()['cache-control']).toBe('private, no-store')
  await expect(askerCase.getByText(reply)).toBeVisible()

  // Staff mark the case solved with a public summary answer, and make it official.
  const summary = 'Billing corrected the plan on the account; the next invoice shows the right one.'
  await staffCase.locator('summary', { hasText: 'Mark solved with a public summary' }).click()
  await staffCase.getByRole('textbox', { name: /Public summary answer/ }).fill(summary)
  await staffCase.getByRole('button', { name: 'Mark solved and post the summary' }).click()
  const summaryAnswer = staffPage.getByRole('article', { name: `Answer by ${staff.handle}` })
  await expect(summaryAnswer).toContainText(summary)
  await summaryAnswer.getByRole('button', { name: 'Mark as official answer' }).click()
  await expect(summaryAnswer.getByRole('button', { name: 'Remove official mark' })).toBeVisible()
  await expect(staffCase.getByRole('status')).toContainText('Solved')

  // A visitor (twice: the second answer may come from the page cache) and another member see
  // the public thread and its summary answer, and nothing of the case.
  const visitor = await newPage(browser)
  const member = await newPage(browser)
  await logIn(member, other)
  for (const viewer of [visitor, visitor, member]) {
    await viewer.goto(q.path)
    await expect(viewer.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await expect(viewer.getByRole('region', { name: 'Private case' })).toHaveCount(0)
    await expect(viewer.getByRole('button', { name: 'Open a private case' })).toHaveCount(0)
    await expect(viewer.getByText(summary)).toBeVisible()
    const html = await viewer.content()
    expect(html).not.toContain(secret)
    expect(html).not.toContain(reply)
  }
  for (const p of [staffPage, visitor, member]) await p.context().close()
})

test('staff redact an e-mail address in a public answer in one step', async ({ page, browser }) => {
  const m = await models()
  const asker = await account('asker')
  const helper = await account('helper')
  const staff = await account('agent', 'staff')
  const q = await thread(asker, `Invoice shows the wrong plan ${uniqueHandle('r')}`)
  const email = `billing.${Date.now().toString(36)}@example.com`
  m.createAnswer(
    helper,
    q.id,
    `Mail the billing team at ${email} with the invoice number and they fix it.`,
    Date.now(),
    { history: true },
  )

  await logIn(page, staff)
  await page.goto(q.path)
  await page
    .getByRole('region', { name: 'Private case' })
    .getByRole('link', { name: 'Check the public posts for personal data' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Redact personal data' })).toBeVisible()
  // Found in the answer and in its stored revision 1.
  await expect(page.locator('mark', { hasText: email })).toHaveCount(2)
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Revision 1 of answer' }),
  ).toContainText(email)
  await page.getByRole('button', { name: 'Redact' }).click()
  await expect(page.getByRole('status')).toContainText('Redacted 2 matches')
  await expect(page.getByText('Nothing to redact.')).toBeVisible()

  const visitor = await newPage(browser)
  for (const viewer of [page, visitor]) {
    await viewer.goto(q.path)
    const answer = viewer.getByRole('article', { name: `Answer by ${helper.handle}` })
    await expect(answer).toContainText('Mail the billing team at [redacted] with the invoice')
    expect(await viewer.content()).not.toContain(email)
  }
  await visitor.context().close()
})
