// GET /go/search/:id — a /search result was opened: count it for the self-help deflection figure
// (the thread page itself may come from the page cache and never reach the app), renew the
// anonymous session cookie, then 302 to the thread. Only this redirect is uncached.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { z } from 'zod'
import { renewSelfHelpSession } from '#app/lib/self-help-cookie.server.ts'
import { recordSelfHelpOpening } from '#app/models/self-help.server.ts'

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const questionId = id.safeParse(params.id)
  if (!questionId.success) throw new Response('Question not found', { status: 404 })
  const { sessionId, cookie } = await renewSelfHelpSession(request)
  const target = recordSelfHelpOpening({ source: 'search', questionId: questionId.data, sessionId })
  if (!target) throw new Response('Question not found', { status: 404 })
  return redirect(target, {
    status: 302,
    headers: { 'Set-Cookie': cookie, 'Cache-Control': 'private, no-store' },
  })
}
