import { getFormProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { NewPasswordField } from '#app/components/account-fields.tsx'
import { ErrorList, useZodForm } from '#app/components/forms.tsx'
import { redirectSignedIn, submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { findPasswordReset, LINK_GONE, resetPassword } from '#app/models/account-links.server.ts'
import { newPasswordSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Choose a new password — Peerdesk' },
  { name: 'robots', content: 'noindex' },
  // The token is in the address: never send it to another site.
  { name: 'referrer', content: 'no-referrer' },
]

export const headers = keepRetryAfter

const GONE = `${LINK_GONE} Ask for a new one on the “Forgot your password?” page.`

function liveReset(token = '') {
  const reset = findPasswordReset(token)
  if (!reset) throw new Response(GONE, { status: 404 })
  return reset
}

export function loader({ params }: LoaderFunctionArgs) {
  return liveReset(params.token)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  liveReset(params.token)
  return submitForm(
    await request.formData(),
    newPasswordSchema,
    async ({ password }) => {
      await consumeRateLimit('password-reset', { ip: context.ip })
      const user = await resetPassword(params.token ?? '', password)
      return redirectSignedIn(user.id, '/', { request, context })
    },
    { hideFields: ['password'] },
  )
}

export default function ChooseNewPassword() {
  const { handle } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useZodForm(newPasswordSchema, { lastResult: actionData?.result })
  return (
    <div className="narrow auth-page">
      <h1>Choose a new password</h1>
      <p className="muted">
        For <strong>@{handle}</strong>. Every device logged in to this account will be logged out.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <NewPasswordField field={fields.password} label="New password" />
        <button type="submit" className="btn">
          Save the new password
        </button>
      </Form>
    </div>
  )
}
