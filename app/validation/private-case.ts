// The private case's forms on the thread page: open it, write in it, solve it with a summary.
import { z } from 'zod'
import { bodySchema } from './posts.ts'

export const CASE_MESSAGE_MAX = 10_000

export const PRIVATE_CASE_INTENTS = [
  'private-case-open',
  'private-case-message',
  'private-case-solve',
] as const

export const caseMessageSchema = z.object({
  body: z
    .string({ error: 'Write your message' })
    .trim()
    .min(1, 'Write your message')
    .max(
      CASE_MESSAGE_MAX,
      `Your message must be at most ${CASE_MESSAGE_MAX.toLocaleString('en-US')} characters`,
    ),
})

// The summary is a public answer: an answer's limits.
export const caseSolveSchema = z.object({ summary: bodySchema('The summary') })

export const privateCaseActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('private-case-open') }),
  caseMessageSchema.extend({ intent: z.literal('private-case-message') }),
  caseSolveSchema.extend({ intent: z.literal('private-case-solve') }),
])
