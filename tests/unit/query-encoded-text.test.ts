// What of the asker's text their sentence vector is made from: the title line whole, then a
// bounded opening of the body (encoding time grows with the text, and the asker waits for it).
import { describe, expect, it } from 'vitest'
import {
  MAX_ENCODED_CHARS,
  QUERY_ENCODED_BODY_CHARS,
  queryEncodedText,
} from '#search/sentence-encoder.ts'

describe('queryEncodedText', () => {
  it('keeps a title alone as typed, trimmed', () => {
    expect(queryEncodedText('  Cannot log in after the update \n')).toBe(
      'Cannot log in after the update',
    )
  })

  it('keeps the whole title and cuts the body to its opening', () => {
    const title = 'Invoices show my old address'
    const body = 'word '.repeat(200)
    const cut = queryEncodedText(`${title}\n${body}`)
    expect(cut.startsWith(`${title}\n`)).toBe(true)
    expect(cut.length).toBeLessThanOrEqual(title.length + 1 + QUERY_ENCODED_BODY_CHARS)
    expect(cut.length).toBeGreaterThan(title.length + QUERY_ENCODED_BODY_CHARS - 5)
  })

  it('bounds a single huge line and leaves an empty text empty', () => {
    expect(queryEncodedText('x'.repeat(5_000))).toHaveLength(MAX_ENCODED_CHARS)
    expect(queryEncodedText('   \n  ')).toBe('')
  })
})
