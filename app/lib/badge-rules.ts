// The badges: what each one is called, what earns it, and the rule that decides it. Pure, so
// the rules are tested on plain facts and /badges explains them with the same numbers the
// server uses. app/models/badges.server.ts loads the facts and awards inside each event's
// transaction; every badge is earned once per person and never taken away.
import { isCitizenExpert } from './privileges.ts'

export const BADGE_TIERS = ['gold', 'silver', 'bronze'] as const
export type BadgeTier = (typeof BADGE_TIERS)[number]

/** The events after which a badge can have been earned; the models announce them. */
export const BADGE_EVENTS = [
  'answer_posted',
  'comment_posted',
  'vote_cast',
  'answer_accepted',
  'answer_official',
] as const
export type BadgeEvent = (typeof BADGE_EVENTS)[number]

/** Thresholds, named so the rules, the descriptions and the tests share them. */
export const FAST_RESPONSE_MS = 10 * 60_000
export const GREAT_ANSWER_SCORE = 10
export const TRUSTED_SOLVER_ACCEPTED = 10
export const COMMENTATOR_COMMENTS = 10

/** One of the person's live answers, with what the thread says about it. */
export interface AnswerFact {
  id: number
  questionId: number
  createdAt: number
  score: number
  questionAuthorId: number
  questionCreatedAt: number
  accepted: boolean
  official: boolean
}

/** One of the person's live questions. */
export interface QuestionFact {
  id: number
  createdAt: number
  score: number
  acceptedAnswerId: number | null
  acceptedAnswerAuthorId: number | null
}

/** What the rules look at. The server loads each field only when a rule reads it. */
export interface BadgeFacts {
  readonly userId: number
  readonly reputation: number
  readonly authorIsStaff: boolean
  readonly answers: readonly AnswerFact[]
  readonly questions: readonly QuestionFact[]
  readonly upvotesCast: number
  readonly commentCount: number
}

/** The post that earned a badge, when one did (count badges have none). */
export interface BadgeEvidence {
  questionId: number | null
  answerId: number | null
}

export interface BadgeDefinition {
  slug: string
  name: string
  tier: BadgeTier
  /** What earns it, as /badges says it. */
  description: string
  /** The events that can complete it; the badge is checked after each of them. */
  events: readonly BadgeEvent[]
  earned: (facts: BadgeFacts) => BadgeEvidence | null
}

const NONE: BadgeEvidence = { questionId: null, answerId: null }

const byAge = <T extends { createdAt: number; id: number }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)

/** The oldest answer that passes, as evidence. */
function firstAnswer(facts: BadgeFacts, test: (a: AnswerFact) => boolean) {
  const found = byAge(facts.answers).find(test)
  return found ? { questionId: found.questionId, answerId: found.id } : null
}

/** Accepted by the asker, who is someone else (accepting your own answer earns nothing). */
export const acceptedByAsker = (a: AnswerFact, authorId: number) =>
  a.accepted && a.questionAuthorId !== authorId

/**
 * "Fast responder": an answer to someone else's question, posted at most 10 minutes after the
 * question, that helped: the asker accepted it, its score is ≥ 1, or staff marked it official
 * (a staff author's official mark is their own side's word, so it does not count for them).
 */
export function isFastHelpfulAnswer(
  a: AnswerFact,
  author: Pick<BadgeFacts, 'userId' | 'authorIsStaff'>,
) {
  if (a.questionAuthorId === author.userId) return false
  const delay = a.createdAt - a.questionCreatedAt
  if (delay < 0 || delay > FAST_RESPONSE_MS) return false
  return a.accepted || a.score >= 1 || (a.official && !author.authorIsStaff)
}

export const BADGES: readonly BadgeDefinition[] = [
  {
    slug: 'helper',
    name: 'Helper',
    tier: 'bronze',
    description: 'Posted a first answer to help someone.',
    events: ['answer_posted'],
    earned: (f) => firstAnswer(f, () => true),
  },
  {
    slug: 'student',
    name: 'Student',
    tier: 'bronze',
    description: 'Asked a question that the community upvoted (score of 1 or more).',
    events: ['vote_cast'],
    earned: (f) => {
      const q = byAge(f.questions).find((q) => q.score >= 1)
      return q ? { questionId: q.id, answerId: null } : null
    },
  },
  {
    slug: 'scholar',
    name: 'Scholar',
    tier: 'bronze',
    description: "Accepted someone else's answer to a question you asked.",
    events: ['answer_accepted'],
    earned: (f) => {
      const q = byAge(f.questions).find(
        (q) => q.acceptedAnswerId != null && q.acceptedAnswerAuthorId !== f.userId,
      )
      return q ? { questionId: q.id, answerId: q.acceptedAnswerId } : null
    },
  },
  {
    slug: 'supporter',
    name: 'Supporter',
    tier: 'bronze',
    description: 'Cast a first upvote on a helpful post.',
    events: ['vote_cast'],
    earned: (f) => (f.upvotesCast >= 1 ? NONE : null),
  },
  {
    slug: 'commentator',
    name: 'Commentator',
    tier: 'bronze',
    description: `Left ${COMMENTATOR_COMMENTS} comments.`,
    events: ['comment_posted'],
    earned: (f) => (f.commentCount >= COMMENTATOR_COMMENTS ? NONE : null),
  },
  {
    slug: 'problem-solver',
    name: 'Problem solver',
    tier: 'bronze',
    description: 'Had an answer accepted by the person who asked.',
    events: ['answer_accepted'],
    earned: (f) => firstAnswer(f, (a) => acceptedByAsker(a, f.userId)),
  },
  {
    slug: 'fast-responder',
    name: 'Fast responder',
    tier: 'silver',
    description:
      'Answered within 10 minutes of the question, and the answer helped: it was accepted, ' +
      'marked official or upvoted (score of 1 or more).',
    events: ['vote_cast', 'answer_accepted', 'answer_official'],
    earned: (f) => firstAnswer(f, (a) => isFastHelpfulAnswer(a, f)),
  },
  {
    slug: 'endorsed',
    name: 'Endorsed',
    tier: 'silver',
    description: 'Had an answer marked as the official answer by staff.',
    events: ['answer_official'],
    // Staff's own answers marked official earn no reputation, and no badge either.
    earned: (f) => (f.authorIsStaff ? null : firstAnswer(f, (a) => a.official)),
  },
  {
    slug: 'great-answer',
    name: 'Great answer',
    tier: 'silver',
    description: `Wrote an answer with a score of ${GREAT_ANSWER_SCORE} or more.`,
    events: ['vote_cast'],
    earned: (f) => firstAnswer(f, (a) => a.score >= GREAT_ANSWER_SCORE),
  },
  {
    slug: 'trusted-solver',
    name: 'Trusted solver',
    tier: 'gold',
    description: `Had ${TRUSTED_SOLVER_ACCEPTED} answers accepted by the people who asked.`,
    events: ['answer_accepted'],
    earned: (f) =>
      f.answers.filter((a) => acceptedByAsker(a, f.userId)).length >= TRUSTED_SOLVER_ACCEPTED
        ? NONE
        : null,
  },
  {
    slug: 'citizen-expert',
    name: 'Citizen expert',
    tier: 'gold',
    description: 'Reached 1,000 reputation: a citizen expert of the community.',
    events: ['vote_cast', 'answer_accepted', 'answer_official'],
    earned: (f) => (isCitizenExpert(f.reputation) ? NONE : null),
  },
]

const BY_SLUG = new Map(BADGES.map((b) => [b.slug, b]))

export function getBadge(slug: string): BadgeDefinition | undefined {
  return BY_SLUG.get(slug)
}

/** The badges an event can complete. */
export function badgesForEvent(event: BadgeEvent): BadgeDefinition[] {
  return BADGES.filter((b) => b.events.includes(event))
}

/** Which of the given badges the facts earn, with the post behind each. */
export function evaluateBadges(facts: BadgeFacts, badges: readonly BadgeDefinition[] = BADGES) {
  const earned: { badge: BadgeDefinition; evidence: BadgeEvidence }[] = []
  for (const badge of badges) {
    const evidence = badge.earned(facts)
    if (evidence) earned.push({ badge, evidence })
  }
  return earned
}

/** A badge as the pages show it (no rule function: loaders return plain data). */
export function badgeSummary(badge: BadgeDefinition) {
  return { slug: badge.slug, name: badge.name, tier: badge.tier, description: badge.description }
}
export type BadgeSummary = ReturnType<typeof badgeSummary>
