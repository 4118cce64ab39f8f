import type { ThreadStatus } from '#db/schema.ts'

export interface ThreadState {
  closed: boolean
  duplicateOfId: number | null
  answerCount: number
  acceptedAnswerId: number | null
  officialAnswerId: number | null
}

/**
 * A thread's status follows from its facts: closed and duplicate stand apart; otherwise
 * resolved (accepted or official answer) > answered (any answer) > open.
 */
export function computeThreadStatus(state: ThreadState): ThreadStatus {
  if (state.duplicateOfId != null) return 'duplicate'
  if (state.closed) return 'closed'
  if (state.acceptedAnswerId != null || state.officialAnswerId != null) return 'resolved'
  if (state.answerCount > 0) return 'answered'
  return 'open'
}

export const STATUS_LABELS: Record<ThreadStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  resolved: 'Resolved',
  closed: 'Closed',
  duplicate: 'Duplicate',
}
