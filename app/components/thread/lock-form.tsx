import { Form } from '@remix-run/react'
import { ControlMessage } from '../forms.tsx'

/**
 * The moderator's lock control under a question: "Lock" with the reason the thread will show,
 * or "Unlock" on a locked one. Works without JavaScript.
 */
export function LockForm({ locked, error }: { locked: boolean; error?: string }) {
  if (locked) {
    return (
      <Form method="post" className="lock-form">
        <input type="hidden" name="intent" value="lock" />
        <input type="hidden" name="locked" value="false" />
        <button type="submit" className="btn btn-small">
          Unlock
        </button>
        <ControlMessage message={error} />
      </Form>
    )
  }
  return (
    <details className="lock-box" open={error ? true : undefined}>
      <summary>Lock this thread</summary>
      <Form method="post" className="lock-form stack">
        <input type="hidden" name="intent" value="lock" />
        <input type="hidden" name="locked" value="true" />
        <label htmlFor="lock-reason">Why lock it (shown on the thread)</label>
        <input id="lock-reason" name="reason" type="text" required maxLength={500} />
        <button type="submit" className="btn btn-small">
          Lock
        </button>
        <ControlMessage message={error} />
      </Form>
    </details>
  )
}
