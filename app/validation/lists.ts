import { z } from 'zod'

export const QUESTION_TABS = ['newest', 'active', 'unanswered', 'resolved'] as const
export type QuestionTab = (typeof QUESTION_TABS)[number]

export const LEADERBOARD_PERIODS = ['week', 'month', 'all'] as const
export type LeaderboardPeriod = (typeof LEADERBOARD_PERIODS)[number]

export const pageSchema = z.coerce.number().int().min(1).max(1_000_000).catch(1)

export const questionListQuery = z.object({
  tab: z.enum(QUESTION_TABS).catch('newest'),
  tag: z
    .string()
    .trim()
    .toLowerCase()
    .max(35)
    .regex(/^[a-z0-9+#.-]*$/)
    .optional()
    .catch(undefined),
  page: pageSchema,
})

export function parseQuery<T extends z.ZodType>(schema: T, url: URL): z.output<T> {
  return schema.parse(Object.fromEntries(url.searchParams))
}
