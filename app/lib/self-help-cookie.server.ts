// The self-help session's cookie: an anonymous random id (nothing else), renewed by each counted
// opening of a thread (/go/similar, /go/search) and read when a question is posted, so the
// deflection figure can tell whether the same session went on to ask.
import { createCookie } from '@remix-run/node'
import { SELF_HELP_SESSION_MS, selfHelpSessionId } from '#app/models/self-help.server.ts'

const selfHelpCookie = createCookie('peerdesk_selfhelp', {
  httpOnly: true,
  sameSite: 'lax',
  path: '/',
  maxAge: SELF_HELP_SESSION_MS / 1000,
})

/** The session id the request's cookie carries, or null when it has none of ours. */
export async function selfHelpSessionFrom(request: Request): Promise<string | null> {
  const value: unknown = await selfHelpCookie.parse(request.headers.get('Cookie'))
  return typeof value === 'string' && selfHelpSessionId(value) === value ? value : null
}

/** The session to count an opening in (the cookie's, or a new one) and its renewed cookie. */
export async function renewSelfHelpSession(request: Request) {
  const sessionId = selfHelpSessionId((await selfHelpSessionFrom(request)) ?? undefined)
  const cookie = await selfHelpCookie.serialize(sessionId, {
    secure: new URL(request.url).protocol === 'https:',
  })
  return { sessionId, cookie }
}
