import { z } from 'zod'
import { QUEUE_AGES, QUEUE_STATUSES } from '#app/lib/staff-queue-filters.ts'

/** A page edge in a link: "createdAt-id" (both integers). */
const cursor = z
  .string()
  .regex(/^\d+-\d+$/)
  .transform((value) => {
    const [createdAt, id] = value.split('-').map(Number)
    return { createdAt: createdAt!, id: id! }
  })

/** The queue's GET filters; anything not understood falls back to its default. */
export const queueFiltersSchema = z.object({
  status: z.enum(QUEUE_STATUSES).catch('waiting'),
  age: z.enum(QUEUE_AGES).catch('any'),
  tag: z
    .string()
    .trim()
    .toLowerCase()
    .max(35)
    .optional()
    .catch(undefined)
    .transform((tag) => tag || undefined),
  after: cursor.optional().catch(undefined),
  before: cursor.optional().catch(undefined),
})

/** "I'm on it" and its release, from the queue or the thread page. */
export const claimSchema = z.object({
  intent: z.enum(['claim', 'release']),
  questionId: z.coerce.number().int().positive(),
  /** Where to go afterwards (the thread page); the queue when absent. */
  redirectTo: z.string().max(500).optional(),
})
