import type { LoaderFunctionArgs } from '@remix-run/node'
import { parseQuery } from '#app/validation/lists.ts'
import { similarQuerySchema } from '#app/validation/search.ts'
import { similarQuestions } from '#search/index.server.ts'

const MIN_TEXT_LENGTH = 8

/** GET /resources/similar?text=…&exclude=ID — the threads closest to what is being typed, as JSON. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { text, exclude } = parseQuery(similarQuerySchema, new URL(request.url))
  const hits =
    text.length < MIN_TEXT_LENGTH
      ? []
      : await similarQuestions({ text, excludeId: exclude, limit: 6 })
  return Response.json({ hits }, { headers: { 'Cache-Control': 'private, max-age=30' } })
}
