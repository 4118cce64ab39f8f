// A thread as the search index holds it: plain text only, answers in the order the thread shows
// them (official, accepted, then by score). Pure functions; documents.server.ts reads the rows.
import type { ThreadStatus } from '#db/schema.ts'
import type { SearchDocument } from './types.ts'

/** The database facts one search document is built from. */
export interface ThreadSource {
  id: number
  slug: string
  title: string
  bodyHtml: string
  status: ThreadStatus
  score: number
  answerCount: number
  createdAt: number
  lastActivityAt: number
  acceptedAnswerId: number | null
  officialAnswerId: number | null
  tags: string[]
  answers: { id: number; bodyHtml: string; score: number; createdAt: number }[]
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

function decodeEntities(text: string) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1))
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole
  })
}

// Block ends and line breaks separate words: "<p>one</p><p>two</p>" is "one two", not "onetwo".
const BLOCK_END =
  /<(?:br|hr|\/p|\/li|\/h[1-6]|\/td|\/th|\/tr|\/pre|\/blockquote|\/div|\/table)\b[^>]*>/gi
// Control characters never belong in indexed text; \u0001/\u0002 mark highlights in results.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g

// Any tag. In stored HTML (the sanitizer's output, app/lib/markdown.server.ts) `<` and `>` are
// only ever tag delimiters: text and attribute values come escaped, and nothing whose content
// is not text (script, style) survives the allowlist.
const TAG = /<[^>]*>/g

/**
 * Text of stored (sanitized) HTML: tags dropped, entities decoded, whitespace collapsed. Code is
 * part of the text people search for. A regular expression, not an HTML parser: every write's
 * search document reads the whole thread, and parsing it was 20 times the cost (153 against
 * 7 µs an answer).
 */
export function htmlToText(html: string): string {
  return cleanText(decodeEntities(html.replace(BLOCK_END, '$& ').replace(TAG, '')))
}

/** Plain text fit for an index: no control characters, single spaces, trimmed. */
export function cleanText(text: string): string {
  return text.replace(CONTROL, ' ').replace(/\s+/g, ' ').trim()
}

/** Official first, then accepted, then by score, then oldest first (as the thread shows them). */
export function orderAnswers<T extends { id: number; score: number; createdAt: number }>(
  answers: T[],
  marks: { acceptedAnswerId: number | null; officialAnswerId: number | null },
): T[] {
  const rank = (a: T) =>
    a.id === marks.officialAnswerId ? 0 : a.id === marks.acceptedAnswerId ? 1 : 2
  return [...answers].sort(
    (a, b) => rank(a) - rank(b) || b.score - a.score || a.createdAt - b.createdAt || a.id - b.id,
  )
}

export function buildSearchDocument(source: ThreadSource): SearchDocument {
  return {
    id: source.id,
    slug: source.slug,
    title: cleanText(source.title),
    body: htmlToText(source.bodyHtml),
    answers: orderAnswers(source.answers, source)
      .map((a) => htmlToText(a.bodyHtml))
      .filter((text) => text !== ''),
    tags: [...source.tags].sort(),
    status: source.status,
    resolved: source.status === 'resolved',
    official: source.officialAnswerId != null,
    accepted: source.acceptedAnswerId != null,
    score: source.score,
    answerCount: source.answerCount,
    createdAt: source.createdAt,
    lastActivityAt: source.lastActivityAt,
  }
}

/** The fields that decide whether an indexed copy is stale (reindex --check). */
export function documentFingerprint(doc: SearchDocument): string {
  return JSON.stringify([
    doc.slug,
    doc.title,
    doc.body,
    doc.answers,
    doc.tags,
    doc.status,
    doc.resolved,
    doc.official,
    doc.accepted,
    doc.score,
    doc.answerCount,
    doc.createdAt,
    doc.lastActivityAt,
  ])
}
