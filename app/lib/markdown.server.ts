// Markdown is rendered once, at write time, then sanitized with an allowlist: the stored
// HTML is what pages show, so nothing a user typed can run script in a reader's browser.
import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'

const marked = new Marked({ gfm: true, breaks: false, async: false })

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
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    code: ['class'],
    th: ['align'],
    td: ['align'],
    ol: ['start'],
  },
  allowedClasses: { code: [/^language-[\w+#-]+$/] },
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
export function renderMarkdown(source: string): string {
  return sanitize(marked.parse(source) as string)
}

/** Comments: one paragraph of inline Markdown (links, code, emphasis). */
export function renderInlineMarkdown(source: string): string {
  return sanitizeHtml(marked.parseInline(source.replace(/\s*\n\s*/g, ' ')) as string, inlineOptions)
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
