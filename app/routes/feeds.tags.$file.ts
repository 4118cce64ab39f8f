import type { LoaderFunctionArgs } from '@remix-run/node'
import { feedResponse, parseFeedFile } from '#app/lib/feeds.server.ts'
import { publicOrigin } from '#app/lib/urls.server.ts'
import { feedQuestions } from '#app/models/seo.server.ts'
import { getTag } from '#app/models/tags.server.ts'

/** /feeds/tags/:tag.atom and .rss: the newest questions of one tag. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = parseFeedFile(params.file)
  const tag = file ? getTag(file.name) : undefined
  if (!file || !tag) throw new Response('Not found', { status: 404 })
  return feedResponse({
    origin: publicOrigin(request),
    selfPath: `/feeds/tags/${params.file}`,
    title: `Questions tagged ${tag.name} — Peerdesk`,
    description: tag.description || `The newest questions tagged ${tag.name}.`,
    format: file.format,
    items: feedQuestions({ tag: tag.name }),
  })
}
