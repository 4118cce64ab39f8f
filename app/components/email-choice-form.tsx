// The member's e-mail choice on /notifications: immediate, a daily digest, or none. A plain
// form (radio buttons and a button) that works without JavaScript.
import { Form } from '@remix-run/react'
import type { EmailChoice } from '#db/schema.ts'
import { EMAIL_CHOICE_LABELS } from '#app/validation/email.ts'

export function EmailChoiceForm({
  choice,
  enabled,
  saved,
  error,
}: {
  choice: EmailChoice
  /** Whether the site sends e-mail at all (an admin set up SMTP). */
  enabled: boolean
  saved?: boolean
  error?: string | null
}) {
  return (
    <Form method="post" className="email-choice" aria-labelledby="email-choice-title">
      <input type="hidden" name="intent" value="email-choice" />
      <fieldset>
        <legend id="email-choice-title">E-mail me about notifications</legend>
        {enabled ? null : (
          <p className="muted">This site sends no e-mail at the moment; your choice is kept.</p>
        )}
        {(Object.entries(EMAIL_CHOICE_LABELS) as [EmailChoice, string][]).map(([value, label]) => (
          <label key={value} className="radio">
            <input type="radio" name="choice" value={value} defaultChecked={choice === value} />{' '}
            {label}
          </label>
        ))}
        {error ? (
          <p className="field-errors" role="alert">
            {error}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" className="btn btn-small">
        Save e-mail choice
      </button>
      {saved ? (
        <p role="status" className="muted">
          Saved: {EMAIL_CHOICE_LABELS[choice].toLowerCase()}.
        </p>
      ) : null}
    </Form>
  )
}
