import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { HandleField } from '#app/components/account-fields.tsx'
import { ErrorList, useZodForm } from '#app/components/forms.tsx'
import { redirectSignedIn, submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { confirmSignup, findSignupRequest, LINK_GONE } from '#app/models/account-links.server.ts'
import { signupConfirmSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Finish joining — Peerdesk' },
  { name: 'robots', content: 'noindex' },
  // The token is in the address: never send it to another site.
  { name: 'referrer', content: 'no-referrer' },
]

export const headers = keepRetryAfter

/**
 * The link of a sign-up's confirmation e-mail. Opening it shows a button rather than making the
 * account, so a mail scanner that follows links makes nothing.
 */
function liveRequest(token = '') {
  const request = findSignupRequest(token)
  if (!request) throw new Response(`${LINK_GONE} Sign up again.`, { status: 404 })
  return request
}

export function loader({ params }: LoaderFunctionArgs) {
  return liveRequest(params.token)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  liveRequest(params.token)
  return submitForm(await request.formData(), signupConfirmSchema, async ({ handle }) => {
    await consumeRateLimit('signup', { ip: context.ip })
    const user = confirmSignup(params.token ?? '', { handle })
    return redirectSignedIn(user.id, user.redirectTo, { request, context })
  })
}

export default function ConfirmSignup() {
  const { handle, email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useZodForm(signupConfirmSchema, {
    lastResult: actionData?.result,
    defaultValue: { handle },
  })
  return (
    <div className="narrow auth-page">
      <h1>Finish joining</h1>
      <p className="muted">
        Your address <strong>{email}</strong> is confirmed. One click and your account is ready.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <HandleField field={fields.handle} />
        <button type="submit" className="btn">
          Create my account
        </button>
      </Form>
      <p>
        Already a member? <Link to="/login">Log in</Link>
      </p>
    </div>
  )
}
