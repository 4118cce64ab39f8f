// The thread page's private-case intents (open, message, solve): parsed, rate-limited and turned
// into a redirect back to the case, or a reply the case's forms show (field errors, 403, 429).
import { redirect } from '@remix-run/node'
import type { SessionUser } from './auth.server.ts'
import { submitForm } from './form-action.server.ts'
import { consumeRateLimit } from './rate-limit.server.ts'
import {
  openPrivateCase,
  postPrivateCaseMessage,
  solvePrivateCase,
} from '#app/models/private-cases.server.ts'
import { PRIVATE_CASE_INTENTS, privateCaseActionSchema } from '#app/validation/private-case.ts'

export const isPrivateCaseIntent = (intent: unknown) =>
  (PRIVATE_CASE_INTENTS as readonly unknown[]).includes(intent)

export function privateCaseAction(
  user: SessionUser,
  questionId: number,
  formData: FormData,
  context: { threadUrl: string; ip: string },
) {
  const { threadUrl, ip } = context
  return submitForm(
    formData,
    privateCaseActionSchema,
    async (input) => {
      switch (input.intent) {
        case 'private-case-open':
          openPrivateCase(user, questionId)
          return redirect(`${threadUrl}#private-case`)
        case 'private-case-message': {
          await consumeRateLimit('post', { ip, account: user.id })
          const message = postPrivateCaseMessage(user, questionId, input.body)
          return redirect(`${threadUrl}#case-message-${message.id}`)
        }
        case 'private-case-solve': {
          await consumeRateLimit('post', { ip, account: user.id })
          const { answerId } = solvePrivateCase(user, questionId, input.summary)
          return redirect(`${threadUrl}#answer-${answerId}`)
        }
      }
    },
    { extra: { intent: 'private-case' as const } },
  )
}
