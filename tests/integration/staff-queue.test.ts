// The staff queue (/staff) and its "I'm on it" claims, on hand-made threads with known times and
// an injected clock: order, exclusions, filters, keyset paging, breach marks, and claims that show,
// refuse a second claimant, lapse after 30 minutes unless the claimant answered, and release.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { questions } from '#db/schema.ts'
import { toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { voteToClose } from '#app/models/close-votes.server.ts'
import { deletePost, hideFlaggedPost } from '#app/models/deletion.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import { updateSiteSettings } from '#app/models/site-settings.server.ts'
import {
  CLAIM_MINUTES,
  claimQuestion,
  liveClaim,
  releaseClaim,
} from '#app/models/staff-claims.server.ts'
import { staffQueue, type QueueOptions } from '#app/models/staff-queue.server.ts'
import { questionTimelineSteps } from '#app/models/timeline.server.ts'
import { formatClockTime, formatWaited } from '#app/lib/staff-times.ts'
import { makeUser, pastAnswer, pastQuestion } from '#tests/fixtures/factories.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const T0 = Date.UTC(2026, 0, 5, 8, 0)

const asker = makeUser()
const answerer = makeUser()
const admin = makeUser({ role: 'admin' })

let counter = 0
function ask(at: number, tags: string[]) {
  counter++
  return pastQuestion(
    asker,
    {
      title: `Why does the doorbell chime twice, case ${counter}?`,
      body: 'Every time someone presses the doorbell it chimes twice and the app shows two events.',
      tags,
    },
    at,
  ).id
}

function answer(questionId: number, at: number, author = answerer) {
  return pastAnswer(
    author,
    questionId,
    'Turn off the second chime in the app settings, then restart.',
    at,
  )
}

const ids = (options: QueueOptions) => staffQueue(options).items.map((item) => item.id)

describe('the staff queue', () => {
  // Built in the first test (before any other test adds questions): the file's whole queue.
  const q: Record<string, number> = {}
  const now = T0 + 10 * HOUR

  it('lists live unanswered and unresolved questions, oldest waiting first, nothing else', () => {
    q.oldest = ask(T0, ['hub'])
    q.unresolved = ask(T0 + HOUR, ['hub'])
    answer(q.unresolved, T0 + 2 * HOUR)
    q.closed = ask(T0 + 2 * HOUR, ['hub'])
    voteToClose(makeUser({ role: 'moderator' }), q.closed, { reason: 'unclear' }, T0 + 3 * HOUR)
    q.resolved = ask(T0 + 3 * HOUR, ['hub'])
    toggleAcceptedAnswer(asker, answer(q.resolved, T0 + 4 * HOUR).id, T0 + 4 * HOUR)
    q.deleted = ask(T0 + 4 * HOUR, ['hub'])
    deletePost(
      makeUser({ role: 'moderator' }),
      { type: 'question', id: q.deleted },
      '',
      T0 + 5 * HOUR,
    )
    q.hidden = ask(T0 + 5 * HOUR, ['hub'])
    hideFlaggedPost(answerer.id, { type: 'question', id: q.hidden }, T0 + 6 * HOUR)
    q.escalated = ask(T0 + 8 * HOUR, ['hub'])
    db.update(questions)
      .set({ escalatedAt: T0 + 9 * HOUR })
      .where(eq(questions.id, q.escalated))
      .run()
    q.recent = ask(now - 30 * MINUTE, ['wifi'])

    const page = staffQueue({ now })
    expect(page.items.map((item) => item.id)).toEqual([
      q.oldest,
      q.unresolved,
      q.escalated,
      q.recent,
    ])
    expect(page.targetMinutes).toBe(60)
    const [oldest, unresolved, escalated, recent] = page.items
    expect(oldest).toMatchObject({ status: 'open', waitedMs: 10 * HOUR, breached: true })
    expect(oldest!.tags).toEqual(['hub'])
    expect(oldest!.author.handle).toBe(asker.handle)
    expect(formatWaited(oldest!.waitedMs)).toBe('10 h')
    // Answered: past the target but not a breach (it was answered); the answer count shows.
    expect(unresolved).toMatchObject({ status: 'answered', answerCount: 1, breached: false })
    expect(escalated).toMatchObject({ escalatedAt: T0 + 9 * HOUR, breached: true })
    expect(recent).toMatchObject({ waitedMs: 30 * MINUTE, breached: false })
    expect(page.older).toBeNull()
    expect(page.newer).toBeNull()
  })

  it('marks a breach once the unanswered question waits past the target, by the clock given', () => {
    const at = (t: number) => staffQueue({ now: t, status: 'unanswered' }).items[0]!
    expect(at(T0 + 59 * MINUTE)).toMatchObject({ id: q.oldest, breached: false })
    expect(at(T0 + 60 * MINUTE)).toMatchObject({ id: q.oldest, breached: false })
    expect(at(T0 + 61 * MINUTE)).toMatchObject({ id: q.oldest, breached: true })
  })

  it('follows the first-response target an admin sets', () => {
    const breached = () =>
      staffQueue({ now })
        .items.filter((item) => item.breached)
        .map((item) => item.id)
    expect(breached()).toEqual([q.oldest, q.escalated])
    updateSiteSettings(admin, { firstResponseTargetMinutes: 15 })
    try {
      expect(staffQueue({ now }).targetMinutes).toBe(15)
      expect(breached()).toEqual([q.oldest, q.escalated, q.recent])
    } finally {
      updateSiteSettings(admin, { firstResponseTargetMinutes: 60 })
    }
  })

  it('filters by status', () => {
    expect(ids({ now, status: 'waiting' })).toEqual([q.oldest, q.unresolved, q.escalated, q.recent])
    expect(ids({ now, status: 'unanswered' })).toEqual([q.oldest, q.escalated, q.recent])
    expect(ids({ now, status: 'unresolved' })).toEqual([q.unresolved])
    expect(ids({ now, status: 'escalated' })).toEqual([q.escalated])
  })

  it('filters by age, against the clock given', () => {
    expect(ids({ now, age: 'over-1h' })).toEqual([q.oldest, q.unresolved, q.escalated])
    expect(ids({ now, age: 'over-target' })).toEqual([q.oldest, q.unresolved, q.escalated])
    expect(ids({ now, age: 'within-1h' })).toEqual([q.recent])
    expect(ids({ now, age: 'within-1d' })).toEqual([q.oldest, q.unresolved, q.escalated, q.recent])
    expect(ids({ now, age: 'over-1d' })).toEqual([])
    const week = 7 * 24 * HOUR
    expect(ids({ now: T0 + week, age: 'over-7d' })).toEqual([q.oldest])
    expect(ids({ now: T0 + week - 1, age: 'over-7d' })).toEqual([])
    expect(ids({ now: T0 + week + HOUR, age: 'over-7d' })).toEqual([q.oldest, q.unresolved])
    expect(ids({ now, age: 'over-1h', status: 'unanswered' })).toEqual([q.oldest, q.escalated])
  })

  it('filters by tag, with every status, and says when the tag does not exist', () => {
    expect(ids({ now, tag: 'hub' })).toEqual([q.oldest, q.unresolved, q.escalated])
    expect(ids({ now, tag: 'hub', status: 'unanswered' })).toEqual([q.oldest, q.escalated])
    expect(ids({ now, tag: 'hub', status: 'unresolved' })).toEqual([q.unresolved])
    expect(ids({ now, tag: 'hub', status: 'escalated' })).toEqual([q.escalated])
    expect(ids({ now, tag: 'hub', age: 'over-1h', status: 'unanswered' })).toEqual([
      q.oldest,
      q.escalated,
    ])
    expect(ids({ now, tag: 'wifi' })).toEqual([q.recent])
    expect(staffQueue({ now, tag: 'no-such-tag' })).toMatchObject({ items: [], unknownTag: true })
  })

  it('leaves the unanswered filter when answered, and the queue when resolved', () => {
    const later = now + HOUR
    const id = ask(now + 10 * MINUTE, ['leaving'])
    expect(ids({ now: later, tag: 'leaving', status: 'unanswered' })).toEqual([id])
    const reply = answer(id, now + 20 * MINUTE)
    expect(ids({ now: later, tag: 'leaving', status: 'unanswered' })).toEqual([])
    expect(ids({ now: later, tag: 'leaving', status: 'unresolved' })).toEqual([id])
    toggleAcceptedAnswer(asker, reply.id, now + 30 * MINUTE)
    expect(ids({ now: later, tag: 'leaving' })).toEqual([])
  })
})

describe('paging the staff queue', () => {
  it('walks newer and older with keyset cursors, ties on the same second broken by id', () => {
    const base = T0 + 30 * 24 * HOUR
    const all = [0, 1, 2, 2, 2, 3, 4, 5].map((minutes) => ask(base + minutes * MINUTE, ['paging']))
    const now = base + HOUR
    const options = { now, tag: 'paging', pageSize: 3 }
    const first = staffQueue(options)
    expect(first.items.map((i) => i.id)).toEqual(all.slice(0, 3))
    expect(first.older).toBeNull()
    const second = staffQueue({ ...options, after: first.newer! })
    expect(second.items.map((i) => i.id)).toEqual(all.slice(3, 6))
    const third = staffQueue({ ...options, after: second.newer! })
    expect(third.items.map((i) => i.id)).toEqual(all.slice(6))
    expect(third.newer).toBeNull()
    // And back: each page's "older" link gives the page before it.
    const back = staffQueue({ ...options, before: third.older! })
    expect(back.items.map((i) => i.id)).toEqual(all.slice(3, 6))
    expect(back.newer).toEqual(second.newer)
    const start = staffQueue({ ...options, before: back.older! })
    expect(start.items.map((i) => i.id)).toEqual(all.slice(0, 3))
    expect(start.older).toBeNull()
    // The same walk without a tag, on the questions' own index, within this hour.
    const untagged = { now, pageSize: 3, age: 'within-1h' as const }
    const page1 = staffQueue(untagged)
    const page2 = staffQueue({ ...untagged, after: page1.newer! })
    expect([...page1.items, ...page2.items].map((i) => i.id)).toEqual(all.slice(0, 6))
    expect(staffQueue({ ...untagged, before: page2.older! }).items.map((i) => i.id)).toEqual(
      all.slice(0, 3),
    )
  })
})

describe('"I\'m on it" claims', () => {
  const base = T0 + 60 * 24 * HOUR
  const ann = makeUser({ role: 'staff', handle: `ann_${Date.now().toString(36)}` })
  const bob = makeUser({ role: 'moderator' })
  const member = makeUser()

  it('shows who is on it and since when, in the queue, to every staff member', () => {
    const id = ask(base, ['claims-visible'])
    claimQuestion(ann, id, base + 42 * MINUTE)
    const claim = liveClaim(id, base + 50 * MINUTE)
    expect(claim).toMatchObject({
      user: { id: ann.id, handle: ann.handle },
      claimedAt: base + 42 * MINUTE,
      lapsesAt: base + (42 + CLAIM_MINUTES) * MINUTE,
      answered: false,
    })
    const [item] = staffQueue({ now: base + HOUR, tag: 'claims-visible' }).items
    expect(item!.claim).toMatchObject({
      user: { handle: ann.handle },
      claimedAt: base + 42 * MINUTE,
    })
    expect(formatClockTime(item!.claim!.claimedAt, base + HOUR)).toBe('08:42 UTC')
  })

  it('refuses a second staff member while the claim is live, naming who holds it', () => {
    const id = ask(base, ['claims-refused'])
    claimQuestion(ann, id, base + 10 * MINUTE)
    const second = () => claimQuestion(bob, id, base + 20 * MINUTE)
    expect(second).toThrow(FieldError)
    expect(second).toThrow(`@${ann.handle} is already on it (since 08:10 UTC).`)
    expect(liveClaim(id, base + 20 * MINUTE)?.user.id).toBe(ann.id)
    // The claimant's second click keeps the claim as it was.
    expect(claimQuestion(ann, id, base + 25 * MINUTE).claimedAt).toBe(base + 10 * MINUTE)
  })

  it('lapses 30 minutes after it was made, and the question can be claimed again', () => {
    const id = ask(base, ['claims-lapse'])
    const claimedAt = base + 5 * MINUTE
    claimQuestion(ann, id, claimedAt)
    expect(liveClaim(id, claimedAt + 30 * MINUTE - 1)?.user.id).toBe(ann.id)
    expect(liveClaim(id, claimedAt + 30 * MINUTE)).toBeNull()
    expect(
      staffQueue({ now: claimedAt + 31 * MINUTE, tag: 'claims-lapse' }).items[0]!.claim,
    ).toBeNull()
    claimQuestion(bob, id, claimedAt + 31 * MINUTE)
    expect(liveClaim(id, claimedAt + 32 * MINUTE)?.user.id).toBe(bob.id)
    // Each claim is a step on the question's timeline, with who made it.
    const steps = questionTimelineSteps(id).filter((step) => step.kind === 'claimed')
    expect(steps.map((step) => [step.actorHandle, step.at])).toEqual([
      [ann.handle, claimedAt],
      [bob.handle, claimedAt + 31 * MINUTE],
    ])
  })

  it('does not lapse once the claimant has answered', () => {
    const id = ask(base, ['claims-answered'])
    claimQuestion(ann, id, base + MINUTE)
    answer(id, base + 10 * MINUTE, ann)
    const claim = liveClaim(id, base + 3 * HOUR)
    expect(claim).toMatchObject({ user: { id: ann.id }, answered: true, lapsesAt: null })
    expect(() => claimQuestion(bob, id, base + 3 * HOUR)).toThrow(/is already on it/)
    // Another person's answer does not keep a claim.
    const other = ask(base, ['claims-answered'])
    claimQuestion(ann, other, base + MINUTE)
    answer(other, base + 10 * MINUTE)
    expect(liveClaim(other, base + HOUR)).toBeNull()
  })

  it('can be released by the claimant only, and then claimed by another', () => {
    const id = ask(base, ['claims-release'])
    claimQuestion(ann, id, base + MINUTE)
    expect(() => releaseClaim(bob, id, base + 2 * MINUTE)).toThrow(PermissionError)
    expect(() => releaseClaim(bob, id, base + 2 * MINUTE)).toThrow(
      `Only @${ann.handle} can release their claim.`,
    )
    releaseClaim(ann, id, base + 3 * MINUTE)
    expect(liveClaim(id, base + 4 * MINUTE)).toBeNull()
    claimQuestion(bob, id, base + 5 * MINUTE)
    expect(liveClaim(id, base + 6 * MINUTE)?.user.id).toBe(bob.id)
  })

  it('is for staff only, and only on a question still waiting', () => {
    const id = ask(base, ['claims-rules'])
    expect(() => claimQuestion(member, id, base + MINUTE)).toThrow(PermissionError)
    expect(() => releaseClaim(member, id, base + MINUTE)).toThrow(PermissionError)
    expect(liveClaim(id, base + MINUTE)).toBeNull()
    const reply = answer(id, base + 2 * MINUTE)
    toggleAcceptedAnswer(asker, reply.id, base + 3 * MINUTE)
    expect(() => claimQuestion(ann, id, base + 4 * MINUTE)).toThrow(/no longer waiting/)
    expect(questionTimelineSteps(id)).toEqual([])
  })
})
