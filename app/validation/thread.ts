import { z } from 'zod'
import { optionalReason } from './reasons.ts'
import { CLOSE_REASON_KEYS } from '#app/lib/close-reasons.ts'
import { answerSchema, commentSchema } from './posts.ts'

const id = z.coerce.number().int().positive()

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

/** "123", "#123", "/questions/123/slug" or a full link to a question: its id (null if none). */
export function questionIdFrom(input: string): number | null {
  const text = input.trim()
  const bare = /^#?(\d{1,15})$/.exec(text)
  if (bare) return Number(bare[1]) || null
  if (!text.includes('/')) return null
  let pathname: string
  try {
    pathname = new URL(text, 'http://peerdesk.invalid').pathname
  } catch {
    return null
  }
  const match = /^\/questions\/(\d{1,15})(?:\/|$)/.exec(pathname)
  return match ? Number(match[1]) || null : null
}

/** The close form: a reason, and for a duplicate the original (its link or number). */
export const closeVoteSchema = z
  .object({
    intent: z.literal('close'),
    reason: z.enum(CLOSE_REASON_KEYS, { error: 'Choose why this question should be closed' }),
    duplicateOf: z.string().trim().max(500, 'That link is too long').optional().default(''),
  })
  .transform(({ reason, duplicateOf }, ctx) => {
    if (reason !== 'duplicate') return { reason, duplicateOfId: undefined }
    const duplicateOfId = duplicateOf ? questionIdFrom(duplicateOf) : null
    if (duplicateOfId == null) {
      ctx.addIssue({
        code: 'custom',
        path: ['duplicateOf'],
        message: duplicateOf
          ? 'Enter the link to a question on this site, or its number'
          : 'Give the link or number of the original question',
      })
      return z.NEVER
    }
    return { reason, duplicateOfId }
  })

/**
 * Everything a thread page posts to its one action, told apart by `intent`: the answer and
 * comment forms, the close form, and the small buttons (vote, accept, official).
 */
export const threadActionSchema = z.discriminatedUnion('intent', [
  answerSchema.extend({ intent: z.literal('answer') }),
  commentSchema.extend({ intent: z.literal('comment'), answerId: id.optional() }),
  closeVoteSchema.transform((close) => ({ intent: 'close' as const, ...close })),
  z.object({
    intent: z.literal('vote'),
    postType: z.enum(['question', 'answer']),
    postId: id,
    direction: z.enum(['up', 'down']),
  }),
  z.object({ intent: z.literal('accept'), answerId: id }),
  z.object({
    intent: z.literal('official'),
    answerId: id,
    official: z.enum(['true', 'false']),
    /** The product/version note: its rules (length) are the model's, a field error there. */
    note: z.string().max(10_000).optional(),
  }),
  z.object({
    intent: z.enum(['delete', 'undelete']),
    postType: z.enum(['question', 'answer', 'comment']),
    postId: id,
  }),
  z.object({ intent: z.literal('reopen'), reason: optionalReason() }),
  z.object({
    intent: z.literal('lock'),
    locked: z.enum(['true', 'false']),
    reason: optionalReason(),
  }),
])
export type ThreadActionInput = z.input<typeof threadActionSchema>
export type ThreadActionValue = z.output<typeof threadActionSchema>
