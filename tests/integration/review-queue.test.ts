// The review queue and what the community can do before a moderator comes: three spam or rude
// flags from members with 15 reputation hide a post; a moderator confirms it (a spam post costs
// its author 100 reputation, given back on undelete) or dismisses the flags (the post returns);
// flaggers see each flag's outcome; the queue puts the heaviest first and reads only pending flags.
import { describe, expect, it } from 'vitest'
import { deletePost, undeletePost } from '#app/models/deletion.server.ts'
import { flagPost, HIDE_THRESHOLD } from '#app/models/flags.server.ts'
import { reputationFromLedger } from '#app/models/reputation.server.ts'
import { dismissFlags, flagHistory, reviewQueue } from '#app/models/review-queue.server.ts'
import { getThread } from '#app/models/thread-view.server.ts'
import { castVote } from '#app/models/votes.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import type { FlagReason } from '#db/schema.ts'
import { makeAnswer, makeQuestion, makeUser, reload } from '#tests/fixtures/factories.ts'
import { plansOf, scansIn } from '#tests/fixtures/query-plans.ts'

function flaggedAnswer() {
  const question = makeQuestion(makeUser())
  const author = makeUser({ reputation: 300 })
  const answer = makeAnswer(author, question.id)
  castVote(makeUser({ reputation: 200 }), 'answer', answer.id, 'up') // +10 the hiding takes away
  return { question, author: reload(author), answer }
}

/** Reputation the ledger really holds (12 upvotes elsewhere: 120), so a penalty shows whole. */
function earnElsewhere(author: ReturnType<typeof reload>) {
  const other = makeAnswer(author, makeQuestion(makeUser()).id)
  for (let i = 0; i < 12; i++) castVote(makeUser({ reputation: 200 }), 'answer', other.id, 'up')
}

const flaggers = (n: number, reputation = 15) =>
  Array.from({ length: n }, () => makeUser({ reputation }))
const visibleTo = (questionId: number, viewer: Parameters<typeof getThread>[1]) =>
  getThread(questionId, viewer)!.answers.map((a) => ({ id: a.id, hidden: a.hiddenAt != null }))

describe('hidden by the community', () => {
  const cases: [string, FlagReason, number, number, boolean][] = [
    ['three spam flags', 'spam', 3, 15, true],
    ['three rude flags', 'rude', 3, 15, true],
    ['two spam flags', 'spam', 2, 15, false],
    ['three spam flags under 15 reputation', 'spam', 3, 14, false],
    ['three off-topic flags', 'off_topic', 3, 15, false],
  ]
  it.each(cases)('%s: hidden %s', (_name, reason, count, reputation, hidden) => {
    const { question, author, answer } = flaggedAnswer()
    const results = flaggers(count, reputation).map((f) => flagPost(f, 'answer', answer.id, reason))
    expect(results.map((r) => r.hidden)).toEqual(
      results.map((_r, i) => hidden && i === HIDE_THRESHOLD - 1),
    )
    expect(visibleTo(question.id, null)).toEqual(hidden ? [] : [{ id: answer.id, hidden: false }])
    expect(visibleTo(question.id, author)).toEqual([{ id: answer.id, hidden }])
    expect(visibleTo(question.id, makeUser({ role: 'moderator' }))).toEqual([
      { id: answer.id, hidden },
    ])
  })
})

describe("a moderator's decision", () => {
  it('confirming a spam post costs its author 100 reputation; undelete gives it all back', () => {
    const { question, author, answer } = flaggedAnswer()
    earnElsewhere(author)
    const before = reputationFromLedger(author.id)
    expect(before).toBe(130)
    const reporters = flaggers(3)
    for (const f of reporters) flagPost(f, 'answer', answer.id, 'spam')
    expect(reputationFromLedger(author.id)).toBe(120) // the hidden answer's upvote reversed

    const moderator = makeUser({ role: 'moderator' })
    deletePost(moderator, { type: 'answer', id: answer.id })
    expect(reputationFromLedger(author.id)).toBe(20)
    expect(visibleTo(question.id, author)).toEqual([])
    expect(flagHistory(reporters[0]!.id).map((f) => f.status)).toEqual(['helpful'])

    undeletePost(moderator, { type: 'answer', id: answer.id })
    expect(reputationFromLedger(author.id)).toBe(before)
    expect(visibleTo(question.id, null)).toEqual([{ id: answer.id, hidden: false }])
  })

  it('dismissing the flags of a hidden post brings it back, the flags declined', () => {
    const { question, author, answer } = flaggedAnswer()
    const before = reputationFromLedger(author.id)
    const reporters = flaggers(3)
    for (const f of reporters) flagPost(f, 'answer', answer.id, 'rude', 'Insults the asker')
    dismissFlags(makeUser({ role: 'moderator' }), { type: 'answer', id: answer.id })
    expect(visibleTo(question.id, null)).toEqual([{ id: answer.id, hidden: false }])
    expect(reputationFromLedger(author.id)).toBe(before)
    expect(reporters.map((r) => flagHistory(r.id)[0]!.status)).toEqual([
      'declined',
      'declined',
      'declined',
    ])
    expect(() =>
      dismissFlags(makeUser({ role: 'staff' }), { type: 'answer', id: answer.id }),
    ).toThrow(PermissionError)
  })
})

describe('the review queue', () => {
  it('groups pending flags by post: spam and rude first, then by flaggers, then by age', () => {
    for (const group of reviewQueue()) {
      dismissFlags(makeUser({ role: 'moderator' }), { type: group.postType, id: group.postId })
    }
    const t0 = Date.UTC(2026, 11, 1)
    const oldOffTopic = makeAnswer(makeUser(), makeQuestion(makeUser()).id)
    const twoOffTopic = makeAnswer(makeUser(), makeQuestion(makeUser()).id)
    const oneSpam = makeAnswer(makeUser(), makeQuestion(makeUser()).id)
    const question = makeQuestion(makeUser())
    flagPost(makeUser(), 'answer', oldOffTopic.id, 'off_topic', '', t0)
    for (const f of flaggers(2)) flagPost(f, 'answer', twoOffTopic.id, 'off_topic', '', t0 + 1)
    flagPost(makeUser(), 'answer', oneSpam.id, 'spam', 'Link to a shop', t0 + 2)
    flagPost(makeUser(), 'question', question.id, 'needs_moderator', 'Has a phone number', t0 + 3)
    const queue = reviewQueue()
    expect(queue.map((g) => `${g.postType}:${g.postId}`)).toEqual([
      `answer:${oneSpam.id}`,
      `answer:${twoOffTopic.id}`,
      `answer:${oldOffTopic.id}`,
      `question:${question.id}`,
    ])
    expect(queue[0]!.flags).toEqual([
      expect.objectContaining({ reason: 'spam', details: 'Link to a shop' }),
    ])
    expect(queue[1]!.flaggers).toBe(2)
  })

  it('reads pending flags and posts by key, never a scan of the community', () => {
    const { answer } = flaggedAnswer()
    const reporter = makeUser({ reputation: 20 })
    const plans = plansOf(() => {
      flagPost(reporter, 'answer', answer.id, 'spam')
      reviewQueue()
      flagHistory(reporter.id)
    })
    expect(plans.length).toBeGreaterThan(3)
    for (const { sql, plan } of plans) {
      expect({ sql, scans: scansIn(plan, ['flags']) }).toEqual({ sql, scans: [] })
    }
  })
})
