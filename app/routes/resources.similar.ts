import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseQuery } from '#app/validation/lists.ts'
import { similarQuerySchema } from '#app/validation/search.ts'
import { similarToDraft } from '#app/models/answer-preview.server.ts'

/**
 * GET /resources/similar?text=…&exclude=ID — the threads closest to what is being typed, as
 * JSON; the best resolved one carries the opening of its official (else accepted) answer.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { text, exclude } = parseQuery(similarQuerySchema, new URL(request.url))
  const hits = await similarToDraft(text, exclude)
  return Response.json({ hits }, { headers: { 'Cache-Control': 'private, max-age=30' } })
}
