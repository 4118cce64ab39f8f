import { describe, expect, it } from 'vitest'
import { isThinThread, seoMeta } from '#app/lib/seo.ts'
import {
  qaPageJsonLd,
  serializeJsonLd,
  type ThreadForJsonLd,
} from '#app/lib/structured-data.server.ts'

const ORIGIN = 'https://help.example.com'
const person = (handle: string) => ({ handle, displayName: handle.toUpperCase() })
const answer = (id: number, marks: { isAccepted?: boolean; isOfficial?: boolean } = {}) => ({
  id,
  bodyHtml: `<p>Answer <strong>${id}</strong> &amp; more</p>`,
  score: id,
  createdAt: Date.UTC(2026, 0, id),
  author: person(`user${id}`),
  isAccepted: marks.isAccepted ?? false,
  isOfficial: marks.isOfficial ?? false,
})
const thread = (answers: ThreadForJsonLd['answers']): ThreadForJsonLd => ({
  question: {
    id: 7,
    title: 'Doorbell offline every night',
    slug: 'doorbell-offline-every-night',
    bodyHtml: '<p>It goes <em>offline</em> at 3 a.m.</p>',
    score: 4,
    createdAt: Date.UTC(2025, 11, 31),
    author: person('asker'),
  },
  answers,
})

// What Google documents for Q&A pages: required and recommended properties.
function expectGoogleQaShape(data: ReturnType<typeof qaPageJsonLd>) {
  expect(data['@context']).toBe('https://schema.org')
  expect(data['@type']).toBe('QAPage')
  const q = data.mainEntity
  expect(q['@type']).toBe('Question')
  for (const key of ['name', 'text', 'answerCount', 'upvoteCount', 'dateCreated'] as const)
    expect(q[key]).toBeDefined()
  expect(q.author).toEqual({ '@type': 'Person', name: 'ASKER', url: `${ORIGIN}/users/asker` })
  const answers = [...(q.acceptedAnswer ? [q.acceptedAnswer] : []), ...(q.suggestedAnswer ?? [])]
  expect(answers).toHaveLength(q.answerCount)
  for (const a of answers) {
    expect(a['@type']).toBe('Answer')
    expect(a.text).toMatch(/^Answer \d+ & more$/)
    expect(typeof a.upvoteCount).toBe('number')
    expect(a.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(a.url).toMatch(
      new RegExp(`^${ORIGIN}/questions/7/doorbell-offline-every-night#answer-\\d+$`),
    )
    expect(a.author).toMatchObject({
      '@type': 'Person',
      name: expect.any(String),
      url: expect.stringContaining('/users/'),
    })
  }
}

describe('QAPage JSON-LD', () => {
  it('puts the accepted answer first and the rest as suggested answers', () => {
    const data = qaPageJsonLd(
      thread([answer(1, { isOfficial: true }), answer(2, { isAccepted: true }), answer(3)]),
      ORIGIN,
    )
    expectGoogleQaShape(data)
    expect(data.mainEntity.acceptedAnswer?.url).toMatch(/#answer-2$/)
    expect(data.mainEntity.suggestedAnswer?.map((a) => a.url.split('#')[1])).toEqual([
      'answer-1',
      'answer-3',
    ])
    expect(data.mainEntity.text).toBe('It goes offline at 3 a.m.')
  })

  it('uses the official answer as the accepted one when the asker accepted none', () => {
    const data = qaPageJsonLd(thread([answer(1), answer(2, { isOfficial: true })]), ORIGIN)
    expectGoogleQaShape(data)
    expect(data.mainEntity.acceptedAnswer?.url).toMatch(/#answer-2$/)
  })

  it('has only suggested answers, or none, when nothing is accepted', () => {
    expectGoogleQaShape(qaPageJsonLd(thread([answer(1), answer(2)]), ORIGIN))
    const empty = qaPageJsonLd(thread([]), ORIGIN)
    expect(empty.mainEntity.answerCount).toBe(0)
    expect(empty.mainEntity.acceptedAnswer).toBeUndefined()
    expect(empty.mainEntity.suggestedAnswer).toBeUndefined()
  })

  it('cannot be closed early by text in a post', () => {
    const json = serializeJsonLd({ text: '</script><script>alert(1)</script><!--' })
    expect(json).not.toContain('<')
    expect(JSON.parse(json)).toEqual({ text: '</script><script>alert(1)</script><!--' })
  })
})

describe('head tags and indexing', () => {
  it('gives every page a title, description, canonical link, Open Graph and Twitter tags', () => {
    const tags = seoMeta({ title: 'T', description: 'x'.repeat(300), url: `${ORIGIN}/questions` })
    expect(tags).toContainEqual({ tagName: 'link', rel: 'canonical', href: `${ORIGIN}/questions` })
    expect(tags).toContainEqual({ property: 'og:url', content: `${ORIGIN}/questions` })
    expect(tags).toContainEqual({ name: 'twitter:card', content: 'summary' })
    const description = tags.find((t) => 'name' in t && t.name === 'description') as {
      content: string
    }
    expect(description.content.length).toBeLessThanOrEqual(160)
    expect(tags.some((t) => 'name' in t && t.name === 'robots')).toBe(false)
    expect(seoMeta({ title: 'T', description: 'd', url: 'u', noindex: true })).toContainEqual({
      name: 'robots',
      content: 'noindex, follow',
    })
  })

  it('keeps old questions with no answer and no upvote out of the index', () => {
    const now = Date.UTC(2026, 5, 1)
    const old = now - 31 * 24 * 3600 * 1000
    expect(isThinThread({ answerCount: 0, score: 0, createdAt: old }, now)).toBe(true)
    expect(isThinThread({ answerCount: 0, score: -2, createdAt: old }, now)).toBe(true)
    expect(isThinThread({ answerCount: 1, score: 0, createdAt: old }, now)).toBe(false)
    expect(isThinThread({ answerCount: 0, score: 1, createdAt: old }, now)).toBe(false)
    expect(
      isThinThread({ answerCount: 0, score: 0, createdAt: now - 29 * 24 * 3600 * 1000 }, now),
    ).toBe(false)
  })
})
