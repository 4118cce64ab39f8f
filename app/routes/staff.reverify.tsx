import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Field } from '#app/components/forms.tsx'
import { formatDay } from '#app/components/thread/official-mark.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import { buttonFailure } from '#app/lib/form-action.server.ts'
import { FieldError } from '#app/models/errors.server.ts'
import {
  confirmOfficialAnswer,
  reverifyList,
  updateOfficialAnswer,
  withdrawOfficialAnswer,
  type ReverifyItem,
} from '#app/models/official-answers.server.ts'
import { parseQuery } from '#app/validation/lists.ts'
import { reverifyActionSchema, reverifyQuerySchema } from '#app/validation/official-answers.ts'

export const meta: MetaFunction = () => [
  { title: 'Re-verify official answers — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context.user, request, 'staff')
  const { after } = parseQuery(reverifyQuerySchema, new URL(request.url))
  return { list: reverifyList({ after }), paged: after != null }
}

type ActionData = { questionId: number | null; error: string; noteError?: string; note?: string }

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context.user, request, 'staff')
  const submission = parseWithZod(await request.formData(), { schema: reverifyActionSchema })
  if (submission.status !== 'success') {
    return data({ questionId: null, error: 'That request was not understood.' }, { status: 400 })
  }
  const input = submission.value
  const target = { questionId: input.questionId, answerId: input.answerId }
  try {
    if (input.intent === 'confirm') confirmOfficialAnswer(user, target)
    else if (input.intent === 'update') updateOfficialAnswer(user, target, input.note)
    else withdrawOfficialAnswer(user, target)
  } catch (error) {
    const note = input.intent === 'update' ? input.note : undefined
    const noteError = error instanceof FieldError ? error.message : undefined
    return buttonFailure(error, { questionId: input.questionId, note, noteError })
  }
  // Back to the list (the same page), now without the row.
  return redirect(new URL(request.url).pathname + new URL(request.url).search)
}

export default function ReverifyList() {
  const { list, paged } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as ActionData | undefined
  const shown = new Set(list.items.map((item) => item.questionId))
  const strayError =
    actionData?.error && (actionData.questionId == null || !shown.has(actionData.questionId))
      ? actionData.error
      : null
  return (
    <div className="narrow">
      <p>
        <Link to="/staff">← Staff queue</Link>
      </p>
      <h1>Re-verify official answers</h1>
      <p className="muted">
        Official answers last verified more than {list.days} days ago, the oldest first. Confirm one
        that is still right, update its product or version note (or edit the answer), or withdraw
        the official mark.
      </p>
      {strayError ? (
        <p className="vote-error" role="alert">
          {strayError}
        </p>
      ) : null}
      {list.items.length === 0 ? (
        <p className="muted">Every official answer was verified recently.</p>
      ) : null}
      <ol className="reverify-list">
        {list.items.map((item) => (
          <ReverifyRow
            key={item.questionId}
            item={item}
            refused={actionData?.questionId === item.questionId ? actionData : undefined}
          />
        ))}
      </ol>
      <nav aria-label="Pages" className="pager">
        {paged ? <Link to="/staff/reverify">← Oldest</Link> : null}{' '}
        {list.next ? (
          <Link to={`/staff/reverify?after=${list.next.verifiedAt}-${list.next.questionId}`}>
            More →
          </Link>
        ) : null}
      </nav>
    </div>
  )
}

function ReverifyRow({ item, refused }: { item: ReverifyItem; refused?: ActionData }) {
  const threadHref = `/questions/${item.questionId}/${item.slug}#answer-${item.answerId}`
  const hidden = (
    <>
      <input type="hidden" name="questionId" value={item.questionId} />
      <input type="hidden" name="answerId" value={item.answerId} />
    </>
  )
  const verifiedOther =
    item.verifiedAt !== item.markedAt || item.verifiedBy !== item.markedBy
      ? ` · last verified by ${item.verifiedBy ? `@${item.verifiedBy}` : 'staff'} on ${formatDay(item.verifiedAt)}`
      : ''
  return (
    <li className="reverify-item" aria-label={item.title}>
      <h2>
        <Link to={threadHref}>{item.title}</Link>
      </h2>
      <blockquote className="muted">{item.excerpt}</blockquote>
      <p>
        Marked by {item.markedBy ? `@${item.markedBy}` : 'staff'} on {formatDay(item.markedAt)}
        {verifiedOther}
        {item.note ? (
          <>
            {' · '}Note: <span className="official-note">{item.note}</span>
          </>
        ) : null}
      </p>
      <div className="reverify-actions">
        <Form method="post">
          <input type="hidden" name="intent" value="confirm" />
          {hidden}
          <button type="submit" className="btn btn-small" aria-label={`Confirm: ${item.title}`}>
            Confirm
          </button>
        </Form>
        <Form method="post" className="reverify-update">
          <input type="hidden" name="intent" value="update" />
          {hidden}
          <Field
            className="field field-inline"
            labelProps={{ children: 'Product or version note' }}
            errors={refused?.noteError ? [refused.noteError] : undefined}
            inputProps={{
              id: `reverify-note-${item.questionId}`,
              name: 'note',
              type: 'text',
              defaultValue: refused?.note ?? item.note,
            }}
          />
          <button type="submit" className="btn btn-small" aria-label={`Update: ${item.title}`}>
            Update
          </button>{' '}
          <Link to={`/answers/${item.answerId}/edit`}>Edit the answer</Link>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="withdraw" />
          {hidden}
          <button type="submit" className="btn btn-small" aria-label={`Withdraw: ${item.title}`}>
            Withdraw
          </button>
        </Form>
      </div>
      {refused && !refused.noteError ? (
        <p className="vote-error" role="alert">
          {refused.error}
        </p>
      ) : null}
    </li>
  )
}
