// Community close votes (SPEC: "3 000 vote to close"; moderators close directly), enforced on
// the server: who may vote, one vote per person, the third vote (or a moderator's) closing the
// question in one transaction with its status, its reason, the original of a duplicate and a
// search outbox row; a refused vote stores nothing.
import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { closeVotes, questions, searchOutbox, users } from '#db/schema.ts'
import { closedReasonText } from '#app/lib/close-reasons.ts'
import { startSession } from '#app/lib/auth.server.ts'
import {
  clearCloseVotes,
  closeVoteSummary,
  closeVotingFor,
  voteToClose,
} from '#app/models/close-votes.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import { refreshThreadFacts } from '#app/models/thread-writes.server.ts'
import { action, loader } from '#app/routes/questions.$id.$slug.tsx'
import { closeVoteSchema, questionIdFrom } from '#app/validation/thread.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'
import { contextFor, formRequest, ORIGIN, unwrap } from '#tests/fixtures/requests.ts'

const voter = () => makeUser({ reputation: 3_000 })

const votesOn = (questionId: number) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(closeVotes)
    .where(eq(closeVotes.questionId, questionId))
    .get()?.n ?? 0

const outboxRows = (questionId: number) =>
  db
    .select({ n: sql<number>`count(*)` })
    .from(searchOutbox)
    .where(eq(searchOutbox.questionId, questionId))
    .get()?.n ?? 0

const closeStateOf = (questionId: number) =>
  db
    .select({
      status: questions.status,
      closedAt: questions.closedAt,
      closedById: questions.closedById,
      closedReason: questions.closedReason,
      duplicateOfId: questions.duplicateOfId,
    })
    .from(questions)
    .where(eq(questions.id, questionId))
    .get()

describe('who may vote to close', () => {
  it('refuses a member at 2 999 with the threshold, and stores nothing', () => {
    const q = makeQuestion(makeUser())
    const member = makeUser({ reputation: 2_999 })
    const before = closeStateOf(q.id)
    expect(() => voteToClose(member, q.id, { reason: 'unclear' })).toThrow(PermissionError)
    expect(() => voteToClose(member, q.id, { reason: 'unclear' })).toThrow(
      'You need 3,000 reputation to vote to close.',
    )
    expect(votesOn(q.id)).toBe(0)
    expect(closeStateOf(q.id)).toEqual(before)
  })

  it('counts a member at 3 000 without closing the question', () => {
    const q = makeQuestion(makeUser())
    const result = voteToClose(voter(), q.id, { reason: 'off_topic' })
    expect(result).toEqual({ count: 1, closed: false, status: 'open' })
    expect(closeStateOf(q.id)?.closedAt).toBeNull()
  })

  it('lets staff at 1 reputation vote (their role gives the privilege), as one vote of three', () => {
    const q = makeQuestion(makeUser())
    const staff = makeUser({ role: 'staff', reputation: 1 })
    expect(voteToClose(staff, q.id, { reason: 'unclear' })).toMatchObject({
      count: 1,
      closed: false,
    })
  })

  it('refuses a second vote by the same person, keeping the first', () => {
    const q = makeQuestion(makeUser())
    const member = voter()
    voteToClose(member, q.id, { reason: 'unclear' })
    expect(() => voteToClose(member, q.id, { reason: 'off_topic' })).toThrow(
      'You have already voted to close this question.',
    )
    expect(votesOn(q.id)).toBe(1)
    expect(closeVoteSummary(q.id, member.id)).toEqual({
      count: 1,
      threshold: 3,
      viewerVoted: true,
    })
    expect(closeVoteSummary(q.id, makeUser().id).viewerVoted).toBe(false)
    expect(closeVoteSummary(q.id, null).viewerVoted).toBe(false)
  })

  it('lets the asker vote on their own question (one vote like anyone)', () => {
    const asker = voter()
    const q = makeQuestion(asker)
    expect(voteToClose(asker, q.id, { reason: 'resolved_elsewhere' }).count).toBe(1)
  })

  it('refuses a suspended account whatever its reputation', () => {
    const q = makeQuestion(makeUser())
    const member = voter()
    db.update(users).set({ status: 'suspended' }).where(eq(users.id, member.id)).run()
    expect(() => voteToClose(reload(member), q.id, { reason: 'unclear' })).toThrow(
      'Your account is suspended.',
    )
    expect(votesOn(q.id)).toBe(0)
  })

  it('refuses votes on a locked thread, except from a moderator', () => {
    const q = makeQuestion(makeUser())
    db.update(questions).set({ lockedAt: Date.now() }).where(eq(questions.id, q.id)).run()
    expect(() => voteToClose(voter(), q.id, { reason: 'unclear' })).toThrow(
      'This thread is locked.',
    )
    expect(voteToClose(makeUser({ role: 'moderator' }), q.id, { reason: 'unclear' }).closed).toBe(
      true,
    )
  })
})

describe('closing', () => {
  it('closes on the third vote, in one transaction with the status and the search outbox', () => {
    const asker = makeUser()
    const q = makeQuestion(asker)
    makeAnswer(makeUser(), q.id)
    const [first, second, third] = [voter(), voter(), voter()]
    const outboxBefore = outboxRows(q.id)
    voteToClose(first, q.id, { reason: 'off_topic' }, 1_000)
    voteToClose(second, q.id, { reason: 'off_topic' }, 2_000)
    expect(closeStateOf(q.id)?.status).toBe('answered')
    // Every thread write goes through the unit of work, which queues the thread each time.
    expect(outboxRows(q.id)).toBe(outboxBefore + 2)
    const result = voteToClose(third, q.id, { reason: 'unclear' }, 3_000)
    expect(result).toEqual({ count: 3, closed: true, status: 'closed' })
    expect(closeStateOf(q.id)).toEqual({
      status: 'closed',
      closedAt: 3_000,
      closedById: third.id,
      closedReason: closedReasonText('off_topic'), // the reason most votes gave
      duplicateOfId: null,
    })
    expect(outboxRows(q.id)).toBe(outboxBefore + 3)
    expect(() => makeAnswer(makeUser(), q.id)).toThrow(
      'This question is closed and no longer takes answers.',
    )
    expect(() => voteToClose(voter(), q.id, { reason: 'unclear' })).toThrow(
      'This question is already closed.',
    )
    expect(votesOn(q.id)).toBe(3)
  })

  it('gives a three-way tie to the closing vote', () => {
    const q = makeQuestion(makeUser())
    voteToClose(voter(), q.id, { reason: 'off_topic' }, 1_000)
    voteToClose(voter(), q.id, { reason: 'unclear' }, 2_000)
    voteToClose(voter(), q.id, { reason: 'resolved_elsewhere' }, 3_000)
    expect(closeStateOf(q.id)?.closedReason).toBe(closedReasonText('resolved_elsewhere'))
  })

  it.each(['moderator', 'admin'] as const)('a %s at 1 reputation closes at once', (role) => {
    const q = makeQuestion(makeUser())
    const mod = makeUser({ role, reputation: 1 })
    const before = outboxRows(q.id)
    expect(voteToClose(mod, q.id, { reason: 'off_topic' }, 5_000)).toEqual({
      count: 1,
      closed: true,
      status: 'closed',
    })
    expect(closeStateOf(q.id)).toMatchObject({ closedById: mod.id, closedAt: 5_000 })
    expect(outboxRows(q.id)).toBe(before + 1)
  })

  it('a moderator decides alone, even against earlier votes', () => {
    const original = makeQuestion(makeUser())
    const q = makeQuestion(makeUser())
    voteToClose(voter(), q.id, { reason: 'unclear' })
    voteToClose(voter(), q.id, { reason: 'unclear' })
    voteToClose(makeUser({ role: 'moderator' }), q.id, {
      reason: 'duplicate',
      duplicateOfId: original.id,
    })
    expect(closeStateOf(q.id)).toMatchObject({ status: 'duplicate', duplicateOfId: original.id })
  })
})

describe('duplicates', () => {
  const fieldMessage = (fn: () => unknown) => {
    try {
      fn()
    } catch (error) {
      if (error instanceof FieldError) return error.fieldErrors.duplicateOf?.[0]
      throw error
    }
    throw new Error('expected a FieldError')
  }

  it('needs an existing, live original other than the question itself', () => {
    const q = makeQuestion(makeUser())
    const gone = makeQuestion(makeUser())
    db.update(questions).set({ deletedAt: Date.now() }).where(eq(questions.id, gone.id)).run()
    const member = voter()
    expect(fieldMessage(() => voteToClose(member, q.id, { reason: 'duplicate' }))).toBe(
      'Give the link or number of the original question.',
    )
    expect(
      fieldMessage(() => voteToClose(member, q.id, { reason: 'duplicate', duplicateOfId: q.id })),
    ).toBe('A question cannot be a duplicate of itself.')
    expect(
      fieldMessage(() =>
        voteToClose(member, q.id, { reason: 'duplicate', duplicateOfId: 99_999_999 }),
      ),
    ).toBe('There is no question 99999999.')
    expect(
      fieldMessage(() =>
        voteToClose(member, q.id, { reason: 'duplicate', duplicateOfId: gone.id }),
      ),
    ).toBe(`There is no question ${gone.id}.`)
    expect(votesOn(q.id)).toBe(0)
  })

  it('marks the question a duplicate of the original three votes named; answers are refused', () => {
    const original = makeQuestion(makeUser())
    const other = makeQuestion(makeUser())
    const q = makeQuestion(makeUser())
    voteToClose(voter(), q.id, { reason: 'duplicate', duplicateOfId: original.id }, 1_000)
    voteToClose(voter(), q.id, { reason: 'duplicate', duplicateOfId: other.id }, 2_000)
    const result = voteToClose(voter(), q.id, {
      reason: 'duplicate',
      duplicateOfId: original.id,
    })
    expect(result).toMatchObject({ closed: true, status: 'duplicate' })
    expect(closeStateOf(q.id)).toMatchObject({
      status: 'duplicate',
      duplicateOfId: original.id,
      closedReason: closedReasonText('duplicate'),
    })
    expect(() => makeAnswer(makeUser(), q.id)).toThrow(
      'This question is closed and no longer takes answers.',
    )
  })

  it('points at the root of a duplicate chain, and never back at the question', () => {
    const root = makeQuestion(makeUser())
    const middle = makeQuestion(makeUser())
    const mod = makeUser({ role: 'moderator' })
    voteToClose(mod, middle.id, { reason: 'duplicate', duplicateOfId: root.id })
    const q = makeQuestion(makeUser())
    voteToClose(mod, q.id, { reason: 'duplicate', duplicateOfId: middle.id })
    expect(closeStateOf(q.id)?.duplicateOfId).toBe(root.id)

    // root was asked before its "duplicates": closing it as one of them would make a loop.
    expect(
      fieldMessage(() => voteToClose(mod, root.id, { reason: 'duplicate', duplicateOfId: q.id })),
    ).toBe(`Question ${q.id} is itself a duplicate of this question.`)
  })
})

describe('reopening (done by the moderation queue) starts a fresh round', () => {
  it('clearCloseVotes deletes the votes that closed the question', () => {
    const q = makeQuestion(makeUser())
    const voters = [voter(), voter(), voter()]
    for (const v of voters) voteToClose(v, q.id, { reason: 'unclear' })
    expect(closeStateOf(q.id)?.status).toBe('closed')
    // What a reopen does: clear the close facts, recompute the status, drop the votes.
    db.transaction((tx) => {
      tx.update(questions)
        .set({ closedAt: null, closedById: null, closedReason: null, duplicateOfId: null })
        .where(eq(questions.id, q.id))
        .run()
      refreshThreadFacts(q.id, Date.now())
      expect(clearCloseVotes(tx, q.id)).toBe(3)
    })
    expect(closeStateOf(q.id)?.status).toBe('open')
    expect(closeVoteSummary(q.id, voters[0]!.id)).toEqual({
      count: 0,
      threshold: 3,
      viewerVoted: false,
    })
    expect(voteToClose(voters[0]!, q.id, { reason: 'off_topic' }).count).toBe(1)
  })
})

describe('the close form input', () => {
  it('reads a question number or link', () => {
    expect(questionIdFrom('42')).toBe(42)
    expect(questionIdFrom(' #42 ')).toBe(42)
    expect(questionIdFrom('/questions/42/router-resets')).toBe(42)
    expect(questionIdFrom('https://community.example.com/questions/42/router?x=1#answer-3')).toBe(
      42,
    )
    expect(questionIdFrom('/questions/42')).toBe(42)
    expect(questionIdFrom('0')).toBeNull()
    expect(questionIdFrom('/users/42')).toBeNull()
    expect(questionIdFrom('router resets')).toBeNull()
  })

  it('needs a reason, and an original only for a duplicate', () => {
    expect(closeVoteSchema.safeParse({ intent: 'close' }).success).toBe(false)
    expect(
      closeVoteSchema.parse({ intent: 'close', reason: 'unclear', duplicateOf: 'whatever' }),
    ).toEqual({ reason: 'unclear', duplicateOfId: undefined })
    expect(
      closeVoteSchema.parse({
        intent: 'close',
        reason: 'duplicate',
        duplicateOf: '/questions/7/x',
      }),
    ).toEqual({ reason: 'duplicate', duplicateOfId: 7 })
    const missing = closeVoteSchema.safeParse({ intent: 'close', reason: 'duplicate' })
    expect(missing.error?.issues[0]).toMatchObject({
      path: ['duplicateOf'],
      message: 'Give the link or number of the original question',
    })
  })
})

describe('the thread page', () => {
  async function post(
    q: { id: number; slug: string },
    fields: Record<string, string>,
    user?: { id: number },
  ) {
    const cookie = user
      ? (await startSession(user.id, new Request(ORIGIN))).split(';')[0]
      : undefined
    const request = formRequest(
      `/questions/${q.id}/${q.slug}`,
      { intent: 'close', ...fields },
      {
        cookie,
      },
    )
    return action({
      request,
      params: { id: String(q.id), slug: q.slug },
      context: await contextFor(request),
    })
  }

  async function page(q: { id: number; slug: string }, user?: { id: number }) {
    const cookie = user
      ? (await startSession(user.id, new Request(ORIGIN))).split(';')[0]
      : undefined
    const request = new Request(`${ORIGIN}/questions/${q.id}/${q.slug}`, {
      headers: cookie ? { Cookie: cookie } : {},
    })
    return loader({
      request,
      params: { id: String(q.id), slug: q.slug },
      context: await contextFor(request),
    })
  }

  it('answers a member below 3 000 with a 403 and the message, on the question', async () => {
    const q = makeQuestion(makeUser())
    const refused = unwrap(await post(q, { reason: 'unclear' }, makeUser({ reputation: 2_999 })))
    expect(refused.status).toBe(403)
    expect(refused.data).toMatchObject({
      error: 'You need 3,000 reputation to vote to close.',
      postKey: `question:${q.id}`,
      intent: 'close',
    })
    expect(votesOn(q.id)).toBe(0)
  })

  it('keeps what was typed when the original is missing', async () => {
    const q = makeQuestion(makeUser())
    const result = unwrap(
      await post(q, { reason: 'duplicate', duplicateOf: 'the other one' }, voter()),
    )
    expect(result.status).toBe(400)
    expect(result.data).toMatchObject({
      error: 'Enter the link to a question on this site, or its number',
      fields: { reason: 'duplicate', duplicateOf: 'the other one' },
    })
    const unknown = unwrap(await post(q, { reason: 'duplicate', duplicateOf: '99999999' }, voter()))
    expect(unknown.status).toBe(400)
    expect(unknown.data.error).toBe('There is no question 99999999.')
  })

  it('shows the disclosure to members, not to visitors, and not once closed', async () => {
    const original = makeQuestion(makeUser())
    const q = makeQuestion(makeUser())
    const low = makeUser({ reputation: 10 })
    expect((await page(q)).closeVoting).toBeNull()
    expect((await page(q, low)).closeVoting).toMatchObject({ canVote: false, count: 0 })
    const first = voter()
    const voted = await post(q, { reason: 'duplicate', duplicateOf: String(original.id) }, first)
    expect((voted as Response).headers.get('Location')).toBe(
      `/questions/${q.id}/${q.slug}#close-question`,
    )
    expect((await page(q, first)).closeVoting).toMatchObject({
      canVote: true,
      binding: false,
      count: 1,
      viewerVoted: true,
    })
    const mod = makeUser({ role: 'moderator' })
    expect(closeVotingFor(q.id, mod)).toMatchObject({ binding: true, viewerVoted: false })
    const closed = await post(
      q,
      { reason: 'duplicate', duplicateOf: `${ORIGIN}/questions/${original.id}/${original.slug}` },
      mod,
    )
    expect((closed as Response).headers.get('Location')).toBe(`/questions/${q.id}/${q.slug}`)
    const after = await page(q, mod)
    expect(after.closeVoting).toBeNull()
    expect(after.thread.question.status).toBe('duplicate')
    expect(after.original).toEqual({
      id: original.id,
      title: expect.any(String),
      slug: original.slug,
    })
  })
})
