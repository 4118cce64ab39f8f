import type { LoaderFunctionArgs } from '@remix-run/node'
import { publicOrigin } from '#app/lib/urls.server.ts'

// Crawlers read threads, lists, tags and profiles; search results and account pages stay out.
const DISALLOWED = [
  '/search',
  '/login',
  '/signup',
  '/logout',
  '/staff',
  '/mod',
  '/notifications',
  '/questions/ask',
  '/flag',
  '/revisions/',
  '/resources/',
  '/users/*/edit',
]

export async function loader({ request }: LoaderFunctionArgs) {
  const lines = [
    'User-agent: *',
    ...DISALLOWED.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${publicOrigin(request)}/sitemap.xml`,
    '',
  ]
  return new Response(lines.join('\n'), {
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    },
  })
}
