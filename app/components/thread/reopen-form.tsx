import { Form } from '@remix-run/react'
import { ControlMessage } from '../forms.tsx'

/**
 * The moderator's "Reopen" under a closed or duplicate question, with an optional reason for the
 * moderation log. Works without JavaScript.
 */
export function ReopenForm({ error }: { error?: string }) {
  return (
    <details className="lock-box" open={error ? true : undefined}>
      <summary>Reopen this question</summary>
      <Form method="post" className="lock-form stack">
        <input type="hidden" name="intent" value="reopen" />
        <label htmlFor="reopen-reason">Why reopen it (for the moderation log)</label>
        <input id="reopen-reason" name="reason" type="text" maxLength={500} />
        <button type="submit" className="btn btn-small">
          Reopen
        </button>
        <ControlMessage message={error} />
      </Form>
    </details>
  )
}
