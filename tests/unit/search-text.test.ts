// The text a search document holds of a post: what a reader sees of its stored HTML, words
// apart where blocks end, markup and escapes gone, whatever the author typed.
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '#app/lib/markdown.server.ts'
import { htmlToText } from '#search/documents.ts'

const textOf = (markdown: string) => htmlToText(renderMarkdown(markdown))

describe('htmlToText of a stored post', () => {
  it('keeps code, comparisons and escapes as the reader sees them', () => {
    expect(
      textOf('Run `<script>alert(1)</script>` only if a < b && b > c, "quoted" & it\'s fine.'),
    ).toBe('Run <script>alert(1)</script> only if a < b && b > c, "quoted" & it\'s fine.')
    expect(textOf('```\nif (x<y) { return "<b>"; }\n```')).toBe('if (x<y) { return "<b>"; }')
  })

  it('drops markup, attributes included, and keeps words of separate blocks apart', () => {
    expect(textOf('[the guide](https://example.com/a?b=1&c=2 "a > b title") says so')).toBe(
      'the guide says so',
    )
    expect(textOf('one\n\ntwo\n\n- three\n- four\n\n## five\n\n> six')).toBe(
      'one two three four five six',
    )
    expect(textOf('line one  \nline two<br>line three')).toBe('line one line two line three')
  })

  it('shows raw HTML the sanitizer escaped as the text it is, and nothing of what it dropped', () => {
    expect(
      textOf('<b onclick="steal()">bold</b> and <iframe src="https://x.test"></iframe> after'),
    ).toBe('<b>bold</b> and <iframe></iframe> after')
    expect(textOf('<b>bold</b> <img src=x onerror=alert(1) title="a > b"> end')).toBe(
      '<b>bold</b> end',
    )
  })

  it('decodes character references and collapses whitespace', () => {
    expect(textOf('caf&eacute;&nbsp;&amp;&#160;bar&#x27;s &#128512;\n\n x ')).toBe(
      "café & bar's 😀 x",
    )
  })
})
