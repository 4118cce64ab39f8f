import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { unsubscribe, verifyUnsubscribeToken } from '#app/models/email.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Unsubscribe — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

function memberOf(token: string | undefined) {
  const member = verifyUnsubscribeToken(token ?? '')
  if (!member) throw new Response('This unsubscribe link is not valid.', { status: 404 })
  return member
}

/** GET shows a button, so a mail scanner that follows links unsubscribes nobody. */
export async function loader({ params }: LoaderFunctionArgs) {
  return { handle: memberOf(params.token).handle }
}

/**
 * POST unsubscribes: the page's button, or a mail provider's RFC 8058 one-click POST (body
 * `List-Unsubscribe=One-Click`, no Origin of ours: request-guards lets exactly this path through).
 */
export async function action({ params }: ActionFunctionArgs) {
  unsubscribe(memberOf(params.token).id)
  return { unsubscribed: true }
}

export default function Unsubscribe() {
  const { handle } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()?.unsubscribed
  return (
    <div className="narrow">
      <h1>E-mail from Peerdesk</h1>
      {done ? (
        <p role="status">
          Done: @{handle} gets no more e-mail from us. Choose again any time on{' '}
          <Link to="/notifications">your notifications</Link>.
        </p>
      ) : (
        <Form method="post">
          <p>Stop every e-mail to @{handle} (notifications and digests)?</p>
          <button type="submit">Unsubscribe</button>
        </Form>
      )}
    </div>
  )
}
