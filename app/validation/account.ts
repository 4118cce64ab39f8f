import { z } from 'zod'

/** "Delete my account": the member types their handle and password to confirm. */
export const deleteAccountSchema = z.object({
  intent: z.literal('delete-account'),
  confirmHandle: z
    .string({ error: 'Type your handle to confirm' })
    .trim()
    .min(1, 'Type your handle to confirm')
    .max(40, 'That is not your handle'),
  password: z
    .string({ error: 'Your password is required' })
    .min(1, 'Your password is required')
    .max(200, 'That is not your password'),
})
