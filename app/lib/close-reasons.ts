// Why a question can be closed, in the words the close form and the closed notice use. Pure
// (no database imports), so the page and the server share it; db/schema.ts holds the same keys.
import type { CloseReason } from '#db/schema.ts'

/** Votes that close a question; a moderator's vote closes it at once. */
export const CLOSE_VOTE_THRESHOLD = 3

export const CLOSE_REASON_LABELS: Record<CloseReason, { label: string; hint: string }> = {
  duplicate: {
    label: 'Duplicate',
    hint: 'This has been asked before and already has an answer.',
  },
  off_topic: {
    label: 'Off-topic',
    hint: 'It is not about Nimbus Home products, services or accounts.',
  },
  unclear: {
    label: 'Needs details or clarity',
    hint: 'It is not clear what is being asked, or key details are missing.',
  },
  resolved_elsewhere: {
    label: 'Resolved elsewhere',
    hint: 'The problem was solved outside this thread (e.g. by a support ticket) and no longer needs answers.',
  },
}

/** Every reason, in the order the form lists them (the Record above makes the list complete). */
export const CLOSE_REASON_KEYS = Object.keys(CLOSE_REASON_LABELS) as [CloseReason, ...CloseReason[]]

/** The sentence stored in questions.closed_reason and shown as "Closed: …". */
export function closedReasonText(reason: CloseReason): string {
  const { label, hint } = CLOSE_REASON_LABELS[reason]
  return `${label}. ${hint}`
}
