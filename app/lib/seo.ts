// Head tags every indexable page shares: title, description, canonical link, Open Graph and
// Twitter cards, and robots when a page should stay out of search engines.
import type { MetaDescriptor } from '@remix-run/node'

export const SITE_NAME = 'Peerdesk'
const DAY_MS = 24 * 3600 * 1000

export function seoMeta(page: {
  title: string
  description: string
  url: string
  noindex?: boolean
  type?: 'website' | 'article' | 'profile'
}): MetaDescriptor[] {
  const description =
    page.description.length > 160 ? `${page.description.slice(0, 157)}…` : page.description
  return [
    { title: page.title },
    { name: 'description', content: description },
    { tagName: 'link', rel: 'canonical', href: page.url },
    { property: 'og:site_name', content: SITE_NAME },
    { property: 'og:type', content: page.type ?? 'website' },
    { property: 'og:title', content: page.title },
    { property: 'og:description', content: description },
    { property: 'og:url', content: page.url },
    { name: 'twitter:card', content: 'summary' },
    { name: 'twitter:title', content: page.title },
    { name: 'twitter:description', content: description },
    ...(page.noindex ? [{ name: 'robots', content: 'noindex, follow' }] : []),
  ]
}

/**
 * A question nobody answered and nobody upvoted, more than 30 days old, is thin content:
 * readers can still open it, search engines are asked not to index it.
 */
export function isThinThread(
  q: { answerCount: number; score: number; createdAt: number },
  now = Date.now(),
) {
  return q.answerCount === 0 && q.score <= 0 && now - q.createdAt > 30 * DAY_MS
}

/** The site origin the root loader resolved (PUBLIC_URL or the request's). */
export function originFrom(matches: readonly { id: string; data?: unknown }[]): string {
  const root = matches.find((m) => m.id === 'root')?.data as { origin?: string } | undefined
  return root?.origin ?? ''
}
