import { getFormProps, getInputProps } from '@conform-to/react'
import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { ErrorList, Field, useZodForm } from '#app/components/forms.tsx'
import { LinkSent } from '#app/components/link-sent.tsx'
import { submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { requestPasswordReset } from '#app/models/account-links.server.ts'
import { emailEnabled } from '#app/models/email.server.ts'
import { passwordResetRequestSchema, RESET_LINK_MINUTES } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Forgot your password? — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export const headers = keepRetryAfter

export function loader() {
  return { sendsEmail: emailEnabled() }
}

const NO_EMAIL =
  'This site does not send e-mail yet, so a password cannot be reset from here. An administrator can give you a link to choose a new one.'

export async function action({ request, context }: ActionFunctionArgs) {
  if (!emailEnabled()) throw new Response(NO_EMAIL, { status: 403 })
  return submitForm(await request.formData(), passwordResetRequestSchema, async ({ email }) => {
    await consumeRateLimit('password-reset', { ip: context.ip, account: email })
    return { sent: requestPasswordReset(email).email }
  })
}

export default function PasswordReset() {
  const { sendsEmail } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [form, fields] = useZodForm(passwordResetRequestSchema, {
    lastResult: actionData && 'result' in actionData ? actionData.result : undefined,
    validate: 'onSubmit',
  })
  if (actionData && 'sent' in actionData) {
    return (
      <LinkSent title="Check your e-mail">
        If an account logs in with <strong>{actionData.sent}</strong>, we sent it a link to choose a
        new password. The link works once, for {RESET_LINK_MINUTES} minutes.
      </LinkSent>
    )
  }
  return (
    <div className="narrow auth-page">
      <h1>Forgot your password?</h1>
      {sendsEmail ? (
        <>
          <p className="muted">
            Type the address you log in with and we will e-mail you a link to choose a new password.
          </p>
          <Form method="post" {...getFormProps(form)} className="stack">
            <ErrorList id={form.errorId} errors={form.errors} />
            <Field
              labelProps={{ children: 'Email' }}
              inputProps={{
                ...getInputProps(fields.email, { type: 'email' }),
                autoComplete: 'email',
              }}
              errors={fields.email.errors}
            />
            <button type="submit" className="btn">
              Send me a link
            </button>
          </Form>
        </>
      ) : (
        <p role="status">{NO_EMAIL}</p>
      )}
      <p>
        Remembered it? <Link to="/login">Log in</Link>
      </p>
    </div>
  )
}
