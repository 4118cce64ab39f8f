// GET /go/similar/:id[?answer=ID] — a match of the ask page's "may already answer it" list was
// opened: count it for the self-help deflection figure, then 303 to the thread (or the answer).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { z } from 'zod'
import { renewSelfHelpSession } from '#app/lib/self-help-cookie.server.ts'
import { recordSelfHelpOpening } from '#app/models/self-help.server.ts'

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const answerParam = id.optional().catch(undefined)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const questionId = id.safeParse(params.id)
  if (!questionId.success) throw new Response('Question not found', { status: 404 })
  const url = new URL(request.url)
  const answerId = answerParam.parse(url.searchParams.get('answer') ?? undefined)
  // An anonymous session id (random, nothing else), renewed by each opening.
  const { sessionId, cookie } = await renewSelfHelpSession(request)
  const target = recordSelfHelpOpening({
    source: 'ask',
    questionId: questionId.data,
    answerId,
    sessionId,
  })
  if (!target) throw new Response('Question not found', { status: 404 })
  return redirect(target, {
    status: 303,
    headers: { 'Set-Cookie': cookie, 'Cache-Control': 'private, no-store' },
  })
}
