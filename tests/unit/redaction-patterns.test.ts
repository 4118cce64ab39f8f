// The redaction helper's matching (app/lib/redaction.ts): each kind of personal data is found,
// dates, versions and addresses are not, admin patterns add their own kinds, and bad patterns
// or empty matches cost nothing.
import { describe, expect, it } from 'vitest'
import {
  BUILT_IN_RULES,
  MAX_MATCHES,
  REDACTED,
  findRedactions,
  looksLikePhone,
  redactText,
  type RedactionRule,
} from '#app/lib/redaction.ts'
import { DEFAULT_REDACTION_PATTERNS } from '#app/models/site-settings.server.ts'

const orderRule = DEFAULT_REDACTION_PATTERNS.find((p) => p.label === 'Order number')!
const accountRule: RedactionRule = { label: 'Account number', pattern: '\\bACC-\\d{6}\\b' }
const rules = [...BUILT_IN_RULES, orderRule, accountRule]
const texts = (text: string) => findRedactions(text, rules).map((m) => [m.label, m.text])

describe('findRedactions', () => {
  it('finds e-mail addresses, phone numbers, order and account numbers', () => {
    expect(
      texts('Write to jane.doe+help@mail.example.co.uk or call +49 30 1234 5678: any time.'),
    ).toEqual([
      ['E-mail address', 'jane.doe+help@mail.example.co.uk'],
      ['Phone number', '+49 30 1234 5678'],
    ])
    expect(texts('My number is (555) 123-4567, or 0176 12345678')).toEqual([
      ['Phone number', '(555) 123-4567'],
      ['Phone number', '0176 12345678'],
    ])
    expect(texts('It was order #AB12345-77 on account ACC-004211.')).toEqual([
      ['Order number', 'order #AB12345-77'],
      ['Account number', 'ACC-004211'],
    ])
    expect(texts('Ümlaut: jürgen@beispiel.de')).toEqual([['E-mail address', 'jürgen@beispiel.de']])
  })

  it('leaves dates, times, versions, addresses and plain numbers alone', () => {
    const harmless = [
      'Since 2024-01-15 10:30 it fails.',
      'Broken since 15.01.2024 and 01/15/2024.',
      'Firmware 10.0.19045.2006 and app v2.13.1 and 1.2.3.4',
      'The hub is at 192.168.100.200 on port 8080.',
      'It costs 1,234,567 and took 12345678 ms.',
      'Order number please, ACC-12 is too short; see section 3.2.',
      'The @mention and an email@ without a domain.',
    ]
    for (const text of harmless) expect(texts(text), text).toEqual([])
  })

  it('tells phone numbers from other digits', () => {
    expect(looksLikePhone('+4930123456')).toBe(true)
    expect(looksLikePhone('555.123.4567')).toBe(true)
    expect(looksLikePhone('2024-01-15')).toBe(false)
    expect(looksLikePhone('1234567')).toBe(false)
  })

  it('prefers the earlier, longer match where two overlap', () => {
    const overlapping: RedactionRule[] = [
      { label: 'short', pattern: 'ACC-\\d{3}' },
      { label: 'long', pattern: 'ACC-\\d{6}' },
    ]
    expect(findRedactions('ACC-123456', overlapping).map((m) => m.label)).toEqual(['long'])
  })

  it('skips invalid patterns and empty matches, and stops at MAX_MATCHES', () => {
    expect(findRedactions('abc', [{ label: 'bad', pattern: '(' }])).toEqual([])
    expect(findRedactions('abc', [{ label: 'empty', pattern: 'x*' }])).toEqual([])
    const many = Array.from(
      { length: MAX_MATCHES + 50 },
      (_, i) => `ACC-${String(i).padStart(6, '0')}`,
    )
    expect(findRedactions(many.join(' '), [accountRule])).toHaveLength(MAX_MATCHES)
  })
})

describe('redactText', () => {
  it('replaces each match and keeps the rest', () => {
    const text = 'Mail a@b.io, call +1 (555) 123-4567 today.'
    expect(redactText(text, findRedactions(text, rules))).toBe(
      `Mail ${REDACTED}, call ${REDACTED} today.`,
    )
  })
})
