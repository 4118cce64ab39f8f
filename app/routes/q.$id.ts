import type { LoaderFunctionArgs } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { addressForShortLink } from '#app/models/import.server.ts'

/**
 * /q/ID, the short address Stack Exchange shares: a question (or answer) id of an imported site
 * answers 301 with the thread it became; an id no import knows is taken as a Peerdesk question.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const id = Number(params.id)
  const address = Number.isSafeInteger(id) && id > 0 ? addressForShortLink(id) : null
  if (!address) throw new Response('Question not found', { status: 404 })
  return redirect(address, 301)
}
