import { z } from 'zod'

const id = z.coerce.number().int().positive()

/** The small buttons of a thread page (vote, accept, official) post these. */
export const threadButtonSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('vote'),
    postType: z.enum(['question', 'answer']),
    postId: id,
    direction: z.enum(['up', 'down']),
  }),
  z.object({ intent: z.literal('accept'), answerId: id }),
  z.object({ intent: z.literal('official'), answerId: id, official: z.enum(['true', 'false']) }),
])

export const commentTargetSchema = z.object({ answerId: id.optional() })

export const flagSchema = z.object({
  post: z.string().regex(/^(question|answer):\d+$/, 'Choose a post to flag'),
  reason: z.enum(['spam', 'rude', 'off_topic', 'needs_moderator'], {
    error: 'Choose why this post needs attention',
  }),
  details: z
    .string()
    .trim()
    .max(500, 'Details must be at most 500 characters')
    .optional()
    .default(''),
})
