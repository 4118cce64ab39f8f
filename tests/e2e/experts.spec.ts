import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { models } from './db.ts'
import { expect, logIn, test, uniqueHandle } from './fixtures.ts'

const staffLogin = DEMO_LOGINS.find((l) => l.role === 'staff')!

test('a member who crosses 1 000 reputation appears on /experts with the badge', async ({
  page,
}) => {
  const m = await models()
  const password = 'correct horse battery'
  const handle = uniqueHandle('rising')
  const rising = {
    ...(await m.createUser({ handle, email: `${handle}@example.test`, password })),
    status: 'active' as const,
  }
  const staff = {
    ...(await m.createUser({
      handle: uniqueHandle('staff'),
      email: `${uniqueHandle('s')}@example.test`,
      password,
      role: 'staff',
    })),
    status: 'active' as const,
  }

  // 24 answers, each accepted (+15) and marked official (+25): 960. A 25th, accepted: 975.
  let lastAnswer = { questionId: 0, answerId: 0 }
  // A past built through the models, as the demo seed builds its own: no flood limits.
  const PAST = { history: true }
  for (let i = 0; i < 25; i++) {
    const asker = {
      ...(await m.createUser({
        handle: uniqueHandle('asker'),
        email: `${uniqueHandle('a')}@example.test`,
        password,
      })),
      status: 'active' as const,
    }
    const q = m.createQuestion(
      asker,
      {
        title: `Hub automation ${i} stops running after the nightly update`,
        body: 'Every night after the update window my automation no longer fires until I toggle it.',
        tags: ['hub'],
      },
      Date.now(),
      PAST,
    )
    const a = m.createAnswer(
      rising,
      q.id,
      'Re-save the automation once: the update rewrites its trigger and needs a fresh save.',
      Date.now(),
      PAST,
    )
    m.toggleAcceptedAnswer(asker, a.id)
    if (i < 24) m.setOfficialAnswer(staff, a.id, true)
    lastAnswer = { questionId: q.id, answerId: a.id }
  }

  await page.goto(`/users/${handle}`)
  await expect(page.locator('.profile-rep')).toHaveText('975 reputation')
  await expect(page.getByRole('heading', { level: 1 }).getByText('Citizen expert')).toHaveCount(0)

  // Staff mark the last answer official in the browser: +25 crosses the line.
  await logIn(page, staffLogin)
  await page.goto(`/questions/${lastAnswer.questionId}`)
  const answer = page.locator(`#answer-${lastAnswer.answerId}`)
  await answer.getByRole('button', { name: 'Mark as official answer' }).click()
  await expect(answer.getByText('Official answer')).toBeVisible()
  await expect(answer.getByText('Citizen expert')).toBeVisible()

  await page.goto('/experts?period=all')
  const row = page.locator('.leaderboard li', { hasText: handle })
  await expect(row).toBeVisible()
  await expect(row.getByText('Citizen expert')).toBeVisible()
  await expect(row.locator('.gained')).toHaveText('1,000')
  await expect(
    page
      .getByRole('complementary', { name: 'All citizen experts' })
      .getByRole('link', { name: handle }),
  ).toBeVisible()
  await page.goto(`/users/${handle}`)
  await expect(page.getByRole('heading', { level: 1 }).getByText('Citizen expert')).toBeVisible()
})
