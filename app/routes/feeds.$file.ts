import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse, parseFeedFile } from '#app/lib/feeds.server.ts'
import { publicOrigin } from '#app/lib/urls.server.ts'
import { feedQuestions } from '#app/models/seo.server.ts'

/** /feeds/questions.atom and /feeds/questions.rss: the newest questions. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = parseFeedFile(params.file)
  if (!file || file.name !== 'questions') throw new Response('Not found', { status: 404 })
  return feedResponse({
    origin: publicOrigin(request),
    selfPath: `/feeds/${params.file}`,
    title: 'Newest questions — Peerdesk',
    description: 'The newest questions asked in the Nimbus Home community.',
    format: file.format,
    items: feedQuestions(),
  })
}
