import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { getQuestionSlug } from '#app/models/questions.server.ts'

/** /questions/:id without its slug: send readers and crawlers to the canonical address. */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = Number(params.id)
  const slug = Number.isSafeInteger(id) && id > 0 ? getQuestionSlug(id) : undefined
  if (!slug) throw new Response('Question not found', { status: 404 })
  return redirect(`/questions/${id}/${slug}`, 301)
}
