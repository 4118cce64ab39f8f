// The demo seed: a pure, deterministic plan, replayed through the models into a fresh database.
import { asc, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { db } from '#db/client.server.ts'
import {
  answers,
  comments,
  questionTags,
  questions,
  reputationEvents,
  tags,
  users,
  votes,
} from '#db/schema.ts'
import { buildDemoPlan, isDatabaseEmpty, seedDemo, type DemoLogin } from '#db/seed/demo.ts'
import { DEMO_LOGINS } from '#db/seed/logins.ts'
import { isCitizenExpert, isStaff } from '#app/lib/privileges.ts'
import { verifyLogin } from '#app/models/users.server.ts'
import { emailSchema, handleSchema, passwordSchema } from '#app/validation/auth.ts'
import { answerSchema, commentSchema, questionSchema } from '#app/validation/posts.ts'

const DAY = 86_400_000

/** Builds the plan with every source of nondeterminism booby-trapped. */
function buildWithoutRandomness() {
  const random = vi.spyOn(Math, 'random').mockImplementation(() => {
    throw new Error('The seed plan must not use Math.random')
  })
  const now = vi.spyOn(Date, 'now').mockImplementation(() => {
    throw new Error('The seed plan must not read the clock')
  })
  try {
    return buildDemoPlan()
  } finally {
    random.mockRestore()
    now.mockRestore()
  }
}

describe('demo seed plan', () => {
  it('is a pure function: no Math.random, no clock, identical every time', () => {
    const first = buildWithoutRandomness()
    const second = buildWithoutRandomness()
    expect(second).toEqual(first)
    const titles = first.events.flatMap((e) => (e.type === 'question' ? [e.title] : []))
    expect(titles[0]).toBe('Nimbus Hub stuck on a blinking amber light during setup')
    expect(titles.at(-1)).toBe('How do I delete my account and all recorded video?')
  })

  it('keeps every post within the limits the site enforces', () => {
    const plan = buildDemoPlan()
    for (const event of plan.events) {
      if (event.type === 'question') {
        const parsed = questionSchema.safeParse({
          title: event.title,
          body: event.body,
          tags: event.tags.join(' '),
        })
        expect(parsed.error?.issues ?? [], event.key).toEqual([])
        expect(parsed.data?.tags).toEqual(event.tags)
        expect(event.tags.length).toBeGreaterThanOrEqual(1)
        expect(event.tags.length).toBeLessThanOrEqual(3)
      }
      if (event.type === 'answer') {
        expect(answerSchema.safeParse({ body: event.body }).success, event.key).toBe(true)
      }
      if (event.type === 'comment') {
        expect(commentSchema.safeParse({ body: event.body }).error?.issues ?? []).toEqual([])
      }
    }
    for (const user of plan.users) {
      expect(handleSchema.safeParse(user.handle).success, user.handle).toBe(true)
      expect(emailSchema.safeParse(user.email).success, user.email).toBe(true)
      expect(passwordSchema.safeParse(user.password).success, user.handle).toBe(true)
    }
  })

  it('places everything in the past, each thread in a sensible order', () => {
    const plan = buildDemoPlan()
    const at = new Map<string, number>()
    for (const event of plan.events) {
      expect(event.at).toBeLessThan(0)
      expect(event.at).toBeGreaterThan(-61 * DAY)
      if (event.type === 'question' || event.type === 'answer') at.set(event.key, event.at)
      if (event.type === 'answer') expect(event.at).toBeGreaterThan(at.get(event.question) ?? 0)
      if (event.type === 'vote') expect(event.at).toBeGreaterThan(at.get(event.post) ?? 0)
      if (event.type === 'accept' || event.type === 'official') {
        expect(event.at).toBeGreaterThan(at.get(event.answer) ?? 0)
      }
    }
    const times = plan.events.map((e) => e.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
  })
})

describe('seedDemo', () => {
  const now = Date.now()
  const plan = buildDemoPlan()
  const lines: string[] = []
  let logins: DemoLogin[] = []
  /** Question id per plan key: questions are created in plan order. */
  const questionIds = new Map<string, number>()

  beforeAll(async () => {
    expect(isDatabaseEmpty()).toBe(true)
    logins = await seedDemo({ now, log: (line) => lines.push(line) })
    const ids = db.select({ id: questions.id }).from(questions).orderBy(asc(questions.id)).all()
    const keys = plan.events.flatMap((e) => (e.type === 'question' ? [e.key] : []))
    keys.forEach((key, i) => questionIds.set(key, ids[i]?.id ?? -1))
  })

  it('writes exactly what the plan says', () => {
    const titles = db
      .select({ title: questions.title })
      .from(questions)
      .orderBy(asc(questions.id))
      .all()
      .map((r) => r.title)
    expect(titles).toEqual(plan.events.flatMap((e) => (e.type === 'question' ? [e.title] : [])))

    const count = (type: string) => plan.events.filter((e) => e.type === type).length
    const rows = (table: typeof answers | typeof comments | typeof votes) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .get()?.n
    expect(rows(answers)).toBe(count('answer'))
    expect(rows(comments)).toBe(count('comment'))
    expect(rows(votes)).toBe(count('vote'))

    for (const [key, id] of questionIds) {
      const row = db
        .select({ status: questions.status, score: questions.score, views: questions.viewCount })
        .from(questions)
        .where(eq(questions.id, id))
        .get()
      expect(row?.status, key).toBe(plan.expected.status[key])
      expect(row?.score, key).toBe(plan.expected.score[key] ?? 0)
      expect(row?.views, key).toBe(plan.views[key])
    }

    const reputation = Object.fromEntries(
      db
        .select({ handle: users.handle, reputation: users.reputation })
        .from(users)
        .all()
        .map((u) => [u.handle, u.reputation]),
    )
    expect(reputation).toEqual(plan.expected.reputation)
    expect(lines.join('\n')).toMatch(/40 questions/)
  })

  it('builds a believable community', () => {
    const statusCounts = Object.fromEntries(
      db
        .select({ status: questions.status, n: sql<number>`count(*)` })
        .from(questions)
        .groupBy(questions.status)
        .all()
        .map((r) => [r.status, r.n]),
    )
    const total = Object.values(statusCounts).reduce((a, b) => a + b, 0)
    expect(total).toBeGreaterThanOrEqual(35)
    expect(total).toBeLessThanOrEqual(45)
    expect(statusCounts.open).toBeGreaterThanOrEqual(6)
    expect(statusCounts.answered).toBeGreaterThanOrEqual(3)
    expect(statusCounts.resolved).toBeGreaterThanOrEqual(15)

    const unanswered = db
      .select({ n: sql<number>`count(*)` })
      .from(questions)
      .where(eq(questions.answerCount, 0))
      .get()?.n
    expect(unanswered).toBe(statusCounts.open)

    const marks = db
      .select({
        accepted: sql<number>`count(${questions.acceptedAnswerId})`,
        official: sql<number>`count(${questions.officialAnswerId})`,
        both: sql<number>`sum(${questions.acceptedAnswerId} is not null and ${questions.officialAnswerId} is not null)`,
      })
      .from(questions)
      .get()
    expect(marks?.accepted).toBeGreaterThanOrEqual(10)
    expect(marks?.official).toBeGreaterThanOrEqual(8)
    expect(marks?.both).toBeGreaterThanOrEqual(1)

    // Official answers include staff's own and endorsed community answers.
    const officialAuthors = db
      .select({ role: users.role })
      .from(questions)
      .innerJoin(answers, eq(answers.id, questions.officialAnswerId))
      .innerJoin(users, eq(users.id, answers.authorId))
      .all()
    expect(officialAuthors.some((a) => isStaff(a))).toBe(true)
    expect(officialAuthors.some((a) => !isStaff(a))).toBe(true)

    const tagRows = db
      .select({ name: tags.name, count: tags.questionCount, description: tags.description })
      .from(tags)
      .all()
    expect(tagRows.length).toBeGreaterThanOrEqual(8)
    expect(tagRows.length).toBeLessThanOrEqual(12)
    for (const tag of tagRows) {
      expect(tag.count, tag.name).toBeGreaterThanOrEqual(3)
      expect(tag.description, tag.name).not.toBe('')
    }
    const perQuestion = db
      .select({ n: sql<number>`count(*)` })
      .from(questionTags)
      .groupBy(questionTags.questionId)
      .all()
      .map((r) => r.n)
    expect(perQuestion).toHaveLength(total)
    expect(Math.min(...perQuestion)).toBeGreaterThanOrEqual(1)
    expect(Math.max(...perQuestion)).toBeLessThanOrEqual(3)

    const people = db
      .select({ handle: users.handle, role: users.role, reputation: users.reputation })
      .from(users)
      .all()
    const experts = people.filter((u) => !isStaff(u) && isCitizenExpert(u.reputation))
    expect(experts.length).toBeGreaterThanOrEqual(1)
    const alex = people.find((u) => u.handle === 'alex')
    expect(alex?.role).toBe('member')
    expect(alex?.reputation).toBeLessThan(100)
    expect(people.filter((u) => u.role === 'member').length).toBeGreaterThanOrEqual(20)
  })

  it("keeps every user's cached reputation equal to their ledger", () => {
    const ledger = new Map(
      db
        .select({
          userId: reputationEvents.userId,
          total: sql<number>`sum(${reputationEvents.amount})`,
        })
        .from(reputationEvents)
        .groupBy(reputationEvents.userId)
        .all()
        .map((r) => [r.userId, r.total]),
    )
    const people = db
      .select({ id: users.id, handle: users.handle, cached: users.reputation })
      .from(users)
      .all()
    const mismatched = people.filter((u) => u.cached !== (ledger.get(u.id) ?? 0))
    expect(people.filter((u) => u.cached > 0).length).toBeGreaterThan(20)
    expect(mismatched).toEqual([])
  })

  it('dates everything relative to the seeding moment', () => {
    const span = db
      .select({
        first: sql<number>`min(${questions.createdAt})`,
        last: sql<number>`max(${questions.createdAt})`,
      })
      .from(questions)
      .get()
    expect(span?.last).toBeLessThan(now)
    expect(span?.last).toBeGreaterThan(now - DAY)
    expect(span?.first).toBeGreaterThan(now - 61 * DAY)
    expect(span?.first).toBeLessThan(now - 50 * DAY)
    const answersBeforeQuestion = db
      .select({ n: sql<number>`count(*)` })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(sql`${answers.createdAt} <= ${questions.createdAt}`)
      .get()?.n
    expect(answersBeforeQuestion).toBe(0)
    const future = db
      .select({ n: sql<number>`count(*)` })
      .from(votes)
      .where(sql`${votes.createdAt} >= ${now}`)
      .get()?.n
    expect(future).toBe(0)
  })

  it('returns working demo logins for every role', async () => {
    expect(logins).toEqual(DEMO_LOGINS)
    const roles = logins.map((l) => l.role)
    for (const role of ['staff', 'moderator', 'admin']) expect(roles).toContain(role)
    expect(roles.filter((r) => r === 'member')).toHaveLength(2)
    expect(logins.find((l) => l.role === 'staff')?.handle).toBe('maya')
    expect(logins.filter((l) => l.role === 'member').map((l) => l.handle)).toEqual(['alex', 'sam'])
    for (const login of logins) {
      expect(login.email).toMatch(/@nimbus\.example$/)
      expect(login.password.length).toBeGreaterThanOrEqual(10)
      expect(await verifyLogin(login.email, login.password), login.handle).not.toBeNull()
      const row = db
        .select({ role: users.role })
        .from(users)
        .where(eq(users.email, login.email))
        .get()
      if (['staff', 'moderator', 'admin'].includes(login.role)) expect(row?.role).toBe(login.role)
      else expect(row?.role).toBe('member')
    }
    const maya = db.select().from(users).where(eq(users.handle, 'maya')).get()
    expect(maya?.displayName).toBe('Maya from Nimbus')
    const askedByDemoMembers = db
      .select({ handle: users.handle, n: sql<number>`count(*)` })
      .from(questions)
      .innerJoin(users, eq(users.id, questions.authorId))
      .where(sql`${users.handle} in ('alex', 'sam')`)
      .groupBy(users.handle)
      .all()
    expect(askedByDemoMembers).toEqual([
      { handle: 'alex', n: 2 },
      { handle: 'sam', n: 2 },
    ])
  })

  it('refuses to seed a database that already has data', async () => {
    expect(isDatabaseEmpty()).toBe(false)
    await expect(seedDemo({ now })).rejects.toThrow(/empty database/)
  })
})
