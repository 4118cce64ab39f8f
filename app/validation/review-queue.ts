import { z } from 'zod'

const id = z.coerce.number().int().positive()
const post = { postType: z.enum(['question', 'answer']), postId: id }

/** What a moderator decides from the review queue, told apart by `intent`. */
export const reviewDecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('delete'), ...post }),
  z.object({ intent: z.literal('dismiss'), ...post }),
  z.object({
    intent: z.literal('lock'),
    questionId: id,
    reason: z
      .string({ error: 'Say why the thread is locked' })
      .trim()
      .min(1, 'Say why the thread is locked')
      .max(500, 'Reason must be at most 500 characters'),
  }),
])
