// Markdown is rendered once, at write time, then sanitized with an allowlist: the stored
// HTML is what pages show, so nothing a user typed can run script in a reader's browser.
import { Marked, type MarkedExtension, type Token, type Tokens } from 'marked'
import sanitizeHtml from 'sanitize-html'
import { linkMentions, type KnownHandles } from './mentions.ts'

const MARKED_OPTIONS = { gfm: true, breaks: false, async: false } as const
const marked = new Marked(MARKED_OPTIONS)

/**
 * Links `@handle` for the handles given, in prose only: marked has already set code spans,
 * code blocks and links apart as their own tokens, so only plain text tokens are touched,
 * and never those inside a link (Markdown or raw `<a>`). The sanitizer still runs afterwards.
 */
function mentionExtension(known: KnownHandles): MarkedExtension {
  const insideLinks = new WeakSet<Token>()
  let rawLinkOpen = false
  const markDescendants = (tokens: Token[] | undefined) => {
    for (const child of tokens ?? []) {
      insideLinks.add(child)
      if ('tokens' in child) markDescendants(child.tokens)
    }
  }
  return {
    walkTokens(token) {
      if (token.type === 'link') markDescendants(token.tokens)
      else if (token.type === 'html' && !token.block)
        rawLinkOpen = 'inLink' in token && Boolean(token.inLink)
      else if (token.type === 'text' && rawLinkOpen) insideLinks.add(token)
    },
    renderer: {
      text(token: Tokens.Text | Tokens.Escape) {
        // Block text with children, already-rendered HTML (escaped) and escapes: as marked does.
        if (token.type !== 'text' || token.tokens || token.escaped || insideLinks.has(token)) {
          return false
        }
        return linkMentions(escapeHtml(token.text), known)
      },
    },
  }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c)
}

function markedFor(options: RenderOptions) {
  if (!options.mentions?.size) return marked
  return new Marked(MARKED_OPTIONS, mentionExtension(options.mentions))
}

export interface RenderOptions {
  /** Handles that exist (lower-case → as spelled): `@handle` for these becomes a profile link. */
  mentions?: KnownHandles
}

const LINK_REL = 'nofollow ugc noopener'

const blockOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'ul',
    'ol',
    'li',
    'strong',
    'em',
    'del',
    's',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'sup',
    'sub',
    'kbd',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'class'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[\w+#-]+$/], a: ['mention'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: LINK_REL },
    }),
    // Images load lazily and never send the reader's page address to the host.
    img: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, loading: 'lazy', referrerpolicy: 'no-referrer' },
    }),
  },
}
blockOptions.allowedAttributes = {
  ...(blockOptions.allowedAttributes as Record<string, string[]>),
  img: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
}

const inlineOptions: sanitizeHtml.IOptions = {
  ...blockOptions,
  allowedTags: ['a', 'code', 'strong', 'em', 'del', 's', 'kbd'],
}

export function sanitize(html: string): string {
  return sanitizeHtml(html, blockOptions)
}

/** Full Markdown for question and answer bodies. */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  return sanitize(markedFor(options).parse(source) as string)
}

/** Comments: one paragraph of inline Markdown (links, code, emphasis). */
export function renderInlineMarkdown(source: string, options: RenderOptions = {}): string {
  const html = markedFor(options).parseInline(source.replace(/\s*\n\s*/g, ' ')) as string
  return sanitizeHtml(html, inlineOptions)
}

/** Plain text of rendered HTML, for excerpts and meta descriptions. */
export function toPlainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}
