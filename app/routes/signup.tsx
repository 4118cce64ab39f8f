import { parseWithZod } from '@conform-to/zod/v4'
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { AuthForm } from '#app/components/auth-form.tsx'
import { LinkSent } from '#app/components/link-sent.tsx'
import { botRefusal, formStartToken } from '#app/lib/bot-guard.server.ts'
import { guestsOnly, redirectSignedIn, submitForm } from '#app/lib/form-action.server.ts'
import { consumeRateLimit, keepRetryAfter } from '#app/lib/rate-limit.server.ts'
import { requestSignup, signupNeedsConfirmation } from '#app/models/account-links.server.ts'
import { createUser } from '#app/models/users.server.ts'
import { SIGNUP_LINK_HOURS, signupSchema } from '#app/validation/auth.ts'

export const meta: MetaFunction = () => [
  { title: 'Sign up — Peerdesk' },
  { name: 'robots', content: 'noindex' },
]

export const headers = keepRetryAfter

export function loader(args: LoaderFunctionArgs) {
  guestsOnly(args)
  return { formStarted: formStartToken() }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData()
  const submission = parseWithZod(formData, { schema: signupSchema })
  const refused = botRefusal(formData, submission, { hideFields: ['password'] })
  if (refused) return refused
  return submitForm(
    formData,
    signupSchema,
    async ({ handle, email, password, redirectTo }) => {
      await consumeRateLimit('signup', { ip: context.ip, account: email })
      // A site that sends e-mail confirms the address first, and its answer is the same whether
      // the address has an account or not; one that sends none can only make the account now.
      if (signupNeedsConfirmation()) {
        return { sent: (await requestSignup({ handle, email, password, redirectTo })).email }
      }
      const user = await createUser({ handle, email, password })
      return redirectSignedIn(user.id, redirectTo, { request, context })
    },
    { hideFields: ['password'] },
  )
}

export default function Signup() {
  const { formStarted } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  if (actionData && 'sent' in actionData) {
    return (
      <LinkSent title="Check your e-mail">
        We sent a link to <strong>{actionData.sent}</strong>. Open it within {SIGNUP_LINK_HOURS}{' '}
        hours to finish joining. If this address already has an account, the message says so
        instead.
      </LinkSent>
    )
  }
  return <AuthForm mode="signup" lastResult={actionData?.result} formStarted={formStarted} />
}
