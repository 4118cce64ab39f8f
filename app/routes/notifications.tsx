import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data, redirect } from '@remix-run/node'
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from '@remix-run/react'
import { EmailChoiceForm } from '#app/components/email-choice-form.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Pagination } from '#app/components/question-list.tsx'
import { TimeAgo } from '#app/components/time-ago.tsx'
import { requireUser } from '#app/lib/auth.server.ts'
import { emailChoiceOf, emailEnabled, setEmailChoice } from '#app/models/email.server.ts'
import {
  listNotificationsForDisplay,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationView,
} from '#app/models/notifications.server.ts'
import { emailChoiceSchema } from '#app/validation/email.ts'
import { parseQuery } from '#app/validation/lists.ts'
import { notificationActionSchema, notificationsQuery } from '#app/validation/notifications.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data?.unread ? `(${data.unread}) Notifications — Peerdesk` : 'Notifications — Peerdesk',
  },
  { name: 'robots', content: 'noindex' },
]

export function headers() {
  return { 'X-Robots-Tag': 'noindex', 'Cache-Control': 'private, no-store' }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const { page } = parseQuery(notificationsQuery, new URL(request.url))
  return {
    ...listNotificationsForDisplay(user.id, { page }),
    email: { choice: emailChoiceOf(user.id), enabled: emailEnabled() },
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context.user, request)
  const fields = Object.fromEntries(await request.formData())
  if (fields.intent === 'email-choice') {
    const choice = emailChoiceSchema.safeParse(fields)
    if (!choice.success) {
      return data({ error: null, emailError: 'Choose how often to get e-mail' }, { status: 400 })
    }
    setEmailChoice(user.id, choice.data.choice)
    return { error: null, emailSaved: true }
  }
  const parsed = notificationActionSchema.safeParse(fields)
  if (!parsed.success) return data({ error: 'That request was not understood.' }, { status: 400 })
  if (parsed.data.intent === 'read-all') markAllNotificationsRead(user.id)
  else markNotificationRead(user.id, parsed.data.id)
  const url = new URL(request.url)
  return redirect(`${url.pathname}${url.search}`)
}

/** What happened, in words; the thread title is where the link goes. */
function describe(n: NotificationView) {
  const who = n.actor?.displayName ?? 'Someone'
  const where = n.question ? `“${n.question.title}”` : 'a deleted question'
  const post = n.answerId != null ? 'your answer' : 'your question'
  switch (n.kind) {
    case 'answer_on_question':
      return `${who} answered your question ${where}`
    case 'comment_on_post':
      return `${who} commented on ${post} in ${where}`
    case 'answer_accepted':
      return `${who} accepted your answer to ${where}`
    case 'answer_official':
      return `${who} marked your answer to ${where} as the official answer`
    case 'mention':
      return `${who} mentioned you ${n.commentId != null ? 'in a comment on' : 'in'} ${where}`
    case 'badge_earned':
      return n.badge ? `You earned the “${n.badge.name}” badge` : 'You earned a badge'
    case 'question_routed':
      return `${who} asked ${where} in a tag you answer`
    case 'question_escalated':
      return `${where} is still unanswered at the first-response target: escalated to staff`
    case 'private_case_message':
      return `New message in your private case on ${where}`
    default:
      return `Something new in ${where}`
  }
}

export default function Notifications() {
  const { items, unread, page, pageCount, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const busy = useNavigation().state === 'submitting'
  return (
    <section className="notifications-page" aria-labelledby="notifications-title">
      <div className="page-title">
        <h1 id="notifications-title">Notifications</h1>
        {unread > 0 ? (
          <Form method="post">
            <input type="hidden" name="intent" value="read-all" />
            <button type="submit" className="btn btn-small" disabled={busy}>
              Mark all as read
            </button>
          </Form>
        ) : null}
      </div>
      {actionData?.error ? (
        <p className="vote-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      <p className="muted">{unread > 0 ? `${unread} unread` : 'You are all caught up.'}</p>
      {items.length === 0 ? (
        <p className="notice">
          Nothing yet. When someone answers or comments on your posts, accepts your answer or
          mentions you as @handle, it shows up here.
        </p>
      ) : (
        <ol className="notification-list">
          {items.map((n) => {
            const text = describe(n)
            return (
              <li
                key={n.id}
                className={n.read ? 'notification' : 'notification notification-unread'}
              >
                {n.read ? null : <span className="sr-only">Unread: </span>}
                {/* A document request: the route marks it read, then redirects to the post. */}
                <a href={`/notifications/${n.id}/open`} className="notification-link">
                  {text}
                </a>{' '}
                <TimeAgo ms={n.createdAt} />
                {n.read ? null : (
                  <Form method="post" className="notification-read">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <button
                      type="submit"
                      className="btn btn-link"
                      aria-label={`Mark as read: ${text}`}
                      disabled={busy}
                    >
                      Mark as read
                    </button>
                  </Form>
                )}
              </li>
            )
          })}
        </ol>
      )}
      <Pagination page={page} pageCount={pageCount} search={search} />
      <EmailChoiceForm
        {...email}
        saved={actionData != null && 'emailSaved' in actionData}
        error={actionData != null && 'emailError' in actionData ? actionData.emailError : null}
      />
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
