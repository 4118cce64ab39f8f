// HTML → Markdown for content brought in from elsewhere (Stack Exchange post bodies), with
// turndown. The Markdown is then rendered and sanitized like anything a person types
// (markdown.server.ts), so what is stored is what real use makes. Tags Markdown has no syntax
// for (tables, kbd, sup/sub, strike) are kept as HTML for the sanitizer's allowlist to judge.
import TurndownService from 'turndown'

const service = new TurndownService({
  headingStyle: 'atx',
  hr: '---',
  bulletListMarker: '-',
  codeBlockStyle: 'fenced',
  fence: '```',
  emDelimiter: '*',
  strongDelimiter: '**',
  linkStyle: 'inlined',
})

service.keep(['table', 'kbd', 'sup', 'sub', 'del', 's'])
service.remove(['script', 'style'])

// Stack Exchange marks a code block's language on the <pre> ("lang-js prettyprint-override"),
// CommonMark on the <code> ("language-js"); either becomes the fence's info string.
function languageOf(pre: HTMLElement, code: HTMLElement): string {
  const fromCode = /(?:^|\s)language-([\w+#-]+)/.exec(code.getAttribute('class') ?? '')
  if (fromCode?.[1]) return fromCode[1]
  const fromPre = /(?:^|\s)lang-([\w+#-]+)/.exec(pre.getAttribute('class') ?? '')
  return fromPre?.[1] && fromPre[1] !== 'none' ? fromPre[1] : ''
}

service.addRule('fencedCodeWithLanguage', {
  filter: (node) => node.nodeName === 'PRE' && node.firstElementChild?.nodeName === 'CODE',
  replacement: (_content, node) => {
    const pre = node as HTMLElement
    const code = pre.firstElementChild as HTMLElement
    const text = (code.textContent ?? '').replace(/\n$/, '')
    // A fence longer than any run of backticks inside the code.
    const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
    const fence = '`'.repeat(longest + 1)
    return `\n\n${fence}${languageOf(pre, code)}\n${text}\n${fence}\n\n`
  },
})

// "- item" and "1. item" as people type them (turndown pads markers to four columns); nested
// lines are indented to the item's text, which is what CommonMark needs to keep them inside.
service.addRule('compactListItem', {
  filter: 'li',
  replacement: (content, node) => {
    const item = node as HTMLElement
    const parent = item.parentNode as HTMLElement | null
    let prefix = '- '
    if (parent?.nodeName === 'OL') {
      const start = Number(parent.getAttribute('start') ?? '1') || 1
      prefix = `${start + Array.prototype.indexOf.call(parent.children, item)}. `
    }
    const indent = ' '.repeat(prefix.length)
    const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${indent}`)
    return prefix + body + (item.nextSibling && !/\n$/.test(body) ? '\n' : '')
  },
})

/** Markdown of an HTML fragment (a post body). */
export function htmlToMarkdown(html: string): string {
  if (!html.trim()) return ''
  return service.turndown(html).trim()
}
