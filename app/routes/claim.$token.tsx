import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { startSession } from '#app/lib/auth.server.ts'
import { formFailure, invalidSubmission } from '#app/lib/form-action.server.ts'
import { consumeRateLimit } from '#app/lib/rate-limit.server.ts'
import { claimAccount, findClaim } from '#app/models/claims.server.ts'
import { PASSWORD_MIN, claimSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Claim your account — Peerdesk' },
  { name: 'robots', content: 'noindex' },
  // The token is in the address: never send it to another site.
  { name: 'referrer', content: 'no-referrer' },
]

const GONE = 'This link has been used or has expired. Ask for a new one.'

/** A one-time link (npm run user:claim-link) with which an imported person sets a password. */
export async function loader({ params }: LoaderFunctionArgs) {
  const claim = findClaim(params.token ?? '')
  if (!claim) throw new Response(GONE, { status: 404 })
  return { handle: claim.handle, displayName: claim.displayName }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const submission = parseWithZod(await request.formData(), { schema: claimSchema })
  const hideFields = ['password']
  if (submission.status !== 'success') return invalidSubmission(submission, { hideFields })
  try {
    await consumeRateLimit('signup', { ip: context.ip })
    const user = await claimAccount(params.token ?? '', submission.value)
    const cookie = await startSession(user.id, request, context.session)
    return redirect(`/users/${user.handle}`, { headers: { 'Set-Cookie': cookie } })
  } catch (error) {
    return formFailure(submission, error, { hideFields })
  }
}

export default function Claim() {
  const { handle, displayName } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(claimSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: claimSchema }),
  })
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
          label="Email"
          htmlFor={fields.email.id}
          hint="Never shown to others."
          errorId={fields.email.errorId}
          errors={fields.email.errors}
        >
          <input
            {...getInputProps(fields.email, { type: 'email' })}
            key={fields.email.key}
            autoComplete="email"
          />
        </Field>
        <Field
          label="Password"
          htmlFor={fields.password.id}
          hint={`At least ${PASSWORD_MIN} characters.`}
          errorId={fields.password.errorId}
          errors={fields.password.errors}
        >
          <input
            {...getInputProps(fields.password, { type: 'password' })}
            key={fields.password.key}
            autoComplete="new-password"
          />
        </Field>
        <button type="submit" className="btn">
          Claim account
        </button>
      </Form>
    </div>
  )
}
