// The redaction helper's matching: which e-mail addresses, phone numbers and admin-set patterns
// (order and account numbers…) a text holds. Pure, so it is unit-tested on its own. The admin's
// regular expressions run on bounded text only (MAX_SCANNED_CHARS) and give at most MAX_MATCHES
// matches, so a slow pattern costs a bounded amount per post.

export const REDACTED = '[redacted]'
/** The most characters of one text a pattern runs over (posts are shorter than this). */
export const MAX_SCANNED_CHARS = 40_000
/** The most matches one text gives. */
export const MAX_MATCHES = 200

export interface RedactionRule {
  label: string
  pattern: string
  /** Set for the built-in phone rule: a guard that drops dates, versions and IP addresses. */
  check?: (match: string) => boolean
}

export interface RedactionMatch {
  label: string
  text: string
  start: number
  end: number
}

const EMAIL_PATTERN =
  '(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}'

// A phone number: an optional +, then 8 to 20 characters of digits and the usual separators,
// starting and ending on a digit (or a closing bracket), not inside a longer word or number.
const PHONE_PATTERN =
  '(?<![\\p{L}\\p{N}.,/:-])\\+?\\(?\\d[\\d ().-]{6,18}\\d(?![\\p{L}\\p{N}]|[.,:/-]\\d)'

const DATE_INSIDE = /\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{4}/

/** Whether a phone-shaped match is really a phone number, not a date, version or IP address. */
export function looksLikePhone(match: string): boolean {
  const digits = match.replace(/\D/g, '')
  if (digits.length < 8 || digits.length > 15) return false
  if (DATE_INSIDE.test(match)) return false
  const hasSeparator = /[ ().-]/.test(match)
  // A bare run of digits is a phone number only when dialled as one: +… or 0….
  if (!hasSeparator && !/^\+|^0/.test(match)) return false
  if (/^[\d.]+$/.test(match)) {
    const groups = match.split('.')
    // 192.168.100.200, 10.0.19045.2006: an address or a version, not a phone number.
    if (groups.length === 4 && groups.every((g) => g.length <= 3)) return false
    if (groups.some((g) => g.length === 1)) return false
  }
  return true
}

/** The rules every thread is scanned with, before the admin's own patterns. */
export const BUILT_IN_RULES: RedactionRule[] = [
  { label: 'E-mail address', pattern: EMAIL_PATTERN },
  { label: 'Phone number', pattern: PHONE_PATTERN, check: looksLikePhone },
]

function compile(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'gu')
  } catch {
    return null // site settings refuse invalid patterns; an old stored one is skipped
  }
}

/**
 * Every match of the rules in `text`, in order, without overlaps (where two overlap, the one
 * that starts first wins, then the longer one).
 */
export function findRedactions(text: string, rules: readonly RedactionRule[]): RedactionMatch[] {
  const scanned = text.slice(0, MAX_SCANNED_CHARS)
  const found: RedactionMatch[] = []
  for (const rule of rules) {
    const regex = compile(rule.pattern)
    if (!regex) continue
    let count = 0
    for (let m = regex.exec(scanned); m && count < MAX_MATCHES; m = regex.exec(scanned)) {
      if (m[0].length === 0) {
        regex.lastIndex++ // an empty match would never move on
        continue
      }
      count++
      if (rule.check && !rule.check(m[0])) continue
      found.push({ label: rule.label, text: m[0], start: m.index, end: m.index + m[0].length })
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end)
  const kept: RedactionMatch[] = []
  for (const match of found) {
    const last = kept.at(-1)
    if (last && match.start < last.end) continue
    kept.push(match)
    if (kept.length >= MAX_MATCHES) break
  }
  return kept
}

/** The text with each match replaced by "[redacted]". */
export function redactText(text: string, matches: readonly RedactionMatch[]): string {
  let result = text
  for (const match of [...matches].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, match.start) + REDACTED + result.slice(match.end)
  }
  return result
}
