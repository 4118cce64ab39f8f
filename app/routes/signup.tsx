import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData } from '@remix-run/react'
import { AuthForm } from '#app/components/auth-form.tsx'
import { guestsOnly, redirectSignedIn, submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { createUser } from '#app/models/users.server.ts'
import { signupSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Sign up — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export const headers = keepRetryAfter

export const loader = guestsOnly

export async function action({ request, context }: ActionFunctionArgs) {
  return submitForm(
    await request.formData(),
    signupSchema,
    async ({ handle, email, password, redirectTo }) => {
      await consumeRateLimit('signup', { ip: context.ip })
      const user = await createUser({ handle, email, password })
      return redirectSignedIn(user.id, redirectTo, { request, context })
    },
    { hideFields: ['password'] },
  )
}

export default function Signup() {
  const actionData = useActionData<typeof action>()
  return <AuthForm mode="signup" lastResult={actionData?.result} />
}
