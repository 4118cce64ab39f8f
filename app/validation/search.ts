import { z } from 'zod'
import { pageSchema } from './lists.ts'

export const searchQuerySchema = z.object({
  q: z.string().trim().max(200).catch(''),
  tag: z
    .string()
    .trim()
    .toLowerCase()
    .max(35)
    .regex(/^[a-z0-9+#.-]*$/)
    .optional()
    .catch(undefined),
  status: z.enum(['resolved', 'all']).catch('resolved'),
  page: pageSchema,
})
export type SearchParams = z.output<typeof searchQuerySchema>

export const similarQuerySchema = z.object({
  text: z.string().trim().max(2_000).catch(''),
  exclude: z.coerce.number().int().positive().optional().catch(undefined),
})

/** The /search URL for these parameters (defaults left out, so links stay short and canonical). */
export function searchHref(params: Partial<SearchParams>) {
  const search = new URLSearchParams()
  if (params.q) search.set('q', params.q)
  if (params.tag) search.set('tag', params.tag)
  if (params.status && params.status !== 'resolved') search.set('status', params.status)
  if (params.page && params.page > 1) search.set('page', String(params.page))
  const qs = search.toString()
  return qs ? `/search?${qs}` : '/search'
}
