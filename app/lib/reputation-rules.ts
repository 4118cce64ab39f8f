import type { ReputationKind } from '#db/schema.ts'

/** The SPEC's reputation table: what each ledger event is worth to the user it credits. */
export const REPUTATION_VALUES: Record<ReputationKind, number> = {
  answer_upvoted: 10,
  question_upvoted: 5,
  answer_accepted: 15,
  accepted_answer: 2, // the asker, for accepting someone else's answer
  answer_official: 25,
  post_downvoted: -2,
  downvoted_answer: -1, // the voter, for downvoting an answer
  imported: 0, // the amount is what the person had on the community it was imported from
  post_spam: -100, // the author, when a moderator confirms their hidden post was spam
}

export const REPUTATION_LABELS: Record<ReputationKind, string> = {
  answer_upvoted: 'Answer upvoted',
  question_upvoted: 'Question upvoted',
  answer_accepted: 'Answer accepted',
  accepted_answer: 'Accepted an answer',
  answer_official: 'Answer marked official',
  post_downvoted: 'Post downvoted',
  downvoted_answer: 'Downvoted an answer',
  imported: 'Reputation brought from an imported community',
  post_spam: 'Post removed as spam',
}
