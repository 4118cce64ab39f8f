import { describe, expect, it } from 'vitest'
import { memoStems } from '#search/text-memo.ts'
import { contentStems } from '#search/similar-features.ts'

describe('stems kept by text', () => {
  const long = (words: string) => `${words} `.repeat(20)

  it('computes a text once, and an edited text anew', () => {
    const seen: string[] = []
    const words = memoStems((text) => {
      seen.push(text)
      return text.split(' ')
    })
    const before = long('printer prints blank labels')
    expect(words(before)).toEqual(words(before))
    const edited = long('printer prints faded labels')
    expect(words(edited)).toContain('faded')
    expect(seen).toEqual([before, edited])
  })

  it('keeps no more than its bound, and short texts not at all', () => {
    let computed = 0
    const words = memoStems((text) => {
      computed++
      return [text]
    }, 1_000)
    const texts = Array.from({ length: 40 }, (_, i) => long(`thread ${i}`))
    texts.forEach((t) => words(t))
    texts.forEach((t) => words(t)) // 40 × ~200 characters: the first ones were let go
    expect(computed).toBeGreaterThan(40)
    words('short')
    words('short')
    expect(computed).toBeGreaterThan(42)
  })

  it('gives the similar-questions features the same stems from the cache', () => {
    const text = long('Why does my printer print blank labels?')
    expect(contentStems(text)).toEqual(contentStems(text))
    expect(contentStems(text).slice(0, 4)).toEqual(['printer', 'print', 'blank', 'label'])
  })
})
