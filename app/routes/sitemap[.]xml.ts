import type { LoaderFunctionArgs } from '@remix-run/node'
import { publicOrigin } from '#app/lib/urls.server.ts'
import { escapeXml, isoDate } from '#app/lib/xml.ts'
import { sitemapChunks } from '#app/models/seo.server.ts'

/** The sitemap index: one paged sitemap per 10 000 threads, each with its newest activity. */
export async function loader({ request }: LoaderFunctionArgs) {
  const origin = publicOrigin(request)
  const entries = sitemapChunks().map(
    (c) =>
      `<sitemap><loc>${escapeXml(`${origin}/sitemaps/questions/${c.chunk}.xml`)}</loc><lastmod>${isoDate(c.lastmod)}</lastmod></sitemap>`,
  )
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`
  return new Response(body, {
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    },
  })
}
