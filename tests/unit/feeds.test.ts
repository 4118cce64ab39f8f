// Feeds hand HTML to readers (Atom summary type="html", RSS description): a post's plain-text
// excerpt, which may hold what looks like markup (shown as text on the site), must stay text.
import { describe, expect, it } from 'vitest'
import { feedResponse, type FeedItem } from '#app/lib/feeds.server.ts'
import { escapeXml } from '#app/lib/xml.ts'

const item: FeedItem = {
  id: 1,
  title: 'Why does <script> break my page?',
  slug: 'why-does-script-break-my-page',
  excerpt: 'I typed <img src=x onerror=alert(1)> & <script>alert(1)</script> into the box',
  bodyHtml: '<p>I typed &lt;img src=x onerror=alert(1)&gt;</p>',
  createdAt: 0,
  lastActivityAt: 0,
  authorName: 'Sam',
  authorHandle: 'sam',
}

describe.each(['atom', 'rss'] as const)('the %s feed', (format) => {
  it('escapes the excerpt as HTML text inside the summary', async () => {
    const response = feedResponse({
      origin: 'https://example.test',
      selfPath: `/feeds/questions.${format}`,
      title: 'Newest',
      description: 'Newest questions',
      format,
      items: [item],
    })
    const xml = await response.text()
    expect(xml).not.toContain('<img src=x onerror')
    expect(xml).not.toContain('<script>alert(1)')
    expect(xml).toContain('I typed &lt;img src=x onerror=alert(1)&gt; &amp; &lt;script&gt;')
  })
})

describe('XML text', () => {
  it('leaves no character XML forbids in a feed whose title holds one', async () => {
    for (const format of ['atom', 'rss'] as const) {
      const response = feedResponse({
        origin: 'https://help.example.test',
        selfPath: `/feeds/questions.${format}`,
        title: 'Newest questions',
        description: 'The newest questions',
        format,
        items: [{ ...item, title: 'Hub\u000b resets\u000c at night' }],
      })
      const xml = await response.text()
      expect(xml).toContain('Hub resets at night')
      expect(xml.includes('\u000b') || xml.includes('\u000c')).toBe(false)
    }
  })

  it('drops the characters XML 1.0 forbids and keeps the rest of the title', () => {
    expect(escapeXml('Hub\u000b resets\u0001 at 2\u00a0am \uFFFF<now> \uD83D\uDE00 \uD83D')).toBe(
      'Hub resets at 2\u00a0am &lt;now&gt; \uD83D\uDE00 ',
    )
    expect(escapeXml('tabs\tand\nnewlines\r stay')).toBe('tabs\tand\nnewlines\r stay')
  })
})
