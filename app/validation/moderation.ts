import { z } from 'zod'
import { optionalReason, requiredReason } from './reasons.ts'

const userId = z.coerce.number({ error: 'Choose a member' }).int().positive('Choose a member')

/** The profile's moderation forms (Suspend, Lift suspension), told apart by `intent`. */
export const memberModerationSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('suspend'),
    userId,
    days: z.coerce
      .number({ error: 'Choose how long' })
      .refine((d): d is 1 | 7 | 30 | 365 => [1, 7, 30, 365].includes(d), 'Choose how long'),
    reason: requiredReason('Say why they are suspended'),
  }),
  z.object({
    intent: z.literal('unsuspend'),
    userId,
    reason: optionalReason(),
  }),
])
