// Seeds the Nimbus Home demo community by replaying the plan through the site's own models,
// so rendered HTML, thread statuses, the reputation ledger, notifications and the search
// outbox are exactly what real use would have produced.
import { eq, sql } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { questions, users } from '#db/schema.ts'
import {
  createAnswer,
  setOfficialAnswer,
  toggleAcceptedAnswer,
} from '#app/models/answers.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import type { WriteActor } from '#app/models/permissions.server.ts'
import { createQuestion } from '#app/models/questions.server.ts'
import { setTagDescription } from '#app/models/tags.server.ts'
import { createUser } from '#app/models/users.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { buildDemoPlan, type DemoLogin } from './plan.ts'

export { buildDemoPlan, type DemoLogin, type DemoPlan } from './plan.ts'

export interface SeedOptions {
  log?: (line: string) => void
  /** The moment the community is seeded "as of"; every timestamp is an offset from it. */
  now?: number
}

/** True when nobody has an account yet: the only state the demo seed writes into. */
export function isDatabaseEmpty(): boolean {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(users)
    .get()
  return (row?.n ?? 0) === 0
}

export async function seedDemo(options: SeedOptions = {}): Promise<DemoLogin[]> {
  const log = options.log ?? (() => {})
  const now = options.now ?? Date.now()
  if (!isDatabaseEmpty()) {
    throw new Error('The demo seed only runs on an empty database, and this one has users.')
  }
  const started = performance.now()
  const plan = buildDemoPlan()

  const userIds = new Map<string, number>()
  for (const u of plan.users) {
    const created = await createUser({
      handle: u.handle,
      email: u.email,
      password: u.password,
      role: u.role,
      displayName: u.displayName,
      bio: u.bio,
      createdAt: now + u.joinedAt,
    })
    userIds.set(u.handle, created.id)
  }

  const idOf = (map: Map<string, number>, key: string) => {
    const id = map.get(key)
    if (id == null) throw new Error(`Demo seed: nothing seeded yet for ${key}`)
    return id
  }
  // Permission checks read the actor's reputation, so take it fresh from the database.
  const actor = (handle: string): WriteActor => {
    const row = db
      .select({
        id: users.id,
        role: users.role,
        reputation: users.reputation,
        status: users.status,
      })
      .from(users)
      .where(eq(users.id, idOf(userIds, handle)))
      .get()
    if (!row) throw new Error(`Demo seed: user ${handle} disappeared`)
    return row
  }

  // A replay of the community's history: the flood limits are for people posting now.
  const HISTORY = { history: true }
  const postIds = new Map<string, number>()
  for (const event of plan.events) {
    const at = now + event.at
    switch (event.type) {
      case 'question': {
        const { title, body, tags } = event
        postIds.set(
          event.key,
          createQuestion(actor(event.author), { title, body, tags }, at, HISTORY).id,
        )
        break
      }
      case 'answer': {
        const questionId = idOf(postIds, event.question)
        postIds.set(
          event.key,
          createAnswer(actor(event.author), questionId, event.body, at, HISTORY).id,
        )
        break
      }
      case 'comment': {
        const target = {
          questionId: idOf(postIds, event.question),
          answerId: event.answer == null ? null : idOf(postIds, event.answer),
        }
        addComment(actor(event.author), target, event.body, at)
        break
      }
      case 'vote':
        castVote(actor(event.voter), event.postType, idOf(postIds, event.post), 'up', at)
        break
      case 'accept':
        toggleAcceptedAnswer(actor(event.actor), idOf(postIds, event.answer), at)
        break
      case 'official':
        setOfficialAnswer(actor(event.actor), idOf(postIds, event.answer), true, at)
        break
    }
  }

  // No model counts views (page hits do); give the threads believable counters.
  for (const [key, viewCount] of Object.entries(plan.views)) {
    db.update(questions)
      .set({ viewCount })
      .where(eq(questions.id, idOf(postIds, key)))
      .run()
  }
  for (const tag of plan.tags) setTagDescription(tag.name, tag.description)

  const count = (type: string) => plan.events.filter((e) => e.type === type).length
  log(
    `Seeded the Nimbus Home demo: ${plan.users.length} users, ${count('question')} questions, ` +
      `${count('answer')} answers, ${count('comment')} comments, ${count('vote')} votes ` +
      `in ${Math.round(performance.now() - started)} ms.`,
  )
  return plan.logins.map((login) => ({ ...login }))
}

/** The logins as a small aligned table for the console. */
export function formatLogins(logins: DemoLogin[]): string {
  const header: DemoLogin = { role: 'role', handle: 'handle', email: 'email', password: 'password' }
  const rows = [header, ...logins]
  const keys = ['role', 'handle', 'email', 'password'] as const
  const widths = keys.map((k) => Math.max(...rows.map((r) => r[k].length)))
  const line = (r: DemoLogin) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...logins.map(line)].join('\n')
}
