import { z } from 'zod'
import { requiredReason } from './reasons.ts'

const id = z.coerce.number().int().positive()
const post = { postType: z.enum(['question', 'answer']), postId: id }

/** What a moderator decides from the review queue, told apart by `intent`. */
export const reviewDecisionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('delete'), ...post }),
  z.object({ intent: z.literal('dismiss'), ...post }),
  z.object({
    intent: z.literal('lock'),
    questionId: id,
    reason: requiredReason('Say why the thread is locked'),
  }),
])
