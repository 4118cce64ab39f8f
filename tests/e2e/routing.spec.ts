// Expert routing: a citizen expert opts in to a tag on their profile edit page (a bad tag is
// refused by its field), a member asks in that tag, and the expert finds the question on
// /notifications; a staff member sees the routing step on the thread's staff timeline, which the
// asker and visitors never see.
import path from 'node:path'
import Database from 'better-sqlite3'
import { models } from './db.ts'
import { askQuestion, expect, logIn, newPage, test, uniqueHandle } from './fixtures.ts'

const PASSWORD = 'correct horse battery'

test('an opted-in expert is asked first, and staff see it on the thread timeline', async ({
  page,
  browser,
}) => {
  const m = await models()
  const account = async (prefix: string, role: 'member' | 'staff', reputation = 0) => {
    const handle = uniqueHandle(prefix)
    const email = `${handle}@example.test`
    const user = await m.createUser({ handle, email, password: PASSWORD, role })
    if (reputation) {
      // 1 000 reputation would take a person hundreds of votes: set the cached column.
      const db = new Database(path.join(process.env.E2E_DIR!, 'peerdesk.db'))
      try {
        db.prepare('UPDATE users SET reputation = ? WHERE id = ?').run(reputation, user.id)
      } finally {
        db.close()
      }
    }
    return { ...user, status: 'active' as const, email, password: PASSWORD, reputation }
  }
  const expertAccount = await account('expert', 'member', 1_500)
  const staffAccount = await account('staff', 'staff')
  const asker = await account('asker', 'member')
  const tag = uniqueHandle('rt')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 30)
  // The tag exists (an earlier question of the community's past uses it).
  m.createQuestion(
    asker,
    {
      title: `Which bridge firmware works with the ${tag} lights?`,
      body: 'An older question of the community, so that the tag is there to choose.',
      tags: [tag],
    },
    Date.now() - 86_400_000,
    { history: true },
  )

  // The expert opts in on their profile edit page; an unknown tag is refused by the field.
  await logIn(page, expertAccount)
  await page.goto(`/users/${expertAccount.handle}/edit`)
  const tagsField = page.getByRole('textbox', { name: 'Tags I answer' })
  await tagsField.fill(`${tag} nosuchtag${tag}`)
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByText(`No such tag: “nosuchtag${tag}”`)).toBeVisible()
  await page.getByRole('textbox', { name: 'Tags I answer' }).fill(tag)
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page).toHaveURL(new RegExp(`/users/${expertAccount.handle}$`))
  await expect(page.getByText('Answers questions in:')).toBeVisible()
  await expect(page.getByRole('link', { name: tag, exact: true }).first()).toBeVisible()

  // A member asks in that tag.
  const askerPage = await newPage(browser)
  await logIn(askerPage, asker)
  const title = `Why do the ${tag} lights flicker after the update?`
  const threadPath = await askQuestion(askerPage, {
    title,
    body: 'Since last night’s firmware update every light in the living room flickers at dusk.',
    tags: tag,
  })
  // The asker sees no staff timeline on their own thread.
  await expect(askerPage.getByRole('heading', { name: 'Staff timeline' })).toHaveCount(0)

  // The expert finds it on /notifications (round 1 runs as soon as the question is asked).
  await expect(async () => {
    await page.goto('/notifications')
    await expect(page.getByText(`asked “${title}” in a tag you answer`)).toBeVisible({
      timeout: 1_000,
    })
  }).toPass({ timeout: 20_000 })
  await page.getByRole('link', { name: `asked “${title}” in a tag you answer` }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Staff timeline' })).toHaveCount(0)

  // Staff open the thread: the routing step is on its timeline.
  const staffPage = await newPage(browser)
  await logIn(staffPage, staffAccount)
  await staffPage.goto(threadPath)
  const timeline = staffPage.getByRole('region', { name: 'Staff timeline' })
  await expect(timeline).toBeVisible()
  await expect(timeline.getByRole('listitem')).toContainText([
    `Round 1: routed to @${expertAccount.handle}`,
  ])

  // A visitor does not see it.
  const visitor = await newPage(browser)
  await visitor.goto(threadPath)
  await expect(visitor.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(visitor.getByText('Staff timeline')).toHaveCount(0)
  await expect(visitor.getByText('routed to')).toHaveCount(0)

  for (const other of [askerPage, staffPage, visitor]) await other.context().close()
})
