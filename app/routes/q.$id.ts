import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { threadForOldId } from '#app/models/import.server.ts'
import { getQuestionSlug } from '#app/models/questions.server.ts'

/**
 * /q/ID, the short address Stack Exchange shares: a question (or answer) id of an imported site
 * answers 301 with the thread it became; an id no import knows is taken as a Peerdesk question.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = Number(params.id)
  if (!Number.isSafeInteger(id) || id <= 0) throw new Response('Not found', { status: 404 })
  const old = threadForOldId(id)
  const questionId = old?.questionId ?? id
  const slug = getQuestionSlug(questionId)
  if (!slug) throw new Response('Question not found', { status: 404 })
  const anchor = old?.answerId != null ? `#answer-${old.answerId}` : ''
  return redirect(`/questions/${questionId}/${slug}${anchor}`, 301)
}
