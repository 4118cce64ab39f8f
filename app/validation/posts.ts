// Limits from the product contract; the same schemas check forms in the browser and on the server.
import { z } from 'zod'

export const TITLE_MIN = 15
export const TITLE_MAX = 150
export const BODY_MIN = 30
export const BODY_MAX = 30_000
export const COMMENT_MIN = 15
export const COMMENT_MAX = 600
export const TAGS_MAX = 5
export const TAG_MAX_LENGTH = 35
export const TAG_PATTERN = /^[a-z0-9+#.-]+$/

const trimmed = (field: string) => z.string({ error: `${field} is required` }).trim()

export const titleSchema = trimmed('Title')
  .min(TITLE_MIN, `Title must be at least ${TITLE_MIN} characters`)
  .max(TITLE_MAX, `Title must be at most ${TITLE_MAX} characters`)

export const bodySchema = (field = 'Body') =>
  trimmed(field)
    .min(BODY_MIN, `${field} must be at least ${BODY_MIN} characters`)
    .max(BODY_MAX, `${field} must be at most ${BODY_MAX.toLocaleString('en-US')} characters`)

/** Splits what the asker typed ("billing, login  sso") into tag names. */
export function splitTags(input: string): string[] {
  return [
    ...new Set(
      input
        .split(/[\s,]+/)
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]
}

export const tagsSchema = z
  .string({ error: 'Add at least one tag' })
  .transform(splitTags)
  .pipe(
    z
      .array(z.string())
      .min(1, 'Add at least one tag')
      .max(TAGS_MAX, `Use at most ${TAGS_MAX} tags`)
      // Each tag is checked here, on the list, so the error belongs to the Tags field the form
      // shows (an item's own error would be keyed tags[0], which no control displays).
      .superRefine((tags, ctx) => {
        if (tags.some((tag) => tag.length > TAG_MAX_LENGTH)) {
          ctx.addIssue({
            code: 'custom',
            message: `Tags must be at most ${TAG_MAX_LENGTH} characters`,
          })
        } else if (tags.some((tag) => !TAG_PATTERN.test(tag))) {
          ctx.addIssue({ code: 'custom', message: 'Tags may use only a-z, 0-9 and + # . -' })
        }
      }),
  )

export const questionSchema = z.object({
  title: titleSchema,
  body: bodySchema('Body'),
  tags: tagsSchema,
})
export type QuestionInput = z.output<typeof questionSchema>

export const answerSchema = z.object({
  body: bodySchema('Your answer'),
})

export const commentSchema = z.object({
  body: trimmed('Comment')
    .min(COMMENT_MIN, `Comment must be at least ${COMMENT_MIN} characters`)
    .max(COMMENT_MAX, `Comment must be at most ${COMMENT_MAX} characters`),
})

export const editSummarySchema = z
  .string()
  .trim()
  .max(200, 'Edit summary must be at most 200 characters')
  .optional()
  .default('')

/** Editing a post: the same fields, plus what the editor says they changed. */
export const questionEditSchema = questionSchema.extend({ summary: editSummarySchema })
export const answerEditSchema = answerSchema.extend({ summary: editSummarySchema })
