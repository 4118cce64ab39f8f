// The staff queue's filter values, shared by the model, the route's validation and the page.
export const QUEUE_STATUSES = ['waiting', 'unanswered', 'unresolved', 'escalated'] as const
export type QueueStatus = (typeof QUEUE_STATUSES)[number]

/** Age filters: waited longer than (over-…) or at most (within-…) a time, or past the target. */
export const QUEUE_AGES = [
  'any',
  'over-target',
  'over-1h',
  'over-1d',
  'over-7d',
  'within-1h',
  'within-1d',
] as const
export type QueueAge = (typeof QUEUE_AGES)[number]
