import { z } from 'zod'

const id = z.coerce.number().int().positive()

/** The re-verify list's page edge in a link: "verifiedAt-questionId". */
export const reverifyQuerySchema = z.object({
  after: z
    .string()
    .regex(/^\d{1,15}-\d{1,15}$/)
    .transform((value) => {
      const [verifiedAt, questionId] = value.split('-').map(Number)
      return { verifiedAt: verifiedAt!, questionId: questionId! }
    })
    .optional()
    .catch(undefined),
})

/** A row's actions on /staff/reverify: confirm, update the note, withdraw the mark. */
export const reverifyActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.enum(['confirm', 'withdraw']), questionId: id, answerId: id }),
  z.object({
    intent: z.literal('update'),
    questionId: id,
    answerId: id,
    /** Its rules (length) are the model's: a field error by the row's note field. */
    note: z.string().max(10_000).optional().default(''),
  }),
])
