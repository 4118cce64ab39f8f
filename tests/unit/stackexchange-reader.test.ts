// The Stack Exchange dump reader on a tiny dump written here: rows, entities, post types,
// tags, bodies as text, duplicate links, and Peerdesk tag names.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  decodeXmlEntities,
  duplicatesOf,
  htmlToText,
  openingText,
  parseRow,
  parseRows,
  parseTags,
  readDump,
  readPostLinks,
  readPosts,
  toPeerdeskTags,
  type SePost,
} from '#app/lib/stackexchange-dump.server.ts'

const POSTS = `\uFEFF<?xml version="1.0" encoding="utf-8"?>
<posts>
  <row Id="1" PostTypeId="1" AcceptedAnswerId="3" CreationDate="2016-12-06T17:10:44.557" Score="19" Body="&lt;p&gt;My &lt;a href=&quot;https://x.test/&quot;&gt;Z-Wave&lt;/a&gt; device&amp;amp;hub drop.&lt;/p&gt;&#xA;&#xA;&lt;pre&gt;&lt;code&gt;if (a &amp;lt; b) {}&#xA;&lt;/code&gt;&lt;/pre&gt;&#xA;" OwnerUserId="4" Title="Why does my hub &amp; sensor drop?" Tags="&lt;zwave&gt;&lt;Home Automation&gt;" AnswerCount="2" />
  <row Id="2" PostTypeId="1" CreationDate="2016-12-07T09:00:00.000" Score="1" Body="&lt;p&gt;Same hub, same drops.&lt;/p&gt;" Title="Hub keeps dropping sensors" Tags="|zwave|hub|" ClosedDate="2016-12-08T10:00:00.000" />
  <row Id="3" PostTypeId="2" ParentId="1" CreationDate="2016-12-06T18:00:00.000" Score="5" Body="&lt;p&gt;Move the hub.&lt;br/&gt;It helps.&lt;/p&gt;" OwnerUserId="7" />
  <row Id="4" PostTypeId="2" ParentId="1" CreationDate="2016-12-06T19:00:00.000" Score="0" Body="&lt;p&gt;Try a repeater.&lt;/p&gt;" />
  <row Id="5" PostTypeId="5" CreationDate="2016-12-06T19:00:00.000" Body="&lt;p&gt;Tag wiki&lt;/p&gt;" />
  <row Id="6" PostTypeId="2" ParentId="99" CreationDate="2016-12-06T19:00:00.000" Body="orphan" />
</posts>
`

const LINKS = `<?xml version="1.0" encoding="utf-8"?>
<postlinks>
  <row Id="10" CreationDate="2016-12-08T10:00:00.000" PostId="2" RelatedPostId="1" LinkTypeId="3" />
  <row Id="11" CreationDate="2016-12-08T10:00:00.000" PostId="1" RelatedPostId="2" LinkTypeId="1" />
  <row Id="12" CreationDate="2016-12-08T10:00:00.000" PostId="2" RelatedPostId="77" LinkTypeId="3" />
</postlinks>
`

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peerdesk-se-'))
fs.writeFileSync(path.join(dir, 'Posts.xml'), POSTS)
fs.writeFileSync(path.join(dir, 'PostLinks.xml'), LINKS)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

describe('XML rows', () => {
  it('decodes entities in one pass', () => {
    expect(decodeXmlEntities('&lt;p&gt;a &amp;amp; b&#xA;&#65;&#x1F600;&bogus;')).toBe(
      '<p>a &amp; b\nA😀&bogus;',
    )
  })

  it('parses the attributes of a row and skips other lines', () => {
    expect(parseRow(`  <row Id="7" Title="a &quot;b&quot;" Other='x' />`)).toEqual({
      Id: '7',
      Title: 'a "b"',
      Other: 'x',
    })
    expect(parseRow('<posts>')).toBeNull()
    expect(parseRow('<rows>')).toBeNull()
  })

  it('reads rows from lines', async () => {
    const rows = await collect(parseRows(LINKS.split('\n')))
    expect(rows.map((r) => r.Id)).toEqual(['10', '11', '12'])
  })
})

describe('posts', () => {
  it('yields questions and answers only, typed', async () => {
    const posts: SePost[] = await collect(readPosts(path.join(dir, 'Posts.xml')))
    expect(posts.map((p) => `${p.kind}:${p.id}`)).toEqual([
      'question:1',
      'question:2',
      'answer:3',
      'answer:4',
      'answer:6',
    ])
    const [first, second] = posts
    expect(first).toMatchObject({
      kind: 'question',
      title: 'Why does my hub & sensor drop?',
      tags: ['zwave', 'Home Automation'],
      acceptedAnswerId: 3,
      createdAt: Date.UTC(2016, 11, 6, 17, 10, 44, 557),
      score: 19,
      ownerUserId: 4,
      closedAt: null,
    })
    expect(second).toMatchObject({ tags: ['zwave', 'hub'], acceptedAnswerId: null })
    expect(second?.kind === 'question' && second.closedAt).toBe(Date.UTC(2016, 11, 8, 10))
  })

  it('parses both tag forms', () => {
    expect(parseTags('<a><b-c>')).toEqual(['a', 'b-c'])
    expect(parseTags('|a|b-c|')).toEqual(['a', 'b-c'])
    expect(parseTags(undefined)).toEqual([])
  })
})

describe('bodies', () => {
  it('turns HTML into text with paragraphs, code kept', () => {
    const html = decodeXmlEntities(
      '&lt;p&gt;My &lt;a href=&quot;https://x.test/&quot;&gt;Z-Wave&lt;/a&gt; device&amp;amp;hub.&lt;/p&gt;&#xA;&lt;pre&gt;&lt;code&gt;if (a &amp;lt; b) {}&#xA;&lt;/code&gt;&lt;/pre&gt;&lt;ul&gt;&lt;li&gt;one&lt;/li&gt;&lt;li&gt;two&amp;nbsp;&amp;hellip;&lt;/li&gt;&lt;/ul&gt;',
    )
    expect(htmlToText(html)).toBe('My Z-Wave device&hub.\n\nif (a < b) {}\n\none\ntwo …')
    expect(htmlToText(html, { paragraphs: false })).toBe(
      'My Z-Wave device&hub. if (a < b) {} one two …',
    )
    expect(htmlToText('<p>a<br>b</p><!-- x --><script>evil()</script>')).toBe('a\nb')
  })

  it('cuts an opening at a word boundary', () => {
    expect(openingText('one two  three\nfour', 9)).toBe('one two')
    expect(openingText('short', 300)).toBe('short')
  })
})

describe('a dump', () => {
  it('groups answers under questions and finds duplicates whose posts exist', async () => {
    const dump = await readDump(dir)
    expect(dump.site).toBe(path.basename(dir))
    expect([...dump.threads.keys()]).toEqual([1, 2])
    expect(dump.threads.get(1)?.answers.map((a) => a.id)).toEqual([3, 4])
    expect(dump.orphanAnswers).toBe(1)
    expect(dump.links).toHaveLength(3)
    expect(duplicatesOf(dump.links, dump.threads)).toEqual([{ duplicateId: 2, originalIds: [1] }])
  })

  it('reads post links', async () => {
    const links = await collect(readPostLinks(path.join(dir, 'PostLinks.xml')))
    expect(links[0]).toEqual({
      id: 10,
      postId: 2,
      relatedPostId: 1,
      linkTypeId: 3,
      createdAt: Date.UTC(2016, 11, 8, 10),
    })
  })
})

describe('Peerdesk tags', () => {
  it('makes valid tags, 1 to 5, at most 35 characters', () => {
    expect(toPeerdeskTags(['Home Automation', 'C#', '.NET', 'Café', 'home automation'])).toEqual([
      'home-automation',
      'c#',
      '.net',
      'cafe',
    ])
    expect(toPeerdeskTags(['a', 'b', 'c', 'd', 'e', 'f'])).toHaveLength(5)
    expect(toPeerdeskTags(['x'.repeat(40)])).toEqual(['x'.repeat(35)])
    expect(toPeerdeskTags(['日本語', '---'])).toEqual(['general'])
    for (const tag of toPeerdeskTags(['Wi_Fi (2.4 GHz)!', 'über-long '.repeat(6)])) {
      expect(tag).toMatch(/^[a-z0-9+#.-]{1,35}$/)
    }
  })
})
