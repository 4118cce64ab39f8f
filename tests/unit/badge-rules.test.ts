// Each badge's rule on plain facts: what earns it, what falls just short, and which post it
// names as the reason.
import { describe, expect, it } from 'vitest'
import {
  BADGES,
  BADGE_EVENTS,
  COMMENTATOR_COMMENTS,
  FAST_RESPONSE_MS,
  GREAT_ANSWER_SCORE,
  TRUSTED_SOLVER_ACCEPTED,
  badgesForEvent,
  evaluateBadges,
  getBadge,
  type AnswerFact,
  type BadgeFacts,
  type QuestionFact,
} from '#app/lib/badge-rules.ts'

const ME = 1
const ASKER = 2
const T0 = 1_800_000_000_000
const MINUTE = 60_000

function answer(overrides: Partial<AnswerFact> = {}): AnswerFact {
  return {
    id: 10,
    questionId: 100,
    createdAt: T0 + 60 * MINUTE,
    score: 0,
    questionAuthorId: ASKER,
    questionCreatedAt: T0,
    accepted: false,
    official: false,
    ...overrides,
  }
}

function question(overrides: Partial<QuestionFact> = {}): QuestionFact {
  return {
    id: 200,
    createdAt: T0,
    score: 0,
    acceptedAnswerId: null,
    acceptedAnswerAuthorId: null,
    ...overrides,
  }
}

function facts(overrides: Partial<BadgeFacts> = {}): BadgeFacts {
  return {
    userId: ME,
    reputation: 1,
    authorIsStaff: false,
    answers: [],
    questions: [],
    upvotesCast: 0,
    commentCount: 0,
    ...overrides,
  }
}

function rule(slug: string) {
  const badge = getBadge(slug)
  if (!badge) throw new Error(`no badge ${slug}`)
  return (f: BadgeFacts) => badge.earned(f)
}

describe('the badge catalogue', () => {
  it('gives every badge a unique slug, a name, a tier, a description and its events', () => {
    const slugs = BADGES.map((b) => b.slug)
    expect(new Set(slugs).size).toBe(slugs.length)
    for (const b of BADGES) {
      expect(b.slug).toMatch(/^[a-z0-9-]+$/)
      expect(b.name.length).toBeGreaterThan(2)
      expect(['gold', 'silver', 'bronze']).toContain(b.tier)
      expect(b.description).toMatch(/\.$/)
      expect(b.events.length).toBeGreaterThan(0)
      for (const e of b.events) expect(BADGE_EVENTS).toContain(e)
    }
    expect(slugs).toEqual(
      expect.arrayContaining([
        'helper',
        'problem-solver',
        'endorsed',
        'trusted-solver',
        'great-answer',
        'fast-responder',
        'citizen-expert',
      ]),
    )
  })

  it('checks after each event only the badges that event can complete', () => {
    expect(badgesForEvent('answer_posted').map((b) => b.slug)).toEqual(['helper'])
    expect(badgesForEvent('comment_posted').map((b) => b.slug)).toEqual(['commentator'])
    expect(badgesForEvent('answer_official').map((b) => b.slug)).toEqual([
      'fast-responder',
      'endorsed',
      'citizen-expert',
    ])
    for (const event of BADGE_EVENTS) expect(badgesForEvent(event).length).toBeGreaterThan(0)
  })

  it('evaluates only the badges it is given', () => {
    const f = facts({ answers: [answer()], upvotesCast: 1 })
    expect(evaluateBadges(f).map((e) => e.badge.slug)).toEqual(['helper', 'supporter'])
    expect(evaluateBadges(f, badgesForEvent('answer_posted')).map((e) => e.badge.slug)).toEqual([
      'helper',
    ])
  })
})

describe('Helper: a first answer', () => {
  const helper = rule('helper')
  it('needs an answer and names the oldest', () => {
    expect(helper(facts())).toBeNull()
    const older = answer({ id: 7, questionId: 70, createdAt: T0 - MINUTE })
    expect(helper(facts({ answers: [answer(), older] }))).toEqual({ questionId: 70, answerId: 7 })
  })
})

describe('Student: a question the community upvoted', () => {
  const student = rule('student')
  it('needs a question with a score of 1 or more', () => {
    expect(student(facts({ questions: [question({ score: 0 })] }))).toBeNull()
    expect(student(facts({ questions: [question({ score: -1 })] }))).toBeNull()
    expect(student(facts({ questions: [question({ score: 1 })] }))).toEqual({
      questionId: 200,
      answerId: null,
    })
  })
})

describe("Scholar: accepting someone else's answer", () => {
  const scholar = rule('scholar')
  it('counts an accepted answer by another person, not your own', () => {
    expect(scholar(facts({ questions: [question()] }))).toBeNull()
    const own = question({ acceptedAnswerId: 5, acceptedAnswerAuthorId: ME })
    expect(scholar(facts({ questions: [own] }))).toBeNull()
    const other = question({ id: 201, acceptedAnswerId: 6, acceptedAnswerAuthorId: ASKER })
    expect(scholar(facts({ questions: [own, other] }))).toEqual({ questionId: 201, answerId: 6 })
  })
})

describe('Supporter: a first upvote', () => {
  const supporter = rule('supporter')
  it('needs one upvote cast', () => {
    expect(supporter(facts({ upvotesCast: 0 }))).toBeNull()
    expect(supporter(facts({ upvotesCast: 1 }))).toEqual({ questionId: null, answerId: null })
  })
})

describe('Commentator: ten comments', () => {
  const commentator = rule('commentator')
  it(`needs ${COMMENTATOR_COMMENTS} comments`, () => {
    expect(commentator(facts({ commentCount: COMMENTATOR_COMMENTS - 1 }))).toBeNull()
    expect(commentator(facts({ commentCount: COMMENTATOR_COMMENTS }))).not.toBeNull()
  })
})

describe('Problem solver: a first answer accepted', () => {
  const solver = rule('problem-solver')
  it('counts acceptance by the asker, not accepting your own answer', () => {
    expect(solver(facts({ answers: [answer()] }))).toBeNull()
    const selfAccepted = answer({ accepted: true, questionAuthorId: ME })
    expect(solver(facts({ answers: [selfAccepted] }))).toBeNull()
    expect(solver(facts({ answers: [answer({ accepted: true })] }))).toEqual({
      questionId: 100,
      answerId: 10,
    })
  })
})

describe('Trusted solver: ten answers accepted', () => {
  const trusted = rule('trusted-solver')
  const accepted = (n: number, extra: Partial<AnswerFact> = {}) =>
    Array.from({ length: n }, (_, i) => answer({ id: i + 1, accepted: true, ...extra }))
  it(`needs ${TRUSTED_SOLVER_ACCEPTED} answers accepted by their askers`, () => {
    expect(trusted(facts({ answers: accepted(TRUSTED_SOLVER_ACCEPTED - 1) }))).toBeNull()
    expect(trusted(facts({ answers: accepted(TRUSTED_SOLVER_ACCEPTED) }))).not.toBeNull()
    const selfAccepted = accepted(TRUSTED_SOLVER_ACCEPTED, { questionAuthorId: ME })
    expect(trusted(facts({ answers: selfAccepted }))).toBeNull()
  })
})

describe('Endorsed: an answer marked official', () => {
  const endorsed = rule('endorsed')
  it('counts official answers of community members, not of staff', () => {
    expect(endorsed(facts({ answers: [answer()] }))).toBeNull()
    const official = answer({ official: true })
    expect(endorsed(facts({ answers: [official] }))).toEqual({ questionId: 100, answerId: 10 })
    expect(endorsed(facts({ answers: [official], authorIsStaff: true }))).toBeNull()
  })
})

describe('Great answer: a score of 10', () => {
  const great = rule('great-answer')
  it(`needs an answer scored ${GREAT_ANSWER_SCORE} or more`, () => {
    expect(great(facts({ answers: [answer({ score: GREAT_ANSWER_SCORE - 1 })] }))).toBeNull()
    expect(great(facts({ answers: [answer({ score: GREAT_ANSWER_SCORE })] }))).toEqual({
      questionId: 100,
      answerId: 10,
    })
  })
})

describe('Fast responder: helped within 10 minutes', () => {
  const fast = rule('fast-responder')
  const at = (delay: number, extra: Partial<AnswerFact> = {}) =>
    facts({ answers: [answer({ createdAt: T0 + delay, ...extra })] })

  it('counts an answer posted at most 10 minutes after the question', () => {
    expect(fast(at(FAST_RESPONSE_MS, { score: 1 }))).toEqual({ questionId: 100, answerId: 10 })
    expect(fast(at(FAST_RESPONSE_MS + 1, { score: 1 }))).toBeNull()
    expect(fast(at(3 * MINUTE, { score: 1 }))).not.toBeNull()
  })

  it('only once the answer helped: accepted, official or upvoted', () => {
    expect(fast(at(3 * MINUTE))).toBeNull()
    expect(fast(at(3 * MINUTE, { score: -1 }))).toBeNull()
    expect(fast(at(3 * MINUTE, { accepted: true }))).not.toBeNull()
    expect(fast(at(3 * MINUTE, { official: true }))).not.toBeNull()
  })

  it("not for a staff author's answer that only staff marked official", () => {
    const official = at(3 * MINUTE, { official: true })
    expect(fast({ ...official, authorIsStaff: true })).toBeNull()
    expect(
      fast({ ...at(3 * MINUTE, { official: true, score: 1 }), authorIsStaff: true }),
    ).not.toBeNull()
  })

  it('not for answering your own question', () => {
    expect(fast(at(3 * MINUTE, { score: 5, questionAuthorId: ME }))).toBeNull()
  })
})

describe('Citizen expert: 1 000 reputation', () => {
  const expert = rule('citizen-expert')
  it('needs 1 000 reputation', () => {
    expect(expert(facts({ reputation: 999 }))).toBeNull()
    expect(expert(facts({ reputation: 1_000 }))).toEqual({ questionId: null, answerId: null })
  })
})
