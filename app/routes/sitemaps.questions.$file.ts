import type { LoaderFunctionArgs } from '@remix-run/node'
import { publicOrigin, threadPath } from '#app/lib/urls.server.ts'
import { escapeXml, isoDate } from '#app/lib/xml.ts'
import { SITEMAP_CHUNK_SIZE, sitemapBatch } from '#app/models/seo.server.ts'

/** /sitemaps/questions/N.xml: the thread URLs of chunk N, streamed in batches. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const chunk = Number(/^(\d+)\.xml$/.exec(params.file ?? '')?.[1])
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new Response('Not found', { status: 404 })
  const first = sitemapBatch(chunk, 0)
  if (first.length === 0) throw new Response('Not found', { status: 404 })

  const origin = publicOrigin(request)
  const encoder = new TextEncoder()
  let batch = first
  let sent = 0
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        encoder.encode(
          '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n',
        ),
      )
    },
    async pull(controller) {
      // A turn of the event loop between batches: the stream's reader asks for the next one
      // at once, and a whole file in one go would hold every other request for a tenth of a second.
      if (sent > 0) await new Promise<void>((resolve) => setImmediate(resolve))
      if (batch.length === 0 || request.signal.aborted) {
        controller.enqueue(encoder.encode('</urlset>\n'))
        controller.close()
        return
      }
      const lines = batch.map(
        (q) =>
          `<url><loc>${escapeXml(origin + threadPath(q))}</loc><lastmod>${isoDate(q.lastmod)}</lastmod></url>`,
      )
      controller.enqueue(encoder.encode(lines.join('\n') + '\n'))
      sent += batch.length
      const lastId = batch.at(-1)!.id
      batch = sent >= SITEMAP_CHUNK_SIZE ? [] : sitemapBatch(chunk, lastId)
    },
  })
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    },
  })
}
