// Atom and RSS feeds of the newest questions, built with the `feed` package.
import { Feed } from 'feed'
import { profilePath } from './deleted-user.ts'
import { threadPath } from './urls.server.ts'
import { xmlCharactersOnly } from './xml.ts'

export type FeedFormat = 'atom' | 'rss'

export interface FeedItem {
  id: number
  title: string
  slug: string
  excerpt: string
  bodyHtml: string
  createdAt: number
  lastActivityAt: number
  authorName: string
  authorHandle: string
}

export function parseFeedFile(
  file: string | undefined,
): { name: string; format: FeedFormat } | null {
  const match = /^([a-z0-9+#.-]+)\.(atom|rss)$/.exec(file ?? '')
  return match ? { name: match[1]!, format: match[2] as FeedFormat } : null
}

/**
 * Atom's summary (type="html") and RSS's description are HTML to feed readers, while an excerpt
 * is plain text with its entities decoded: escaped, so a post showing "<img onerror=…>" as text
 * stays text in a reader instead of becoming markup there.
 */
function excerptHtml(text: string) {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function authorOf(origin: string, item: FeedItem) {
  const path = profilePath(item.authorHandle)
  return path ? { name: item.authorName, link: origin + path } : { name: item.authorName }
}

export function feedResponse(options: {
  origin: string
  selfPath: string
  title: string
  description: string
  format: FeedFormat
  items: FeedItem[]
}) {
  const { origin, items } = options
  const updated = new Date(Math.max(0, ...items.map((i) => i.lastActivityAt)) || Date.now())
  const feed = new Feed({
    id: origin + options.selfPath,
    link: origin,
    title: options.title,
    description: options.description,
    updated,
    copyright: 'Posts by community members',
    feedLinks: { [options.format]: origin + options.selfPath },
  })
  for (const item of items) {
    const url = origin + threadPath(item)
    feed.addItem({
      id: url,
      link: url,
      title: item.title,
      description: excerptHtml(item.excerpt),
      content: item.bodyHtml,
      date: new Date(item.lastActivityAt),
      published: new Date(item.createdAt),
      author: [authorOf(origin, item)],
    })
  }
  // The feed package escapes markup but passes on characters XML forbids (a title may hold one).
  const body = xmlCharactersOnly(options.format === 'atom' ? feed.atom1() : feed.rss2())
  const type = options.format === 'atom' ? 'application/atom+xml' : 'application/rss+xml'
  return new Response(body, {
    headers: { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'public, max-age=600' },
  })
}
