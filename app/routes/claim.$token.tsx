import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { NewPasswordField } from '#app/components/account-fields.tsx'
import { ErrorList, Field, useZodForm } from '#app/components/forms.tsx'
import { redirectSignedIn, submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { claimAccount, findClaim } from '#app/models/claims.server.ts'
import { claimSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Claim your account — Peerdesk' },
  { name: 'robots', content: 'noindex' },
  // The token is in the address: never send it to another site.
  { name: 'referrer', content: 'no-referrer' },
]

export const headers = keepRetryAfter

const GONE = 'This link has been used or has expired. Ask for a new one.'

/** A one-time link (npm run user:claim-link) with which an imported person sets a password. */
export async function loader({ params }: LoaderFunctionArgs) {
  const claim = findClaim(params.token ?? '')
  if (!claim) throw new Response(GONE, { status: 404 })
  return { handle: claim.handle, displayName: claim.displayName }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return submitForm(
    await request.formData(),
    claimSchema,
    async (value) => {
      await consumeRateLimit('signup', { ip: context.ip })
      const user = await claimAccount(params.token ?? '', value)
      return redirectSignedIn(user.id, `/users/${user.handle}`, { request, context })
    },
    { hideFields: ['password'] },
  )
}

export default function Claim() {
  const { handle, displayName } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useZodForm(claimSchema, { lastResult: actionData?.result })
  return (
    <div className="narrow auth-page">
      <h1>Claim your account</h1>
      <p className="muted">
        Welcome, {displayName}. Your posts and reputation are here as <strong>@{handle}</strong>.
        Choose the e-mail and password you will log in with.
      </p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <ErrorList id={form.errorId} errors={form.errors} />
        <Field
          labelProps={{ children: 'Email' }}
          hint="Never shown to others."
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
          errors={fields.email.errors}
        />
        <NewPasswordField field={fields.password} />
        <button type="submit" className="btn">
          Claim account
        </button>
      </Form>
    </div>
  )
}
