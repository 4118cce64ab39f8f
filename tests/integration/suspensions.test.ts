// Suspensions: who may suspend whom, every write of a suspended member refused with the reason and
// the end date, the end coming by itself (an injected clock), lifting early, all on the log.
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { users, type Role } from '#db/schema.ts'
import { createAnswer, editAnswer, toggleAcceptedAnswer } from '#app/models/answers.server.ts'
import { closeVotingFor, voteToClose } from '#app/models/close-votes.server.ts'
import { addComment } from '#app/models/comments.server.ts'
import { FieldError, PermissionError } from '#app/models/errors.server.ts'
import { flagPost } from '#app/models/flags.server.ts'
import { moderationLogPage } from '#app/models/moderation-log.server.ts'
import {
  liftSuspension,
  memberModeration,
  suspendMember,
  type SuspensionDays,
} from '#app/models/moderation.server.ts'
import { createQuestion, editQuestion } from '#app/models/questions.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 11, 1, 9, 0)
const REASON = 'Repeated insults in #router'
const ANSWER = 'Hold the reset button for ten seconds until the light blinks white.'
const QUESTION = {
  title: 'Why does the hub forget its pairing?',
  body: 'Each morning the hub has forgotten every paired sensor and I pair them again.',
  tags: ['hub'],
}

describe('who may suspend whom', () => {
  type Kind = Role | 'member at 3 000' | 'suspended moderator'
  const actorOf = (kind: Kind) => {
    if (kind === 'member at 3 000') return makeUser({ reputation: 3_000 })
    if (kind === 'suspended moderator') {
      const m = makeUser({ role: 'moderator' })
      suspendMember(makeUser({ role: 'admin' }), { userId: m.id, days: 7, reason: REASON }, T0)
      return reload(m)
    }
    return makeUser({ role: kind })
  }
  const cases: [Kind, Role, boolean][] = [
    ['member', 'member', false],
    ['member at 3 000', 'member', false],
    ['staff', 'member', false],
    ['suspended moderator', 'member', false],
    ['moderator', 'member', true],
    ['moderator', 'staff', false],
    ['moderator', 'moderator', false],
    ['moderator', 'admin', false],
    ['admin', 'member', true],
    ['admin', 'staff', true],
    ['admin', 'moderator', true],
    ['admin', 'admin', false],
  ]
  it.each(cases)('%s suspending a %s: allowed %s', (kind, role, allowed) => {
    const actor = actorOf(kind)
    const target = makeUser({ role })
    const suspend = () =>
      suspendMember(actor, { userId: target.id, days: 7, reason: REASON }, T0 + 1)
    if (!allowed) {
      expect(suspend).toThrow(PermissionError)
      expect(reload(target).status).toBe('active')
      return
    }
    expect(suspend()).toEqual({ userId: target.id, until: T0 + 1 + 7 * DAY })
    const [entry] = moderationLogPage({ target: { type: 'user', id: target.id } }).entries
    expect(entry).toMatchObject({
      action: 'suspend',
      reason: REASON,
      before: { status: 'active', suspendedUntil: null, suspensionReason: null },
    })
  })

  it('refuses suspending oneself, an empty reason and a length not offered', () => {
    const moderator = makeUser({ role: 'moderator' })
    const member = makeUser()
    expect(() =>
      suspendMember(moderator, { userId: moderator.id, days: 1, reason: REASON }),
    ).toThrow("You can't suspend yourself.")
    expect(() => suspendMember(moderator, { userId: member.id, days: 1, reason: ' ' })).toThrow(
      FieldError,
    )
    expect(() =>
      suspendMember(moderator, { userId: member.id, days: 3 as SuspensionDays, reason: REASON }),
    ).toThrow(FieldError)
  })

  it('shows the moderation box to moderators only, never on their own profile', () => {
    const moderator = makeUser({ role: 'moderator' })
    const member = makeUser()
    expect(memberModeration(null, member.id)).toBeNull()
    expect(memberModeration(makeUser({ role: 'staff' }), member.id)).toBeNull()
    expect(memberModeration(moderator, moderator.id)).toBeNull()
    expect(memberModeration(moderator, member.id)).toEqual({ suspension: null, canSuspend: true })
    expect(memberModeration(moderator, makeUser({ role: 'staff' }).id)?.canSuspend).toBe(false)
  })
})

describe('a suspended member', () => {
  function suspendedMember(days: SuspensionDays = 7) {
    const member = makeUser({ reputation: 5_000 })
    const question = makeQuestion(member, QUESTION)
    const other = makeQuestion(makeUser(), QUESTION)
    const answer = makeAnswer(makeUser(), question.id)
    const mine = makeAnswer(member, other.id)
    suspendMember(makeUser({ role: 'moderator' }), { userId: member.id, days, reason: REASON }, T0)
    return { member: reload(member), question, other, answer, mine }
  }
  const refusal = new RegExp(
    `^Your account is suspended until 8 December 2026 at 09:00 UTC: ${REASON}`,
  )
  type Setup = ReturnType<typeof suspendedMember>
  const writes: [string, (s: Setup, now: number) => unknown][] = [
    ['asking', (s, now) => createQuestion(s.member, QUESTION, now)],
    ['answering', (s, now) => createAnswer(s.member, s.other.id, ANSWER, now)],
    [
      'commenting',
      (s, now) =>
        addComment(s.member, { questionId: s.question.id }, 'Which firmware is it on?', now),
    ],
    ['voting', (s, now) => castVote(s.member, 'answer', s.answer.id, 'up', now)],
    ['accepting', (s, now) => toggleAcceptedAnswer(s.member, s.answer.id, now)],
    ['editing a question', (s, now) => editQuestion(s.member, s.question.id, QUESTION, now)],
    ['editing an answer', (s, now) => editAnswer(s.member, s.mine.id, { body: ANSWER }, now)],
    ['flagging', (s, now) => flagPost(s.member, 'answer', s.answer.id, 'spam', '', now)],
    ['voting to close', (s, now) => voteToClose(s.member, s.other.id, { reason: 'unclear' }, now)],
  ]

  it.each(writes)(
    'is refused %s with the reason and end date, until it ends by itself',
    (_, write) => {
      const setup = suspendedMember()
      expect(() => write(setup, T0 + DAY)).toThrow(refusal)
      expect(() => write(setup, T0 + 7 * DAY - 1)).toThrow(refusal)
      expect(() => write(setup, T0 + 7 * DAY)).not.toThrow()
    },
  )

  it('may write again once a moderator lifts it early, on the record', () => {
    const { member, other } = suspendedMember(365)
    const moderator = makeUser({ role: 'moderator' })
    liftSuspension(moderator, { userId: member.id, reason: 'Apologised' }, T0 + DAY)
    expect(createAnswer(reload(member), other.id, ANSWER, T0 + DAY).id).toBeGreaterThan(0)
    const [lift] = moderationLogPage({ target: { type: 'user', id: member.id } }).entries
    expect(lift).toMatchObject({
      action: 'unsuspend',
      reason: 'Apologised',
      before: { status: 'suspended', suspendedUntil: T0 + 365 * DAY, suspensionReason: REASON },
    })
    expect(() => liftSuspension(moderator, { userId: member.id, reason: '' }, T0 + DAY)).toThrow(
      'This member is not suspended.',
    )
  })

  it('counts as not suspended once the end has passed, for lifting too', () => {
    const { member } = suspendedMember(1)
    const moderator = makeUser({ role: 'moderator' })
    expect(() =>
      liftSuspension(moderator, { userId: member.id, reason: '' }, T0 + 2 * DAY),
    ).toThrow('This member is not suspended.')
    const row = db.select().from(users).where(eq(users.id, member.id)).get()!
    expect(row.suspensionReason).toBe(REASON) // the record of it stays; its end has passed
  })
})

describe('the close box of a member whose suspension ran out', () => {
  it('comes back once the end has passed, as every write does', () => {
    const member = makeUser({ reputation: 5_000 })
    const question = makeQuestion(makeUser(), QUESTION)
    const moderator = makeUser({ role: 'moderator' })
    suspendMember(moderator, { userId: member.id, days: 1, reason: REASON }, Date.now() - 2 * DAY)
    expect(closeVotingFor(question.id, reload(member))?.canVote).toBe(true)
    suspendMember(moderator, { userId: member.id, days: 7, reason: REASON })
    expect(closeVotingFor(question.id, reload(member))).toBeNull()
  })
})
