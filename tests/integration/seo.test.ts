import { describe, expect, it } from 'vitest'
import { db } from '#db/client.server.ts'
import { loader as robots } from '#app/routes/robots[.]txt.ts'
import { loader as sitemapIndex } from '#app/routes/sitemap[.]xml.ts'
import { loader as sitemapChunk } from '#app/routes/sitemaps.questions.$file.ts'
import { loader as feed } from '#app/routes/feeds.$file.ts'
import { loader as tagFeed } from '#app/routes/feeds.tags.$file.ts'
import { makeQuestion, makeUser } from '#tests/fixtures/factories.ts'
import { ORIGIN } from '#tests/fixtures/requests.ts'
import { contextFor } from '#tests/fixtures/requests.ts'

async function get(loader: typeof sitemapIndex, path: string, params: Record<string, string> = {}) {
  const request = new Request(ORIGIN + path)
  try {
    return (await loader({ request, params, context: await contextFor(request) })) as Response
  } catch (thrown) {
    if (thrown instanceof Response) return thrown
    throw thrown
  }
}

/** 120 000 thread rows straight into SQLite (the models would take minutes for this many). */
function insertThreads(count: number, base = Date.UTC(2026, 0, 1)) {
  const author = makeUser()
  const insert = db.$client.prepare(
    `INSERT INTO questions (author_id, title, slug, body_md, body_html, created_at, last_activity_at)
     VALUES (?, ?, ?, '', '', ?, ?)`,
  )
  db.$client.transaction(() => {
    for (let i = 1; i <= count; i++)
      insert.run(author.id, `Question ${i}`, `question-${i}`, base + i, base + i * 1000)
  })()
}

describe('sitemaps', () => {
  it('pages 24 000 threads into an index of 10 000-URL sitemaps, streamed', async () => {
    insertThreads(24_000)
    const index = await get(sitemapIndex, '/sitemap.xml')
    const xml = await index.text()
    expect(index.headers.get('Content-Type')).toMatch(/application\/xml/)
    const locs = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])
    expect(locs).toEqual([1, 2, 3].map((n) => `${ORIGIN}/sitemaps/questions/${n}.xml`))
    const lastmods = [...xml.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1])
    expect(lastmods[2]).toBe(new Date(Date.UTC(2026, 0, 1) + 24_000 * 1000).toISOString())

    const first = await get(sitemapChunk, '/sitemaps/questions/1.xml', { file: '1.xml' })
    expect(first.body).toBeInstanceOf(ReadableStream)
    const firstXml = await first.text()
    expect(firstXml.match(/<url>/g)).toHaveLength(10_000)
    expect(firstXml).toContain(`<loc>${ORIGIN}/questions/1/question-1</loc>`)
    expect(firstXml.trim().endsWith('</urlset>')).toBe(true)

    const last = await (
      await get(sitemapChunk, '/sitemaps/questions/3.xml', { file: '3.xml' })
    ).text()
    expect(last.match(/<url>/g)).toHaveLength(4_000)
    expect((await get(sitemapChunk, '/sitemaps/questions/4.xml', { file: '4.xml' })).status).toBe(
      404,
    )
    expect((await get(sitemapChunk, '/sitemaps/questions/x.xml', { file: 'x.xml' })).status).toBe(
      404,
    )
  })

  it('leaves deleted threads out', async () => {
    const q = makeQuestion(makeUser(), { title: 'A thread that is deleted later on' })
    db.$client.prepare('UPDATE questions SET deleted_at = 1 WHERE id = ?').run(q.id)
    const chunk = Math.floor((q.id - 1) / 10_000) + 1
    const xml = await (
      await get(sitemapChunk, `/sitemaps/questions/${chunk}.xml`, { file: `${chunk}.xml` })
    ).text()
    expect(xml).not.toContain(`/questions/${q.id}/`)
  })
})

describe('robots.txt', () => {
  it('points to the sitemap and keeps crawlers out of search, log-in and staff pages', async () => {
    const text = await (await get(robots, '/robots.txt')).text()
    expect(text).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`)
    for (const path of ['/search', '/login', '/signup', '/staff', '/mod'])
      expect(text).toContain(`Disallow: ${path}\n`)
    expect(text).not.toMatch(/Disallow: \/questions\n/)
  })
})

describe('feeds', () => {
  it('serves the newest questions as Atom and RSS, and per tag', async () => {
    const q = makeQuestion(makeUser(), {
      title: 'Feed-worthy question about the doorbell',
      tags: ['doorbell'],
    })
    const atom = await get(feed, '/feeds/questions.atom', { file: 'questions.atom' })
    expect(atom.headers.get('Content-Type')).toMatch(/application\/atom\+xml/)
    const atomXml = await atom.text()
    expect(atomXml).toContain('<feed')
    expect(atomXml).toContain('Feed-worthy question about the doorbell')
    expect(atomXml).toContain(`${ORIGIN}/questions/${q.id}/${q.slug}`)
    const rss = await (await get(feed, '/feeds/questions.rss', { file: 'questions.rss' })).text()
    expect(rss).toContain('<rss')
    const tagged = await (
      await get(tagFeed, '/feeds/tags/doorbell.atom', { file: 'doorbell.atom' })
    ).text()
    expect(tagged).toContain('Feed-worthy question about the doorbell')
    expect((await get(tagFeed, '/feeds/tags/nope.atom', { file: 'nope.atom' })).status).toBe(404)
    expect((await get(feed, '/feeds/other.atom', { file: 'other.atom' })).status).toBe(404)
  })
})
