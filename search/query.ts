// What people type, turned into something an index can take safely: words (letters, digits and
// their marks) grouped as typed, stop words for sentence-like queries, and highlight markup.

/** Highlight markers put around matches by both backends; never present in indexed text. */
export const MARK_PRE = '\u0001'
export const MARK_POST = '\u0002'
export const CROP_MARKER = '…'

const WORD = /[\p{L}\p{N}\p{M}]+/gu

/** A whole number within [min, max]; `fallback` for anything that is not a number. */
export function clampInt(value: number | undefined, min: number, max: number, fallback: number) {
  const n = Math.trunc(Number(value))
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : fallback
}

/**
 * The query as chunks (what was typed between spaces) of lower-case tokens: "Wi-Fi drops!"
 * is [["wi", "fi"], ["drops"]]. Everything that is not a letter, digit or mark is a separator,
 * as it is for the FTS5 unicode61 tokenizer, so no operator or quote survives.
 */
export function queryChunks(text: string): string[][] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(/\s+/)
    .map((chunk) => chunk.match(WORD) ?? [])
    .filter((tokens) => tokens.length > 0)
}

/** True when the text ends inside a word: its last word may still be being typed. */
export function endsInWord(text: string): boolean {
  return /[\p{L}\p{N}\p{M}]$/u.test(text.normalize('NFKC'))
}

// English function words and the filler of questions ("how do I…", "is there any way to…").
// Dropped from sentence-like queries (similar questions) so the content words decide.
export const STOP_WORDS = new Set(
  `a about above after again against all am an and any anyone anything are aren as at be because
  been before being below between both but by can cannot could couldn did didn do does doesn doing
  don down during each even ever every few for from further get gets getting got had hadn has hasn
  have haven having he her here hers herself him himself his how i if in into is isn it its itself
  just let like ll m me might more most much must mustn my myself need needs no nor not now of off
  on once only or other ought our ours ourselves out over own please possible re s same shan she
  should shouldn so some someone something still such t than thanks that the their theirs them
  themselves then there these they this those through to too trying try under until up us use
  using ve very via want wants was wasn way ways we were weren what whats when where whether which
  while who whom why will with won would wouldn you your yours yourself yourselves`.split(/\s+/),
)

/** Content words of a sentence-like text, in order, without repeats or stop words. */
export function contentTerms(text: string, max = 32): string[] {
  const seen = new Set<string>()
  for (const token of queryChunks(text).flat()) {
    if (token.length < 2 && !/\p{N}/u.test(token)) continue
    if (STOP_WORDS.has(token) || seen.has(token)) continue
    seen.add(token)
    if (seen.size >= max) break
  }
  return [...seen]
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/**
 * Text with MARK_PRE/MARK_POST around matches → HTML-escaped text where the only markup is
 * balanced <mark>…</mark>. Whatever the indexed text held (even "<script>") comes out inert.
 */
export function markedToHtml(text: string): string {
  let html = ''
  let open = false
  // eslint-disable-next-line no-control-regex -- the markers are control characters on purpose
  for (const part of text.split(/([\u0001\u0002])/)) {
    if (part === MARK_PRE) {
      if (!open) html += '<mark>'
      open = true
    } else if (part === MARK_POST) {
      if (open) html += '</mark>'
      open = false
    } else {
      html += escapeHtml(part)
    }
  }
  if (open) html += '</mark>'
  return html.replace(/<mark><\/mark>/g, '')
}

/** The first `length` characters of plain text, cut at a word boundary, escaped. */
export function plainSnippetHtml(text: string, length = 200): string {
  if (text.length <= length) return escapeHtml(text)
  return `${escapeHtml(text.slice(0, length).replace(/\s+\S*$/, ''))}${CROP_MARKER}`
}
