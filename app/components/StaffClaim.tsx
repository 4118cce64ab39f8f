// "I'm on it": who holds a waiting question and since when, with the button to claim or release
// it. Posts to the staff queue's action, so it works without JavaScript on any page.
import { Form } from '@remix-run/react'
import { formatClockTime } from '#app/lib/staff-times.ts'

export interface StaffClaimView {
  user: { id: number; handle: string }
  claimedAt: number
  answered: boolean
}

export function StaffClaim({
  questionId,
  claim,
  viewerId,
  now,
  redirectTo,
  error,
}: {
  questionId: number
  claim: StaffClaimView | null
  viewerId: number
  now: number
  /** Where the action returns to (the thread page); the queue when absent. */
  redirectTo?: string
  error?: string
}) {
  const mine = claim?.user.id === viewerId
  return (
    <div className="staff-claim">
      {claim ? (
        <p className="staff-claim-holder" role="status">
          <strong>@{claim.user.handle}</strong>{' '}
          {claim.answered ? 'answered; was on it' : 'is on it'} since{' '}
          {formatClockTime(claim.claimedAt, now)}
        </p>
      ) : null}
      {!claim || mine ? (
        <Form method="post" action="/staff?index">
          <input type="hidden" name="intent" value={mine ? 'release' : 'claim'} />
          <input type="hidden" name="questionId" value={questionId} />
          {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
          <button type="submit" className="btn btn-small">
            {mine ? 'Release my claim' : "I'm on it"}
          </button>
        </Form>
      ) : null}
      {error ? (
        <p className="vote-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
