import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { requireRole } from '#app/lib/auth.server.ts'
import { buttonFailure } from '#app/lib/form-action.server.ts'
import { deletePost } from '#app/models/deletion.server.ts'
import { setThreadLock } from '#app/models/moderation.server.ts'
import { dismissFlags, reviewQueue, type FlagGroup } from '#app/models/review-queue.server.ts'
import { reviewDecisionSchema } from '#app/validation/review-queue.ts'
import { HandleLink } from '#app/components/user-link.tsx'
import { isDeletedHandle } from '#app/lib/deleted-user.ts'

export const meta: MetaFunction = () => [
  { title: 'Review queue — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireRole(context.user, request, 'moderator')
  return { groups: reviewQueue() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const moderator = requireRole(context.user, request, 'moderator')
  const submission = parseWithZod(await request.formData(), { schema: reviewDecisionSchema })
  if (submission.status !== 'success') {
    const first = Object.values(submission.error ?? {}).flat()[0]
    return data({ key: null, error: first ?? 'That request was not understood.' }, { status: 400 })
  }
  const input = submission.value
  const key =
    input.intent === 'lock' ? `lock:${input.questionId}` : `${input.postType}:${input.postId}`
  try {
    if (input.intent === 'delete') deletePost(moderator, { type: input.postType, id: input.postId })
    else if (input.intent === 'dismiss') {
      dismissFlags(moderator, { type: input.postType, id: input.postId })
    } else setThreadLock(moderator, input.questionId, { locked: true, reason: input.reason })
    return { key, error: null, done: input.intent }
  } catch (error) {
    return buttonFailure(error, { key })
  }
}

const REASON_LABELS: Record<FlagGroup['flags'][number]['reason'], string> = {
  spam: 'Spam',
  rude: 'Rude or abusive',
  off_topic: 'Not about Nimbus products',
  needs_moderator: 'Needs a moderator',
}

function Group({ group, error }: { group: FlagGroup; error?: string }) {
  const threadUrl = `/questions/${group.questionId}/${group.slug}`
  const postUrl = group.postType === 'answer' ? `${threadUrl}#answer-${group.postId}` : threadUrl
  const label = `${group.postType === 'answer' ? 'Answer' : 'Question'} by ${group.author.handle}`
  return (
    <li aria-label={label} className={group.severe ? 'flag-group flag-severe' : 'flag-group'}>
      <h2>
        <Link to={postUrl}>
          {group.postType === 'answer' ? `Answer on “${group.title}”` : group.title}
        </Link>
      </h2>
      <p className="muted">
        {group.postType === 'answer' ? 'Answer' : 'Question'} by{' '}
        <HandleLink handle={group.author.handle} /> · {group.flaggers}{' '}
        {group.flaggers === 1 ? 'member' : 'members'} flagged it · first{' '}
        <TimeAgo ms={group.firstFlaggedAt} />
        {group.hidden ? ' · hidden by the community until you decide' : ''}
      </p>
      <blockquote className="flagged-text">{group.excerpt}</blockquote>
      <ul className="flag-reasons" aria-label="Flags">
        {group.flags.map((flag) => (
          <li key={`${flag.reporter}-${flag.createdAt}`}>
            <strong>{REASON_LABELS[flag.reason]}</strong> — @{flag.reporter}{' '}
            <TimeAgo ms={flag.createdAt} />
            {flag.details ? <q>{flag.details}</q> : null}
          </li>
        ))}
      </ul>
      <div className="review-actions">
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="postType" value={group.postType} />
          <input type="hidden" name="postId" value={group.postId} />
          <button type="submit" className="btn btn-small">
            Delete
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="dismiss" />
          <input type="hidden" name="postType" value={group.postType} />
          <input type="hidden" name="postId" value={group.postId} />
          <button type="submit" className="btn btn-small">
            Dismiss flags
          </button>
        </Form>
        <details>
          <summary>Lock the thread</summary>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="lock" />
            <input type="hidden" name="questionId" value={group.questionId} />
            <label htmlFor={`lock-${group.postType}-${group.postId}`}>Why lock it</label>
            <input
              id={`lock-${group.postType}-${group.postId}`}
              name="reason"
              required
              maxLength={500}
            />
            <button type="submit" className="btn btn-small">
              Lock
            </button>
          </Form>
        </details>
        <Link
          to={
            group.postType === 'answer'
              ? `/answers/${group.postId}/edit`
              : `/questions/${group.postId}/edit`
          }
        >
          Edit
        </Link>
        <Link to={`${threadUrl}#close-question`}>Close or mark duplicate</Link>
        {isDeletedHandle(group.author.handle) ? null : (
          <Link to={`/users/${group.author.handle}`}>Suspend the author</Link>
        )}
      </div>
      {error ? (
        <p className="vote-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  )
}

export default function ReviewQueue() {
  const { groups } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>() as
    { key: string | null; error: string | null } | undefined
  const errorFor = (group: FlagGroup) =>
    actionData?.error &&
    (actionData.key === `${group.postType}:${group.postId}` ||
      actionData.key === `lock:${group.questionId}`)
      ? actionData.error
      : undefined
  return (
    <div className="narrow">
      <h1>Review queue</h1>
      <p className="muted">
        Flags waiting for a moderator, spam and rude first, then the most flagged, then the oldest.
        Every decision is on the <Link to="/mod/log">moderation log</Link>.
      </p>
      {actionData?.error && actionData.key == null ? (
        <p className="vote-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {groups.length === 0 ? <p className="muted">No flags are waiting. Well done.</p> : null}
      <ol className="review-queue">
        {groups.map((group) => (
          <Group key={`${group.postType}:${group.postId}`} group={group} error={errorFor(group)} />
        ))}
      </ol>
    </div>
  )
}
