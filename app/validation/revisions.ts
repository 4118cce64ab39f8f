import { z } from 'zod'
import { editSummarySchema } from './posts.ts'

/** The "Roll back" button of a revision on a post's history page, with an optional summary. */
export const rollbackSchema = z.object({
  revision: z.coerce.number().int().positive(),
  summary: editSummarySchema,
})
