// @mentions: `@handle` in posts and comments. Pure string work, shared by the Markdown renderer
// (which links the handles that exist) and the models (which notify the people mentioned).

/** Handles are 3–30 letters, digits, `_` or `-` (the sign-up rule). */
const HANDLE = '[A-Za-z0-9_-]{3,30}'

/**
 * `@handle` where the `@` does not continue a word (so `ann@example.com`, `a.b@c` and
 * `/@bob` in a URL are not mentions) and the handle is not cut short (`@` + 31 characters is
 * not a mention of its first 30).
 */
export const MENTION_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}_.@/\\\\+\`-])@(${HANDLE})(?![A-Za-z0-9_-]|@)`,
  'gu',
)

/** No post notifies more people than this (the rest are still linked). */
export const MAX_MENTIONS = 20

const FENCE = /^ {0,3}(`{3,}|~{3,})/

/**
 * Markdown source with code blocks, code spans and link destinations blanked out, so what
 * is left is prose a person reads. Positions of the prose are kept.
 */
export function proseOf(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const kept: string[] = []
  let fence: string | null = null
  let previousBlank = true
  let inIndentedCode = false
  for (const line of lines) {
    if (fence) {
      const close = FENCE.exec(line)
      if (close?.[1] && close[1][0] === fence[0] && close[1].length >= fence.length) fence = null
      kept.push('')
      continue
    }
    const open = FENCE.exec(line)
    if (open?.[1]) {
      fence = open[1]
      kept.push('')
      previousBlank = false
      continue
    }
    const blank = line.trim() === ''
    const indented = /^(?: {4}|\t)/.test(line)
    // An indented block starts after a blank line and runs until a line that is not indented.
    inIndentedCode = indented && !blank && (inIndentedCode || previousBlank)
    kept.push(inIndentedCode ? '' : line)
    if (!blank || !inIndentedCode) previousBlank = blank
  }
  return (
    kept
      .join('\n')
      // Inline code: a run of backticks up to the same run.
      .replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, (m) => ' '.repeat(m.length))
      // Link destinations and autolinks: addresses, not prose.
      .replace(/\]\([^)\s]*(?:\s+"[^"]*")?\)/g, (m) => ' '.repeat(m.length))
      .replace(/<[a-z][a-z0-9+.-]*:[^\s<>]*>/gi, (m) => ' '.repeat(m.length))
  )
}

/** The distinct handles mentioned in Markdown source, in order of first mention (as typed). */
export function findMentions(source: string): string[] {
  const seen = new Map<string, string>()
  for (const match of proseOf(source).matchAll(MENTION_PATTERN)) {
    const handle = match[1]
    if (handle && !seen.has(handle.toLowerCase())) seen.set(handle.toLowerCase(), handle)
  }
  return [...seen.values()]
}

/** The known handles, keyed by their lower-case form, to the canonical spelling. */
export type KnownHandles = ReadonlyMap<string, string>

/**
 * Turns `@handle` in already-escaped HTML text into a link to the profile, for handles that
 * exist. The caller runs the sanitizer afterwards.
 */
export function linkMentions(escapedText: string, known: KnownHandles): string {
  if (known.size === 0 || !escapedText.includes('@')) return escapedText
  return escapedText.replace(MENTION_PATTERN, (whole, handle: string) => {
    const canonical = known.get(handle.toLowerCase())
    if (!canonical) return whole
    return `<a href="/users/${encodeURIComponent(canonical)}" class="mention">@${handle}</a>`
  })
}
