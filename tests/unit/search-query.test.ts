// The rules under search: what people type becomes a safe FTS5 query, highlights come back as
// escaped text with <mark> only, a thread becomes plain text in the order the page shows it.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { buildSearchDocument, htmlToText, type ThreadSource } from '#search/documents.ts'
import { CircuitBreaker, fuseRankings } from '#search/index.server.ts'
import { settingsCover, threadIndexSettings } from '#search/meilisearch.server.ts'
import { backoffMs } from '#search/outbox-worker.server.ts'
import { contentTerms, markedToHtml, queryChunks } from '#search/query.ts'
import { proximityScore, proximityStems } from '#search/proximity.ts'
import {
  affordableTerms,
  ftsMatchExpression,
  similarTermExpressions,
} from '#search/sqlite-fts.server.ts'
import type { SimilarHit } from '#search/types.ts'

// The same table definition as db/migrations/0001_search_fts.sql.
const fts = new Database(':memory:')
fts.exec(`CREATE VIRTUAL TABLE search_fts USING fts5(title, body, answers, tags,
  tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3')`)
const insert = fts.prepare(
  'INSERT INTO search_fts (rowid, title, body, answers, tags) VALUES (?, ?, ?, ?, ?)',
)
insert.run(
  1,
  'Thermostat configuration lost',
  'After the update my café schedule is gone',
  '',
  'thermostat',
)
insert.run(
  2,
  'Wi-Fi mesh node offline',
  'The AND gate of my patience: node "upstairs" (2nd floor)',
  '',
  'mesh wifi',
)
insert.run(3, 'Zählerstand im Café', 'Über die App: 温度 設定 ½ c++ c# ®', '', 'app')
const matches = (expression: string | null) =>
  expression == null
    ? []
    : (
        fts
          .prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid')
          .all(expression) as { rowid: number }[]
      ).map((r) => r.rowid)

const NASTY = [
  '"',
  '""',
  '"unbalanced',
  "it's",
  '(',
  ')',
  '(node',
  'node)',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'node AND',
  'AND node',
  'NOT node',
  'node NOT',
  'NEAR(node offline, 2)',
  'node OR OR offline',
  '*',
  '**',
  'node*',
  '*node',
  '-',
  '-node',
  'node -offline',
  '--',
  '^node',
  'title:node',
  'title : node',
  '{title body}: node',
  '+node',
  'node + offline',
  'c++',
  'c#',
  '½',
  '®',
  '温度',
  'Zählerstand',
  'cafe\u0301',
  'ﬁ',
  '😀 thermostat',
  '\u0000\u0001\u0002',
  '   ',
  '',
  'a',
  'x'.repeat(5000),
  Array.from({ length: 200 }, (_, i) => `w${i}`).join(' '),
  "'; DROP TABLE search_fts; --",
  'node\ttab\nnewline',
  '\\"escaped\\"',
]

/** The similar-questions MATCH as similarSync builds it before choosing words: any of them. */
function similarMatchExpression(text: string, opts: { isWord?: (term: string) => boolean } = {}) {
  const parts = similarTermExpressions(text, opts)
  return parts.length === 0 ? null : parts.join(' OR ')
}

describe('FTS5 query shaping', () => {
  it.each(NASTY)('never produces an FTS5 syntax error: %j', (input) => {
    for (const expression of [
      ftsMatchExpression(input, { mode: 'and', prefixLast: true }),
      ftsMatchExpression(input, { mode: 'and', prefixLast: true, broaden: true }),
      ftsMatchExpression(input, { mode: 'or', prefixLast: false }),
      similarMatchExpression(input),
    ]) {
      expect(() => matches(expression)).not.toThrow()
    }
  })

  it('treats operators and punctuation as words, not syntax', () => {
    expect(
      ftsMatchExpression('gate AND (offline) -mesh*', { mode: 'and', prefixLast: false }),
    ).toBe('"gate" AND "and" AND "offline" AND "mesh"')
    expect(
      matches(ftsMatchExpression('"upstairs" (2nd', { mode: 'and', prefixLast: false })),
    ).toEqual([2])
    expect(matches(ftsMatchExpression('wi-fi', { mode: 'and', prefixLast: false }))).toEqual([2])
  })

  it('matches the word being typed as a prefix, even where the stemmer cut it', () => {
    expect(matches(ftsMatchExpression('thermo', { mode: 'and', prefixLast: true }))).toEqual([1])
    expect(matches(ftsMatchExpression('configura', { mode: 'and', prefixLast: true }))).toEqual([])
    expect(
      matches(ftsMatchExpression('configura', { mode: 'and', prefixLast: true, broaden: true })),
    ).toEqual([1])
    expect(matches(ftsMatchExpression('thermo', { mode: 'and', prefixLast: false }))).toEqual([])
  })

  it('folds accents and case', () => {
    expect(matches(ftsMatchExpression('CAFE', { mode: 'and', prefixLast: false }))).toEqual([1, 3])
    expect(matches(ftsMatchExpression('zahlerstand', { mode: 'and', prefixLast: false }))).toEqual([
      3,
    ])
  })

  it('adds synonyms from search/synonyms.json', () => {
    expect(ftsMatchExpression('wifi', { mode: 'and', prefixLast: false })).toContain('"wi fi"')
    expect(matches(ftsMatchExpression('wifi', { mode: 'and', prefixLast: false }))).toEqual([2])
  })

  it('shapes similar-question queries from content words, OR-ed', () => {
    expect(contentTerms('How do I reset my thermostat to the factory settings?')).toEqual([
      'reset',
      'thermostat',
      'factory',
      'settings',
    ])
    expect(similarMatchExpression('How do I reset the thermostat?')).toBe('"reset" OR "thermostat"')
    expect(similarMatchExpression('my thermostat keeps resett')).toBe(
      '"thermostat" OR "keeps" OR ("resett" OR "resett"*)',
    )
    expect(similarMatchExpression('my thermostat keeps resett', { isWord: () => true })).toBe(
      '"thermostat" OR "keeps" OR "resett"',
    )
    expect(similarMatchExpression('how do I do it?')).toBeNull()
    expect(queryChunks('Wi-Fi drops!')).toEqual([['wi', 'fi'], ['drops']])
  })

  it('keeps the rarest words a look-up can afford, in the order they were typed', () => {
    const postings: Record<string, number> = { hub: 9000, zigbee: 40, pairing: 3000, error: 15000 }
    const of = (term: string) => postings[term] ?? 0
    expect(affordableTerms(['hub', 'zigbee', 'pairing', 'error'], of, 10_000)).toEqual({
      kept: ['zigbee', 'pairing'],
      postings: 3040,
    })
    // The rarest word is kept even over the budget: the caller then narrows its candidates.
    expect(affordableTerms(['error', 'hub'], of, 1000)).toEqual({ kept: ['hub'], postings: 9000 })
    expect(affordableTerms(['typo', 'hub'], of, 1000)).toEqual({ kept: ['typo'], postings: 0 })
  })

  it('scores consecutive words of the first line that stand close together, by stem', () => {
    expect(proximityStems('How to reset the thermostat to factory?\nMore text here')).toEqual([
      'reset',
      'thermostat',
      'factori',
    ])
    expect(proximityStems('thermostat\nreset factory')).toBeNull()
    const stems = proximityStems('Resetting thermostats to factory settings')!
    const weight = () => 1
    // "resetting … thermostats" within 8 tokens; "factory settings" stand together too.
    expect(proximityScore(stems, 'I reset both thermostats and the factory settings', weight)).toBe(
      6,
    )
    expect(proximityScore(stems, 'thermostats ' + 'x '.repeat(12) + 'reset', weight)).toBe(0)
    expect(proximityScore(stems, 'thermostat reset', (s) => (s === 'reset' ? 2 : 1))).toBe(3)
  })
})

describe('highlights', () => {
  it('escapes everything but the <mark> around matches', () => {
    expect(markedToHtml('a \u0001<script>\u0002 & "b" \'c\'')).toBe(
      'a <mark>&lt;script&gt;</mark> &amp; &quot;b&quot; &#39;c&#39;',
    )
  })

  it('balances stray markers and drops empty marks', () => {
    expect(markedToHtml('\u0001open')).toBe('<mark>open</mark>')
    expect(markedToHtml('close\u0002 x \u0001\u0002')).toBe('close x ')
    expect(markedToHtml('\u0001a\u0001b\u0002c\u0002')).toBe('<mark>ab</mark>c')
  })
})

describe('search documents', () => {
  it('takes plain text from stored HTML: tags gone, entities decoded, blocks apart', () => {
    expect(
      htmlToText(
        '<p>Hold <strong>reset</strong> &amp; wait</p><p>then</p><pre><code>a &lt; b</code></pre><ul><li>one</li><li>two</li></ul>x<br>y',
      ),
    ).toBe('Hold reset & wait then a < b one two x y')
    expect(htmlToText('<p>&lt;script&gt;alert(1)&lt;/script&gt; &#39;q&#39; &#x263A;</p>')).toBe(
      "<script>alert(1)</script> 'q' ☺",
    )
    expect(htmlToText('<p>marker \u0001 chars \u0002 gone</p>')).toBe('marker chars gone')
  })

  it('orders answers official, accepted, then by score, and says whether it is resolved', () => {
    const source: ThreadSource = {
      id: 7,
      slug: 'hub-offline',
      title: '  Hub   offline ',
      bodyHtml: '<p>Body</p>',
      status: 'resolved',
      score: 3,
      answerCount: 4,
      createdAt: 1,
      lastActivityAt: 2,
      acceptedAnswerId: 11,
      officialAnswerId: 12,
      tags: ['mesh', 'hub'],
      answers: [
        { id: 10, bodyHtml: '<p>top voted</p>', score: 9, createdAt: 1 },
        { id: 11, bodyHtml: '<p>accepted</p>', score: 0, createdAt: 2 },
        { id: 12, bodyHtml: '<p>official</p>', score: 1, createdAt: 3 },
        { id: 13, bodyHtml: '<p>older low</p>', score: 0, createdAt: 0 },
      ],
    }
    expect(buildSearchDocument(source)).toEqual({
      id: 7,
      slug: 'hub-offline',
      title: 'Hub offline',
      body: 'Body',
      answers: ['official', 'accepted', 'top voted', 'older low'],
      tags: ['hub', 'mesh'],
      status: 'resolved',
      resolved: true,
      official: true,
      accepted: true,
      score: 3,
      answerCount: 4,
      createdAt: 1,
      lastActivityAt: 2,
    })
    expect(buildSearchDocument({ ...source, status: 'closed' }).resolved).toBe(false)
  })
})

describe('plumbing', () => {
  it('compares Meilisearch settings by what Peerdesk sets', () => {
    const wanted = threadIndexSettings()
    const actual = {
      ...wanted,
      typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
      stopWords: [],
    }
    expect(settingsCover(wanted, actual)).toBe(true)
    expect(settingsCover(wanted, { ...actual, rankingRules: ['words'] })).toBe(false)
    expect(settingsCover(wanted, { ...actual, synonyms: {} })).toBe(false)
  })

  it('backs off exponentially up to a minute', () => {
    expect([1, 2, 3, 4, 7, 20].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 60_000, 60_000])
  })

  it('opens the circuit after a failure for a growing while, closes it on success', () => {
    const breaker = new CircuitBreaker()
    expect(breaker.allows(0)).toBe(true)
    expect(breaker.failure(new Error('down'), 0)).toBe(true)
    expect(breaker.allows(500)).toBe(false)
    expect(breaker.allows(1000)).toBe(true)
    expect(breaker.failure(new Error('down'), 1000)).toBe(false)
    expect(breaker.allows(2500)).toBe(false)
    expect(breaker.lastError).toContain('down')
    expect(breaker.success()).toBe(true)
    expect(breaker.allows(2500)).toBe(true)
  })

  it('fuses rankings by reciprocal rank', () => {
    const hit = (id: number) => ({ id }) as SimilarHit
    expect(
      fuseRankings([
        [hit(1), hit(2)],
        [hit(2), hit(3)],
      ]).map((h) => h.id),
    ).toEqual([2, 1, 3])
  })
})
