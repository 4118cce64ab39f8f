import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { AuthForm } from '#app/components/auth-form.tsx'
import { guestsOnly, redirectSignedIn, submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter, resetRateLimit } from '#app/lib/rate-limit.server.ts'
import { PermissionError } from '#app/models/errors.server.ts'
import { verifyLogin } from '#app/models/users.server.ts'
import { loginSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Log in — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export const headers = keepRetryAfter

// One message for an unknown e-mail and a wrong password: the form must not reveal who has an account.
export const BAD_CREDENTIALS = 'That email and password do not match an account.'

export const loader = guestsOnly

export async function action({ request, context }: ActionFunctionArgs) {
  return submitForm(
    await request.formData(),
    loginSchema,
    async ({ email, password, redirectTo }) => {
      await consumeRateLimit('login', { ip: context.ip, account: email })
      const user = await verifyLogin(email, password)
      if (!user) throw new PermissionError(BAD_CREDENTIALS)
      await resetRateLimit('login', email)
      return redirectSignedIn(user.id, redirectTo, { request, context })
    },
    { hideFields: ['password'] },
  )
}

export default function Login() {
  const actionData = useActionData<typeof action>()
  return <AuthForm mode="login" lastResult={actionData?.result} />
}
