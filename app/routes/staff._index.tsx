import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { StaffClaim } from '#app/components/StaffClaim.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import { buttonFailure } from '#app/lib/form-action.server.ts'
import { formatTarget, formatWaited } from '#app/lib/staff-times.ts'
import type { QueueAge, QueueStatus } from '#app/lib/staff-queue-filters.ts'
import { claimQuestion, releaseClaim } from '#app/models/staff-claims.server.ts'
import { staffQueue, type QueueCursor } from '#app/models/staff-queue.server.ts'
import { safeRedirect } from '#app/validation/auth.ts'
import { parseQuery } from '#app/validation/lists.ts'
import { claimSchema, queueFiltersSchema } from '#app/validation/staff-queue.ts'
import { HandleLink } from '#app/components/user-link.tsx'

export const meta: MetaFunction = () => [
  { title: 'Staff queue — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context.user, request, 'staff')
  const filters = parseQuery(queueFiltersSchema, new URL(request.url))
  const now = Date.now()
  return { queue: staffQueue({ ...filters, now }), filters, now, viewerId: user.id }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireRole(context.user, request, 'staff')
  const submission = parseWithZod(await request.formData(), { schema: claimSchema })
  if (submission.status !== 'success') {
    return data({ questionId: null, error: 'That request was not understood.' }, { status: 400 })
  }
  const { intent, questionId, redirectTo } = submission.value
  try {
    if (intent === 'claim') claimQuestion(user, questionId)
    else releaseClaim(user, questionId)
  } catch (error) {
    return buttonFailure(error, { questionId })
  }
  return redirectTo ? redirect(safeRedirect(redirectTo)) : { questionId, error: null }
}

const STATUS_LABELS: Record<QueueStatus, string> = {
  waiting: 'All waiting',
  unanswered: 'Unanswered',
  unresolved: 'Unresolved (answered)',
  escalated: 'Escalated',
}

const AGE_LABELS: Record<QueueAge, string> = {
  any: 'Any age',
  'over-target': 'Past the first-response target',
  'over-1h': 'Waiting over 1 hour',
  'over-1d': 'Waiting over 1 day',
  'over-7d': 'Waiting over 7 days',
  'within-1h': 'Waiting at most 1 hour',
  'within-1d': 'Waiting at most 1 day',
}

/** One of the queue's filters: a labelled select of its choices. */
function FilterSelect(props: {
  label: string
  name: string
  value: string
  options: Record<string, string>
}) {
  return (
    <label>
      {props.label}{' '}
      <select name={props.name} defaultValue={props.value}>
        {Object.entries(props.options).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  )
}

export default function StaffQueue() {
  const { queue, filters, now, viewerId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { questionId: number | null; error: string | null } | undefined
  const pageLink = (edge: 'after' | 'before', cursor: QueueCursor) => {
    const params = new URLSearchParams()
    if (filters.status !== 'waiting') params.set('status', filters.status)
    if (filters.age !== 'any') params.set('age', filters.age)
    if (filters.tag) params.set('tag', filters.tag)
    params.set(edge, `${cursor.createdAt}-${cursor.id}`)
    return `/staff?${params}`
  }
  const shown = new Set(queue.items.map((item) => item.id))
  const strayError =
    actionData?.error && (actionData.questionId == null || !shown.has(actionData.questionId))
      ? actionData.error
      : null
  return (
    <div className="narrow">
      <h1>Staff queue</h1>
      <p>
        <Link to="/staff/figures">Staff figures</Link>: answer times, who resolves, self-help
        deflection.
      </p>
      <p className="muted">
        Questions still waiting, oldest first. First-response target:{' '}
        <strong>{formatTarget(queue.targetMinutes)}</strong>; an unanswered question past it is
        marked as a breach.
      </p>
      <p>
        <Link to="/staff/reverify">Re-verify official answers</Link>
      </p>
      <Form method="get" className="queue-filters" aria-label="Filter the queue">
        <FilterSelect label="Status" name="status" value={filters.status} options={STATUS_LABELS} />{' '}
        <FilterSelect label="Age" name="age" value={filters.age} options={AGE_LABELS} />{' '}
        <label>
          Tag <input name="tag" defaultValue={filters.tag ?? ''} maxLength={35} size={12} />
        </label>{' '}
        <button type="submit" className="btn btn-small">
          Filter
        </button>
      </Form>
      {strayError ? (
        <p className="vote-error" role="alert">
          {strayError}
        </p>
      ) : null}
      {queue.unknownTag ? <p className="muted">No tag is called “{filters.tag}”.</p> : null}
      {queue.items.length === 0 && !queue.unknownTag ? (
        <p className="muted">Nobody is waiting here. Well done.</p>
      ) : null}
      <ol className="staff-queue">
        {queue.items.map((item) => (
          <li
            key={item.id}
            aria-label={item.title}
            className={item.breached ? 'queue-item queue-breach' : 'queue-item'}
          >
            <h2>
              <Link to={`/questions/${item.id}/${item.slug}`}>{item.title}</Link>
            </h2>
            <p>
              {item.breached ? (
                <strong className="badge badge-breach">
                  Breach: unanswered past {formatTarget(queue.targetMinutes)}
                </strong>
              ) : null}{' '}
              {item.escalatedAt != null ? (
                <strong className="badge badge-escalated">Escalated</strong>
              ) : null}{' '}
              <span>Waited {formatWaited(item.waitedMs)}</span> ·{' '}
              {item.status === 'open'
                ? 'Unanswered'
                : `${item.answerCount} ${item.answerCount === 1 ? 'answer' : 'answers'}, not resolved`}{' '}
              · asked by <HandleLink handle={item.author.handle} />
            </p>
            <ul className="tag-list" aria-label="Tags">
              {item.tags.map((tag) => (
                <li key={tag}>
                  <Link to={`/staff?tag=${encodeURIComponent(tag)}`} className="tag">
                    {tag}
                  </Link>
                </li>
              ))}
            </ul>
            <StaffClaim
              questionId={item.id}
              claim={item.claim}
              viewerId={viewerId}
              now={now}
              error={
                actionData?.questionId === item.id ? (actionData.error ?? undefined) : undefined
              }
            />
          </li>
        ))}
      </ol>
      <nav aria-label="Pages" className="pager">
        {queue.older ? <Link to={pageLink('before', queue.older)}>← Older</Link> : null}{' '}
        {queue.newer ? <Link to={pageLink('after', queue.newer)}>Newer →</Link> : null}
      </nav>
    </div>
  )
}
