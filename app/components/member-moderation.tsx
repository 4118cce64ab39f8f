import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react'
import type { SubmissionResult } from '@conform-to/react'
import { Form } from '@remix-run/react'
import { formatMoment } from '#app/lib/dates.ts'
import { ErrorList, Field, SelectField, useZodForm } from './forms.tsx'
import { memberModerationSchema } from '#app/validation/moderation.ts'

const DAY_OPTIONS = [
  { value: '1', label: '1 day' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '365', label: '365 days' },
]

export interface MemberModerationView {
  suspension: { until: number; reason: string } | null
  canSuspend: boolean
}

/** A moderator's box on a member's profile: the running suspension and Suspend / Lift it. */
export function MemberModeration({
  userId,
  handle,
  moderation,
  lastResult,
}: {
  userId: number
  handle: string
  moderation: MemberModerationView
  lastResult?: SubmissionResult<string[]>
}) {
  const [form, fields] = useZodForm(memberModerationSchema, {
    id: `moderate-${userId}`,
    lastResult,
    defaultValue: { intent: 'suspend', userId: String(userId), days: '7', reason: '' },
  })
  const { suspension } = moderation
  return (
    <section className="member-moderation" aria-labelledby="member-moderation-title">
      <h2 id="member-moderation-title">Moderation</h2>
      {suspension ? (
        <>
          <p className="notice">
            @{handle} is suspended until {formatMoment(suspension.until)}: {suspension.reason}
          </p>
          <Form method="post" {...getFormProps(form)}>
            <ErrorList id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="unsuspend" />
            <input {...getInputProps(fields.userId, { type: 'hidden' })} />
            <button type="submit" className="btn btn-small">
              Lift suspension
            </button>
          </Form>
        </>
      ) : moderation.canSuspend ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <ErrorList id={form.errorId} errors={form.errors} />
          <input type="hidden" name="intent" value="suspend" />
          <input {...getInputProps(fields.userId, { type: 'hidden' })} />
          <SelectField
            labelProps={{ children: 'Suspend for' }}
            selectProps={getSelectProps(fields.days)}
            options={DAY_OPTIONS}
            errors={fields.days.errors}
          />
          <Field
            labelProps={{ children: 'Reason (shown to them)' }}
            inputProps={getInputProps(fields.reason, { type: 'text' })}
            errors={fields.reason.errors}
          />
          <button type="submit" className="btn btn-small">
            Suspend
          </button>
        </Form>
      ) : (
        <p className="muted">Only an admin can suspend staff and moderators; admins cannot be.</p>
      )}
    </section>
  )
}
