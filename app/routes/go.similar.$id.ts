// GET /go/similar/:id[?answer=ID] — a match of the ask page's "may already answer it" list was
// opened: count it for the self-help deflection figure, then 303 to the thread (or the answer).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { createCookie, redirect } from '@remix-run/node'
import { z } from 'zod'
import {
  recordSelfHelpOpening,
  selfHelpSessionId,
  SELF_HELP_SESSION_MS,
} from '#app/models/self-help.server.ts'

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)
const answerParam = id.optional().catch(undefined)

/** An anonymous session id (random, nothing else), renewed by each opening. */
const selfHelpCookie = createCookie('peerdesk_selfhelp', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: SELF_HELP_SESSION_MS / 1000,
})

export async function loader({ request, params }: LoaderFunctionArgs) {
  const questionId = id.safeParse(params.id)
  if (!questionId.success) throw new Response('Question not found', { status: 404 })
  const url = new URL(request.url)
  const answerId = answerParam.parse(url.searchParams.get('answer') ?? undefined)
  const fromCookie: unknown = await selfHelpCookie.parse(request.headers.get('Cookie'))
  const sessionId = selfHelpSessionId(typeof fromCookie === 'string' ? fromCookie : undefined)
  const target = recordSelfHelpOpening({
    source: 'ask',
    questionId: questionId.data,
    answerId,
    sessionId,
  })
  if (!target) throw new Response('Question not found', { status: 404 })
  const cookie = await selfHelpCookie.serialize(sessionId, {
    secure: url.protocol === 'https:',
  })
  return redirect(target, {
    status: 303,
    headers: { 'Set-Cookie': cookie, 'Cache-Control': 'private, no-store' },
  })
}
