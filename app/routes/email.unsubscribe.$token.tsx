// The one-click unsubscribe link of every e-mail (RFC 8058). A POST — the mail client's
// one-click, or the button below — stops all e-mail to the member, without logging in: the
// signed token is the proof (the Origin check lets exactly this path through,
// app/lib/request-guards.server.ts). A GET only shows the button, so link scanners that open
// every link in a message unsubscribe nobody.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { data } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { unsubscribe, verifyUnsubscribeToken } from '#app/models/email.server.ts'

export const meta: MetaFunction = () => [
  { title: 'Unsubscribe from e-mail — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export function headers() {
  return { 'X-Robots-Tag': 'noindex', 'Cache-Control': 'private, no-store' }
}

function memberOf(token: string | undefined) {
  const member = verifyUnsubscribeToken(token ?? '')
  if (!member) {
    throw new Response('This unsubscribe link is not valid.', {
      status: 404,
      headers: { 'Cache-Control': 'private, no-store' },
    })
  }
  return member
}

export async function loader({ params }: LoaderFunctionArgs) {
  return { handle: memberOf(params.token).handle, token: params.token ?? '' }
}

export async function action({ params }: ActionFunctionArgs) {
  const member = memberOf(params.token)
  unsubscribe(member.id)
  return data(
    { unsubscribed: true, handle: member.handle },
    { headers: { 'Cache-Control': 'private, no-store' } },
  )
}

export default function Unsubscribe() {
  const { handle, token } = useLoaderData<typeof loader>()
  const done = useActionData<typeof action>()?.unsubscribed === true
  return (
    <section className="narrow" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">{done ? 'You are unsubscribed' : 'Unsubscribe from e-mail'}</h1>
      {done ? (
        <p role="status">
          Peerdesk sends no more e-mail to @{handle}. Your notifications stay on the site; you can
          choose e-mail again on <Link to="/notifications">your notifications page</Link>.
        </p>
      ) : (
        <>
          <p>Stop every Peerdesk e-mail notification to @{handle}?</p>
          {/* A document POST to the exact link (a fetch would go to TOKEN.data, which the Origin
              exception does not cover; the page's own POST carries our Origin anyway). */}
          <Form method="post" action={`/email/unsubscribe/${token}`} reloadDocument>
            <button type="submit" className="btn">
              Unsubscribe
            </button>
          </Form>
        </>
      )}
    </section>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
