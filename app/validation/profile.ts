import { z } from 'zod'

export const profileSchema = z.object({
  displayName: z
    .string({ error: 'Display name is required' })
    .trim()
    .min(2, 'Display name must be at least 2 characters')
    .max(50, 'Display name must be at most 50 characters'),
  bio: z.string().trim().max(500, 'Bio must be at most 500 characters').optional().default(''),
})
