import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireUser } from '#app/lib/auth.server.ts'
import { accountExport } from '#app/models/account-privacy.server.ts'
import { getUserByHandle } from '#app/models/users.server.ts'

/**
 * /users/:handle/data: the member's own data as a JSON download. Only the member themself: not
 * another member, and not an admin either. Moderation needs no export (its pages show what it
 * acts on), and an export holds the e-mail address and notifications, which no role may read.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context.user, request)
  const profile = getUserByHandle(String(params.handle))
  if (!profile || profile.status === 'deleted')
    throw new Response('User not found', { status: 404 })
  if (profile.id !== user.id) {
    throw new Response('Only the member themself can download their data.', { status: 403 })
  }
  const pieces = accountExport(profile.id)
  const encoder = new TextEncoder()
  // Pulled a piece at a time as the client reads, so the whole export is never in memory.
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = pieces.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    cancel() {
      pieces.return(undefined)
    },
  })
  const day = new Date().toISOString().slice(0, 10)
  return new Response(body, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="peerdesk-${profile.handle}-${day}.json"`,
      'Cache-Control': 'no-store',
    },
  })
}
