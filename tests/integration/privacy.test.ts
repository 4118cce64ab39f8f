// Privacy (issue 14, item 10): a member's data download holds exactly their data, and deleting
// the account keeps their posts under "deleted user" while their personal data leaves the
// database (read back afterwards, every text column of every table).
import { and, eq, isNull, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import {
  answers,
  claimTokens,
  emailOutbox,
  emailPreferences,
  moderationLog,
  notifications,
  searchOutbox,
  sessions,
  users,
} from '#db/schema.ts'
import { hashPassword, lucia, startSession, type SessionUser } from '#app/lib/auth.server.ts'
import { DELETED_USER_NAME, deletedHandle } from '#app/lib/deleted-user.ts'
import { accountExport, deleteAccount } from '#app/models/account-privacy.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { deletePost } from '#app/models/deletion.server.ts'
import { setEmailChoice } from '#app/models/email.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { createUser, verifyLogin } from '#app/models/users.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { loader as dataLoader } from '#app/routes/users_.$handle.data.ts'
import { action as editProfile } from '#app/routes/users_.$handle.edit.tsx'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'

const PASSWORD = 'correct horse battery'
const passwordHash = await hashPassword(PASSWORD)

/** A member who can log in, with an address of their own. */
function member(opts: { role?: 'admin'; reputation?: number } = {}) {
  const user = makeUser({ reputation: opts.reputation ?? 200, role: opts.role })
  db.update(users)
    .set({ passwordHash, bio: `I run ${user.handle}'s lab` })
    .where(eq(users.id, user.id))
    .run()
  return { ...reload(user), email: `${user.handle}@example.test` }
}

/** Alice with some of everything, and Bob around her. */
async function community() {
  const alice = member()
  const bob = member()
  const own = makeQuestion(alice, { body: 'My hub forgets its schedule after every power cut.' })
  const bobs = makeQuestion(bob)
  const bobAnswer = makeAnswer(bob, own.id, 'Update the firmware first, then set it again.')
  const answer = makeAnswer(alice, bobs.id, 'Alice says: hold reset for thirty seconds.')
  addComment(alice, { questionId: own.id, answerId: bobAnswer.id }, 'Which firmware do you mean?')
  const gone = addComment(alice, { questionId: own.id }, 'Never mind this remark of mine.')
  deletePost(reload(alice), { type: 'comment', id: gone.id })
  castVote(reload(alice), 'answer', bobAnswer.id, 'up')
  castVote(reload(bob), 'answer', answer.id, 'up')
  // Bob mentions her in a comment of his own: his words, which stay (see the database read).
  addComment(bob, { questionId: bobs.id, answerId: answer.id }, `Thanks @${alice.handle}, it works`)
  setEmailChoice(alice.id, 'digest')
  db.insert(emailOutbox)
    .values({
      kind: 'notification',
      userId: alice.id,
      toAddress: alice.email,
      subject: 'A new answer',
      text: `Hello ${alice.handle}`,
      html: `<p>Hello ${alice.handle}</p>`,
      createdAt: Date.now(),
      nextAttemptAt: Date.now(),
    })
    .run()
  db.insert(claimTokens)
    .values({ userId: alice.id, tokenHash: `hash-${alice.handle}`, expiresAt: Date.now() + 1e6 })
    .run()
  await lucia.createSession(alice.id, {})
  await lucia.createSession(alice.id, {})
  return { alice, bob, own, bobs, answer, bobAnswer, gone }
}

const exportOf = (userId: number, pageSize?: number) =>
  JSON.parse([...accountExport(userId, Date.now(), pageSize)].join('')) as {
    profile: Record<string, unknown>
    emailPreferences: { choice: string }
    questions: { id: number; bodyMd: string; tags: string[] }[]
    answers: { id: number; bodyMd: string }[]
    comments: { id: number; bodyMd: string; deletedAt: string | null }[]
    votes: { postType: string; postId: number; value: number }[]
    notifications: { kind: string; actor: string | null }[]
    reputation: { amount: number; kind: string }[]
  }

function sessionUser(user: { id: number; handle: string; role: SessionUser['role'] }) {
  return {
    id: user.id,
    handle: user.handle,
    displayName: user.handle,
    role: user.role,
    reputation: 0,
    status: 'active',
    suspendedUntil: null,
    suspensionReason: null,
  } satisfies SessionUser
}

async function download(handle: string, as: SessionUser) {
  const request = new Request(`http://127.0.0.1/users/${handle}/data`)
  try {
    return await dataLoader({ request, params: { handle }, context: { user: as } as never })
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

describe('the data download', () => {
  it('holds exactly the member’s data, and nobody else’s e-mail', async () => {
    const { alice, bob, own, answer, bobAnswer, gone } = await community()
    const text = [...accountExport(alice.id)].join('')
    const data = exportOf(alice.id)
    expect(data.profile).toMatchObject({ handle: alice.handle, email: alice.email })
    expect(data.profile).not.toHaveProperty('passwordHash')
    expect(data.emailPreferences.choice).toBe('digest')
    expect(data.questions.map((q) => q.id)).toEqual([own.id])
    expect(data.questions[0]!.bodyMd).toContain('forgets its schedule')
    expect(data.questions[0]!.tags).toEqual(['router'])
    expect(data.answers.map((a) => a.id)).toEqual([answer.id])
    expect(data.comments).toHaveLength(2)
    expect(data.comments.find((c) => c.id === gone.id)?.deletedAt).toEqual(expect.any(String))
    expect(data.votes).toEqual([
      expect.objectContaining({ postType: 'answer', postId: bobAnswer.id, value: 1 }),
    ])
    // Bob answered her question and commented on her answer: she was told, and he is named.
    const fromPeople = data.notifications.filter((n) => n.actor != null)
    expect(fromPeople.map((n) => n.kind)).toEqual(
      expect.arrayContaining(['answer_on_question', 'comment_on_post']),
    )
    expect(fromPeople.every((n) => n.actor === bob.handle)).toBe(true)
    expect(data.reputation).toContainEqual(expect.objectContaining({ kind: 'answer_upvoted' }))
    // Bob's words and address are not hers; neither is who voted for her (the ledger's actor).
    expect(text).not.toContain(bob.email)
    expect(text).not.toContain('Update the firmware first')
    expect(text).not.toContain('actorId')
  })

  it('is the same read a page of two rows at a time', async () => {
    const { alice } = await community()
    for (let i = 0; i < 4; i++) makeQuestion(alice)
    for (let i = 0; i < 4; i++) makeAnswer(alice, makeQuestion(makeUser()).id)
    // Rows of the same millisecond: the seek key's id part must carry the page over them.
    const at = Date.now() - 60_000
    db.update(answers).set({ createdAt: at }).where(eq(answers.authorId, alice.id)).run()
    const whole = exportOf(alice.id)
    expect(exportOf(alice.id, 2)).toEqual({ ...whole, exportedAt: expect.anything() })
    expect(exportOf(alice.id, 1)).toEqual({ ...whole, exportedAt: expect.anything() })
    expect(whole.questions).toHaveLength(5)
    expect(whole.answers).toHaveLength(5)
  })

  it('reads only the member’s own rows, through their indexes', async () => {
    const { alice } = await community()
    const plans = plansOf(() => void [...accountExport(alice.id, Date.now(), 2)])
    expect(plans.length).toBeGreaterThan(5)
    for (const { sql: text, plan } of plans) {
      expect(scansIn(plan, ['q', 'n', 'a']), text).toEqual([])
      expect(plan, text).not.toContain('TEMP B-TREE')
    }
  })

  it('is a no-store attachment for the member, and refused to anyone else, admins too', async () => {
    const { alice, bob } = await community()
    const own = await download(alice.handle, sessionUser(alice))
    expect(own.status).toBe(200)
    expect(own.headers.get('Content-Disposition')).toMatch(/^attachment; filename=".+\.json"$/)
    expect(own.headers.get('Cache-Control')).toBe('no-store')
    expect(JSON.parse(await own.text()).profile.email).toBe(alice.email)
    expect((await download(alice.handle, sessionUser(bob))).status).toBe(403)
    const admin = member({ role: 'admin' })
    expect((await download(alice.handle, sessionUser(admin))).status).toBe(403)
  })
})

/** Every value of every text-bearing column of every table (FTS5 shadows included). */
function textCells() {
  const tables = db.all<{ name: string }>(
    sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
  )
  const cells: { table: string; column: string; value: string }[] = []
  for (const { name } of tables) {
    const columns = db.all<{ name: string }>(
      sql.raw(`SELECT name FROM pragma_table_info('${name}')`),
    )
    for (const column of columns) {
      const rows = db.all<{ value: string | null }>(
        sql.raw(`SELECT CAST("${column.name}" AS TEXT) AS value FROM "${name}"`),
      )
      for (const { value } of rows) {
        if (value != null) cells.push({ table: name, column: column.name, value })
      }
    }
  }
  return cells
}

describe('deleting an account', () => {
  it('keeps the posts under "deleted user" and takes the personal data away', async () => {
    const { alice, bob, own, bobs, answer, bobAnswer } = await community()
    const scoreOfBobs = () =>
      getThread(own.id, null)!.answers.find((a) => a.id === bobAnswer.id)!.score
    const scoreBefore = scoreOfBobs()
    expect(scoreBefore).toBe(1)
    await deleteAccount(alice.id, { confirmHandle: alice.handle, password: PASSWORD })

    const thread = getThread(bobs.id, null)!
    const hers = thread.answers.find((a) => a.id === answer.id)!
    expect(hers.author).toMatchObject({
      handle: deletedHandle(alice.id),
      displayName: DELETED_USER_NAME,
    })
    expect(getThread(own.id, null)!.question.author.displayName).toBe(DELETED_USER_NAME)
    // Her vote still counts on Bob's answer.
    expect(scoreOfBobs()).toBe(scoreBefore)

    const row = db.select().from(users).where(eq(users.id, alice.id)).get()!
    expect(row).toMatchObject({
      handle: deletedHandle(alice.id),
      displayName: DELETED_USER_NAME,
      bio: '',
      passwordHash: null,
      status: 'deleted',
      role: 'member',
    })
    expect(row.email).not.toContain(alice.handle)
    const count = (table: typeof sessions | typeof notifications | typeof emailPreferences) =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(table)
        .where(eq(table.userId, alice.id))
        .get()!.n
    expect(count(sessions)).toBe(0)
    expect(count(notifications)).toBe(0)
    expect(count(emailPreferences)).toBe(0)
    expect(db.select().from(emailOutbox).where(eq(emailOutbox.userId, alice.id)).all()).toEqual([])
    expect(db.select().from(claimTokens).where(eq(claimTokens.userId, alice.id)).all()).toEqual([])
    // Her threads go through the search outbox again.
    const queued = db
      .select({ questionId: searchOutbox.questionId })
      .from(searchOutbox)
      .where(isNull(searchOutbox.processedAt))
      .all()
      .map((r) => r.questionId)
    expect(queued).toEqual(expect.arrayContaining([own.id, bobs.id]))
    // On the moderation log, with nothing that names her.
    const logged = db
      .select()
      .from(moderationLog)
      .where(and(eq(moderationLog.action, 'account-deleted'), eq(moderationLog.targetId, alice.id)))
      .all()
    expect(logged).toHaveLength(1)
    expect(JSON.stringify(logged)).not.toContain(alice.handle)

    // She cannot log in; her handle is free for someone new; Bob is as he was.
    expect(await verifyLogin(alice.email, PASSWORD)).toBeNull()
    expect(() => accountExport(alice.id)).toThrow()
    await expect(
      createUser({ handle: alice.handle, email: `new-${alice.email}`, password: PASSWORD }),
    ).resolves.toMatchObject({ handle: alice.handle })
    expect(reload(bob).status).toBe('active')
  })

  it('leaves neither her e-mail address nor her handle anywhere in the database', async () => {
    const { alice } = await community()
    const handle = alice.handle.toLowerCase()
    // Before: in her row (handle, e-mail, bio), her queued mail — and Bob's comment naming her.
    const before = textCells().filter((c) => c.value.toLowerCase().includes(handle))
    expect(before.map((c) => `${c.table}.${c.column}`)).toEqual(
      expect.arrayContaining(['users.handle', 'users.email', 'users.bio', 'email_outbox.text']),
    )

    await deleteAccount(alice.id, { confirmHandle: alice.handle, password: PASSWORD })
    const left = textCells().filter(
      (c) => c.value.toLowerCase().includes(handle) || c.value.includes(alice.email),
    )
    // What stays is what others wrote: Bob's comment thanking @handle, Markdown and HTML (and
    // any revision or search text of it). Someone's own words are theirs to keep; the mention
    // link now leads to whoever takes the handle next, or nowhere.
    for (const cell of left) {
      expect(cell.value, `${cell.table}.${cell.column}`).toContain('Thanks ')
      expect(cell.value).not.toContain(alice.email)
      expect(
        ['comments', 'revisions'].includes(cell.table) || cell.table.startsWith('search_fts'),
      ).toBe(true)
    }
    expect(left.length).toBeGreaterThan(0)
  })

  it('changes nothing when the handle or the password is wrong', async () => {
    const { alice } = await community()
    const snapshot = () => ({
      row: db.select().from(users).where(eq(users.id, alice.id)).get(),
      sessions: db.select().from(sessions).where(eq(sessions.userId, alice.id)).all(),
      notifications: db
        .select()
        .from(notifications)
        .where(eq(notifications.userId, alice.id))
        .all(),
      outbox: db
        .select({ n: sql<number>`count(*)` })
        .from(searchOutbox)
        .get(),
    })
    const before = snapshot()
    const attempt = (confirmHandle: string, password: string) =>
      deleteAccount(alice.id, { confirmHandle, password }).then(
        () => null,
        (error: unknown) => error,
      )
    const wrongPassword = await attempt(alice.handle, 'not my password at all')
    expect(wrongPassword).toBeInstanceOf(FieldError)
    expect(Object.keys((wrongPassword as FieldError).fieldErrors)).toEqual(['password'])
    const wrongHandle = await attempt('someone-else', PASSWORD)
    expect(Object.keys((wrongHandle as FieldError).fieldErrors)).toEqual(['confirmHandle'])
    const both = await attempt('', '')
    expect(Object.keys((both as FieldError).fieldErrors).sort()).toEqual([
      'confirmHandle',
      'password',
    ])
    expect(snapshot()).toEqual(before)
  })

  it('refuses the last admin, and lets an admin go while another remains', async () => {
    const first = member({ role: 'admin' })
    const second = member({ role: 'admin' })
    const admins = () =>
      db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.role, 'admin'), sql`${users.status} != 'deleted'`))
        .all()
    // Admins of the tests above leave first, so `second` ends up the only one.
    for (const { id } of admins()) {
      if (id === second.id) continue
      const { handle } = db
        .select({ handle: users.handle })
        .from(users)
        .where(eq(users.id, id))
        .get()!
      await deleteAccount(id, { confirmHandle: handle, password: PASSWORD })
    }
    expect(reload(first).status).toBe('deleted')
    const refused = deleteAccount(second.id, { confirmHandle: second.handle, password: PASSWORD })
    await expect(refused).rejects.toThrow(PermissionError)
    await expect(refused).rejects.toThrow(/only admin/)
    expect(reload(second)).toMatchObject({ status: 'active', role: 'admin' })
  })
})

describe('the edit page’s "Delete my account" form', () => {
  async function submit(user: { id: number; handle: string }, fields: Record<string, string>) {
    const cookie = (await startSession(user.id, new Request(ORIGIN))).split(';')[0]!
    const request = formRequest(`/users/${user.handle}/edit`, fields, { cookie })
    return editProfile({
      request,
      params: { handle: user.handle },
      context: await contextFor(request),
    })
  }

  it('answers a wrong password on its field, then deletes and clears the cookie', async () => {
    const { alice } = await community()
    const fields = { intent: 'delete-account', confirmHandle: alice.handle }
    const refused = unwrap(await submit(alice, { ...fields, password: 'not my password' }))
    expect(refused.status).toBe(400)
    expect(refused.data).toMatchObject({
      intent: 'delete-account',
      result: { error: { password: ['That is not your password'] } },
    })
    expect(reload(alice).status).toBe('active')

    const done = (await submit(alice, { ...fields, password: PASSWORD })) as Response
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe('/')
    expect(done.headers.get('Set-Cookie')).toMatch(/^peerdesk_session=;/)
    expect(reload(alice).status).toBe('deleted')
  })
})
