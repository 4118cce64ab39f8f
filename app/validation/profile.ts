import { z } from 'zod'

export const profileSchema = z.object({
  displayName: z
    .string({ error: 'Display name is required' })
    .trim()
    .min(2, 'Display name must be at least 2 characters')
    .max(50, 'Display name must be at most 50 characters'),
  bio: z.string().trim().max(500, 'Bio must be at most 500 characters').optional().default(''),
})

/** The most tags one expert answers: routing is for what they know best. */
export const EXPERT_TAGS_MAX = 10

/** The profile form of a citizen expert (or staff): also the tags they answer (routing). */
export const expertProfileSchema = profileSchema.extend({
  expertTags: z.string().trim().max(500, 'That list is too long').optional().default(''),
})
