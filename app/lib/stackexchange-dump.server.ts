// A streaming reader of Stack Exchange data dumps (Posts.xml, PostLinks.xml, Users.xml,
// Tags.xml, Comments.xml, Votes.xml): one `<row … />` per line, attributes XML-escaped, bodies
// as HTML. Used by the similar-questions evaluation, the search benchmark and the importer
// (app/models/import.server.ts): no database, no app state, one line in memory at a time.
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { TAG_MAX_LENGTH, TAG_PATTERN, TAGS_MAX } from '#app/validation/posts.ts'

export const POST_TYPE = { question: 1, answer: 2 } as const
export const LINK_TYPE = { linked: 1, duplicate: 3 } as const

export interface SeQuestion {
  kind: 'question'
  id: number
  title: string
  /** The body as the dump holds it: HTML. */
  bodyHtml: string
  /** Tag names as on the site (not yet Peerdesk tags: see toPeerdeskTags). */
  tags: string[]
  acceptedAnswerId: number | null
  /** Milliseconds since the epoch (the dump's times are UTC without a zone). */
  createdAt: number
  score: number
  ownerUserId: number | null
  closedAt: number | null
  /** The fields below are read for the importer; the evaluation and benchmarks ignore them. */
  ownerDisplayName?: string | null
  editedAt?: number | null
  lastEditorUserId?: number | null
  lastActivityAt?: number | null
  viewCount?: number
  /** E.g. "CC BY-SA 4.0"; absent in old dumps. */
  license?: string | null
}

export interface SeAnswer {
  kind: 'answer'
  id: number
  parentId: number
  bodyHtml: string
  createdAt: number
  score: number
  ownerUserId: number | null
  ownerDisplayName?: string | null
  editedAt?: number | null
  lastEditorUserId?: number | null
  license?: string | null
}

export type SePost = SeQuestion | SeAnswer

export interface SePostLink {
  id: number
  /** For a duplicate link: the duplicate. */
  postId: number
  /** For a duplicate link: the original. */
  relatedPostId: number
  linkTypeId: number
  createdAt: number
}

export interface SeThread {
  question: SeQuestion
  /** In the dump's order (by id). */
  answers: SeAnswer[]
}

export interface SeDuplicate {
  duplicateId: number
  /** Every original the duplicate was closed against (usually one). */
  originalIds: number[]
}

export interface SeDump {
  dir: string
  /** The directory name (cardano, iot, …). */
  site: string
  /** By question id, in the dump's order. */
  threads: Map<number, SeThread>
  links: SePostLink[]
  /** Answers whose question is not in the dump. */
  orphanAnswers: number
}

// ---------------------------------------------------------------- XML rows

const XML_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
}

function fromCodePoint(code: number, fallback: string) {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff
    ? String.fromCodePoint(code)
    : fallback
}

function decodeNumeric(whole: string, name: string): string {
  const hex = name[1] === 'x' || name[1] === 'X'
  return fromCodePoint(parseInt(name.slice(hex ? 2 : 1), hex ? 16 : 10), whole)
}

/** Decodes the five XML entities and numeric references, in one pass ("&amp;lt;" is "&lt;"). */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) =>
    name[0] === '#' ? decodeNumeric(whole, name) : (XML_ENTITIES[name] ?? whole),
  )
}

const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/** The decoded attributes of a `<row … />` line, or null when the line holds no row. */
export function parseRow(line: string): Record<string, string> | null {
  const start = line.indexOf('<row')
  if (start === -1 || !/\s/.test(line[start + 4] ?? '')) return null
  const row: Record<string, string> = {}
  for (const match of line.slice(start + 4).matchAll(ATTRIBUTE)) {
    const [, name, doubleQuoted, singleQuoted] = match
    if (name) row[name] = decodeXmlEntities(doubleQuoted ?? singleQuoted ?? '')
  }
  return row
}

/** A line of a dump file, numbered from 1, with the bytes of the file read so far. */
export interface NumberedLine {
  line: number
  text: string
  bytesRead: number
}

/** The lines of a UTF-8 file, streamed, numbered, with the read position (for a progress bar). */
export async function* numberedLines(file: string): AsyncGenerator<NumberedLine> {
  const input = fs.createReadStream(file, { encoding: 'utf8' })
  const lines = readline.createInterface({ input, crlfDelay: Infinity })
  let line = 0
  for await (const text of lines) {
    line++
    yield { line, text, bytesRead: input.bytesRead }
  }
}

/** One line of a dump: a row, or what is wrong with a line that should have been one. */
export type DumpLine =
  | { line: number; bytesRead: number; row: Record<string, string> }
  | { line: number; bytesRead: number; error: string }

const STRUCTURE_LINE = /^(?:\uFEFF)?\s*(?:<\?xml\b[^>]*\?>|<\/?[A-Za-z]+\s*>)?\s*$/

/** Why a line is not a well-formed `<row … />`, or null when it is one. */
export function rowLineProblem(text: string): string | null {
  const trimmed = text.trim()
  if (!trimmed.startsWith('<row')) return 'not a <row … /> element'
  if (!trimmed.endsWith('/>')) return 'the <row … /> element is cut off or not closed'
  const inner = trimmed.slice(4, -2)
  const rest = inner.replace(ATTRIBUTE, '')
  if (rest.trim() !== '') return 'an attribute is not written as name="value"'
  return null
}

/**
 * Every row of a dump file with its line number; lines that should be rows but are broken come
 * back as errors (the XML declaration, the root element and blank lines are passed over).
 */
export async function* readDumpLines(file: string): AsyncGenerator<DumpLine> {
  for await (const { line, text, bytesRead } of numberedLines(file)) {
    if (STRUCTURE_LINE.test(text)) continue
    const problem = rowLineProblem(text)
    if (problem) yield { line, bytesRead, error: problem }
    else yield { line, bytesRead, row: parseRow(text) ?? {} }
  }
}

/** Rows from lines (a file's, or a test's string split on newlines). */
export async function* parseRows(
  lines: Iterable<string> | AsyncIterable<string>,
): AsyncGenerator<Record<string, string>> {
  for await (const line of lines) {
    const row = parseRow(line)
    if (row) yield row
  }
}

/** The lines of a UTF-8 file, streamed. */
export function fileLines(file: string): AsyncIterable<string> {
  return readline.createInterface({
    input: fs.createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  })
}

export function readRows(file: string): AsyncGenerator<Record<string, string>> {
  return parseRows(fileLines(file))
}

// ---------------------------------------------------------------- posts and links

function int(value: string | undefined): number | null {
  if (value == null || value === '') return null
  const n = Number(value)
  return Number.isInteger(n) ? n : null
}

/** The dump's dates ("2016-12-06T17:10:44.557") are UTC. */
export function parseDumpDate(value: string | undefined): number | null {
  if (!value) return null
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)
  return Number.isNaN(ms) ? null : ms
}

/** "<a><b-c>" (the usual form) or "|a|b-c|" (some dumps) → ["a", "b-c"]. */
export function parseTags(value: string | undefined): string[] {
  if (!value) return []
  const names = value.startsWith('<')
    ? [...value.matchAll(/<([^<>]+)>/g)].map((m) => m[1] ?? '')
    : value.split('|')
  return names.map((name) => name.trim()).filter(Boolean)
}

/** A Posts.xml row as a question or an answer; null for other post types or a broken row. */
export function toPost(row: Record<string, string>): SePost | null {
  const id = int(row.Id)
  const type = int(row.PostTypeId)
  const createdAt = parseDumpDate(row.CreationDate) ?? 0
  if (id == null) return null
  if (type === POST_TYPE.question) {
    return {
      kind: 'question',
      id,
      title: (row.Title ?? '').trim(),
      bodyHtml: row.Body ?? '',
      tags: parseTags(row.Tags),
      acceptedAnswerId: int(row.AcceptedAnswerId),
      createdAt,
      score: int(row.Score) ?? 0,
      ownerUserId: int(row.OwnerUserId),
      closedAt: parseDumpDate(row.ClosedDate),
      ownerDisplayName: row.OwnerDisplayName ?? null,
      editedAt: parseDumpDate(row.LastEditDate),
      lastEditorUserId: int(row.LastEditorUserId),
      lastActivityAt: parseDumpDate(row.LastActivityDate),
      viewCount: int(row.ViewCount) ?? 0,
      license: row.ContentLicense ?? null,
    }
  }
  if (type === POST_TYPE.answer) {
    const parentId = int(row.ParentId)
    if (parentId == null) return null
    return {
      kind: 'answer',
      id,
      parentId,
      bodyHtml: row.Body ?? '',
      createdAt,
      score: int(row.Score) ?? 0,
      ownerUserId: int(row.OwnerUserId),
      ownerDisplayName: row.OwnerDisplayName ?? null,
      editedAt: parseDumpDate(row.LastEditDate),
      lastEditorUserId: int(row.LastEditorUserId),
      license: row.ContentLicense ?? null,
    }
  }
  return null
}

/**
 * Why a Posts.xml row cannot be imported (no usable Id, no type, an answer without its
 * question, no creation date), or null. Rows of other post types are not a problem: skip them.
 */
export function postRowProblem(row: Record<string, string>): string | null {
  if (int(row.Id) == null) return 'Id is missing or not a whole number'
  const type = int(row.PostTypeId)
  if (type == null) return 'PostTypeId is missing or not a whole number'
  if (type !== POST_TYPE.question && type !== POST_TYPE.answer) return null
  if (type === POST_TYPE.answer && int(row.ParentId) == null) return 'an answer without ParentId'
  if (parseDumpDate(row.CreationDate) == null) return 'CreationDate is missing or not a date'
  return null
}

// ---------------------------------------------------------------- users, tags, comments, votes

export interface SeUser {
  id: number
  displayName: string
  reputation: number
  createdAt: number
  /** The profile's "about me", HTML. */
  aboutMe: string
  location: string | null
  websiteUrl: string | null
  lastAccessAt: number | null
}

export function toUser(row: Record<string, string>): SeUser | null {
  const id = int(row.Id)
  if (id == null) return null
  return {
    id,
    displayName: (row.DisplayName ?? '').trim(),
    reputation: int(row.Reputation) ?? 1,
    createdAt: parseDumpDate(row.CreationDate) ?? 0,
    aboutMe: row.AboutMe ?? '',
    location: row.Location ?? null,
    websiteUrl: row.WebsiteUrl ?? null,
    lastAccessAt: parseDumpDate(row.LastAccessDate),
  }
}

export interface SeTag {
  id: number
  name: string
  count: number
  /** The post (PostTypeId 4) whose body is the tag's short description. */
  excerptPostId: number | null
}

export function toTag(row: Record<string, string>): SeTag | null {
  const id = int(row.Id)
  const name = (row.TagName ?? '').trim()
  if (id == null || !name) return null
  return { id, name, count: int(row.Count) ?? 0, excerptPostId: int(row.ExcerptPostId) }
}

export interface SeComment {
  id: number
  postId: number
  /** Plain text with the site's inline Markdown. */
  text: string
  score: number
  createdAt: number
  userId: number | null
  userDisplayName: string | null
}

export function toComment(row: Record<string, string>): SeComment | null {
  const id = int(row.Id)
  const postId = int(row.PostId)
  const createdAt = parseDumpDate(row.CreationDate)
  if (id == null || postId == null || createdAt == null || row.Text == null) return null
  return {
    id,
    postId,
    text: row.Text,
    score: int(row.Score) ?? 0,
    createdAt,
    userId: int(row.UserId),
    userDisplayName: row.UserDisplayName ?? null,
  }
}

export const VOTE_TYPE = { accepted: 1, up: 2, down: 3 } as const

export interface SeVote {
  id: number
  postId: number
  voteTypeId: number
  /** The dump gives the day only (no time), for privacy. */
  createdAt: number | null
  userId: number | null
}

export function toVote(row: Record<string, string>): SeVote | null {
  const id = int(row.Id)
  const postId = int(row.PostId)
  const voteTypeId = int(row.VoteTypeId)
  if (id == null || postId == null || voteTypeId == null) return null
  return {
    id,
    postId,
    voteTypeId,
    createdAt: parseDumpDate(row.CreationDate),
    userId: int(row.UserId),
  }
}

/** Questions and answers of a Posts.xml (tag wikis and other post types are skipped). */
export async function* readPosts(file: string): AsyncGenerator<SePost> {
  for await (const row of readRows(file)) {
    const post = toPost(row)
    if (post) yield post
  }
}

export function toPostLink(row: Record<string, string>): SePostLink | null {
  const id = int(row.Id)
  const postId = int(row.PostId)
  const relatedPostId = int(row.RelatedPostId)
  const linkTypeId = int(row.LinkTypeId)
  if (id == null || postId == null || relatedPostId == null || linkTypeId == null) return null
  return { id, postId, relatedPostId, linkTypeId, createdAt: parseDumpDate(row.CreationDate) ?? 0 }
}

export async function* readPostLinks(file: string): AsyncGenerator<SePostLink> {
  for await (const row of readRows(file)) {
    const link = toPostLink(row)
    if (link) yield link
  }
}

/** A whole dump directory in memory: threads (question + answers) and post links. */
export async function readDump(dir: string): Promise<SeDump> {
  const threads = new Map<number, SeThread>()
  const answers: SeAnswer[] = []
  for await (const post of readPosts(path.join(dir, 'Posts.xml'))) {
    if (post.kind === 'question') threads.set(post.id, { question: post, answers: [] })
    else answers.push(post)
  }
  let orphanAnswers = 0
  for (const answer of answers) {
    const thread = threads.get(answer.parentId)
    if (thread) thread.answers.push(answer)
    else orphanAnswers++
  }
  const links: SePostLink[] = []
  const linksFile = path.join(dir, 'PostLinks.xml')
  if (fs.existsSync(linksFile)) for await (const link of readPostLinks(linksFile)) links.push(link)
  return { dir, site: path.basename(path.resolve(dir)), threads, links, orphanAnswers }
}

/**
 * Duplicate links (LinkTypeId 3) whose duplicate and original are both questions in `threads`,
 * grouped by duplicate, in the order of first appearance.
 */
export function duplicatesOf(
  links: Iterable<SePostLink>,
  threads: ReadonlyMap<number, unknown>,
): SeDuplicate[] {
  const byDuplicate = new Map<number, Set<number>>()
  for (const link of links) {
    if (link.linkTypeId !== LINK_TYPE.duplicate || link.postId === link.relatedPostId) continue
    if (!threads.has(link.postId) || !threads.has(link.relatedPostId)) continue
    const originals = byDuplicate.get(link.postId) ?? new Set<number>()
    originals.add(link.relatedPostId)
    byDuplicate.set(link.postId, originals)
  }
  return [...byDuplicate].map(([duplicateId, originals]) => ({
    duplicateId,
    originalIds: [...originals],
  }))
}

// ---------------------------------------------------------------- HTML bodies

const HTML_ENTITIES: Record<string, string> = {
  ...XML_ENTITIES,
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  deg: '°',
  times: '×',
  divide: '÷',
  plusmn: '±',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  cent: '¢',
  micro: 'µ',
  larr: '←',
  rarr: '→',
}

/** Decodes HTML character references (numeric, and the common named ones). */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, name: string) =>
    name[0] === '#' ? decodeNumeric(whole, name) : (HTML_ENTITIES[name.toLowerCase()] ?? whole),
  )
}

const PARAGRAPH_TAGS = 'p|div|pre|blockquote|h[1-6]|ul|ol|table|hr'
const LINE_TAGS = 'br|li|tr|dt|dd'

export interface HtmlToTextOptions {
  /** Keep paragraph breaks as blank lines and line breaks as newlines (default true). */
  paragraphs?: boolean
}

/**
 * Plain text of a post body: tags dropped (code and link texts kept), entities decoded,
 * paragraphs separated by a blank line, or, with `paragraphs: false`, all on one line.
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const marked = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(new RegExp(`<\\/?(?:${PARAGRAPH_TAGS})\\b[^>]*>`, 'gi'), '\n\n')
    .replace(new RegExp(`<(?:${LINE_TAGS})\\b[^>]*>`, 'gi'), '\n')
    .replace(/<\/?[a-z][^>]*>/gi, '')
  const text = decodeHtmlEntities(marked).replace(/\r\n?/g, '\n')
  if (options.paragraphs === false) return text.replace(/\s+/g, ' ').trim()
  return text
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * A question body without the notice that questions closed as duplicates before about 2013
 * begin with in the official dumps: a blockquote "Possible Duplicate(s):" with links to the
 * originals. A query made from such a body would name the original it is meant to find.
 */
export function withoutDuplicateNotice(html: string): string {
  return html.replace(
    /^\s*<blockquote\b[^>]*>(?:(?!<\/blockquote>)[\s\S])*?<strong>\s*Possible Duplicates?:\s*<\/strong>[\s\S]*?<\/blockquote>\s*/i,
    '',
  )
}

/** The first `length` characters of a text, cut at a word boundary. */
export function openingText(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= length) return flat
  const cut = flat.slice(0, length + 1)
  const boundary = cut.lastIndexOf(' ')
  return (boundary > length / 2 ? cut.slice(0, boundary) : flat.slice(0, length)).trim()
}

// ---------------------------------------------------------------- tags

/**
 * Site tags as valid Peerdesk tags: lower case, only a-z 0-9 + # . - (anything else becomes
 * "-"), at most TAG_MAX_LENGTH characters, no repeats, 1 to TAGS_MAX of them (`fallback` when
 * none survive).
 */
export function toPeerdeskTags(tags: Iterable<string>, fallback = 'general'): string[] {
  const out: string[] = []
  for (const tag of tags) {
    const name = tag
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9+#.-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, TAG_MAX_LENGTH)
      .replace(/-+$/, '')
    if (name && TAG_PATTERN.test(name) && !out.includes(name)) out.push(name)
    if (out.length === TAGS_MAX) break
  }
  return out.length > 0 ? out : [fallback]
}
