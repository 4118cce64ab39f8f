import { Form } from '@remix-run/react'
import { Field } from '../forms.tsx'

const DAY = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' })

/** "2 December 2026": a day in UTC, the same on the server and in the browser. */
export const formatDay = (ms: number) => DAY.format(ms)

/** By the official answer: when staff last verified it, and its product/version note. */
export function OfficialVerified({ verifiedAt, note }: { verifiedAt: number; note: string }) {
  return (
    <p className="official-verified muted">
      verified by staff on{' '}
      <time dateTime={new Date(verifiedAt).toISOString().slice(0, 10)}>
        {formatDay(verifiedAt)}
      </time>
      {note ? (
        <>
          {' · '}
          <span className="official-note">{note}</span>
        </>
      ) : null}
    </p>
  )
}

/**
 * Staff's control on an answer: "Mark as official answer" with the optional "Product or version
 * note" beside it (its error by the field, the text kept), or "Remove official mark".
 */
export function OfficialMarkForm(props: {
  answerId: number
  official: boolean
  note?: { value?: string; error?: string }
}) {
  const { answerId, official, note } = props
  return (
    <Form method="post" preventScrollReset className="official-form">
      <input type="hidden" name="intent" value="official" />
      <input type="hidden" name="answerId" value={answerId} />
      <input type="hidden" name="official" value={official ? 'false' : 'true'} />
      {official ? null : (
        <Field
          className="field field-inline"
          labelProps={{ children: 'Product or version note' }}
          hint="Optional, at most 120 characters, e.g. “Firmware 4.2 and later”."
          errors={note?.error ? [note.error] : undefined}
          inputProps={{
            id: `official-note-${answerId}`,
            name: 'note',
            type: 'text',
            defaultValue: note?.value ?? '',
          }}
        />
      )}
      <button type="submit" className="btn btn-small btn-official">
        {official ? 'Remove official mark' : 'Mark as official answer'}
      </button>
    </Form>
  )
}
