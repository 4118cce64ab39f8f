// What people type is rendered once and shown to every reader: nothing in it may run script,
// load a dangerous URL or steal the page, while ordinary Markdown still looks right.
import { Parser } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { renderInlineMarkdown, renderMarkdown } from '#app/lib/markdown.server.ts'

interface Element {
  name: string
  attribs: Record<string, string>
}

/** The elements a browser would build from the HTML (attribute values entity-decoded). */
function elementsOf(html: string): Element[] {
  const found: Element[] = []
  const parser = new Parser(
    { onopentag: (name, attribs) => found.push({ name, attribs }) },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.write(html)
  parser.end()
  return found
}

const DANGEROUS_TAGS = [
  'script',
  'iframe',
  'frame',
  'svg',
  'math',
  'object',
  'embed',
  'style',
  'link',
  'meta',
  'base',
  'form',
  'input',
  'button',
  'textarea',
]
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href', 'background']

/** The scheme a browser would see: it ignores control characters and spaces in URLs. */
function schemeOf(url: string) {
  // eslint-disable-next-line no-control-regex
  const match = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\x00-\x20]+/g, ''))
  return match?.[1]?.toLowerCase() ?? null
}

/** Fails with the offending element when the HTML could run script or load a bad URL. */
function expectHarmless(html: string) {
  expect(html).not.toMatch(/<\s*script/i)
  for (const el of elementsOf(html)) {
    expect(DANGEROUS_TAGS, `<${el.name}> in ${html}`).not.toContain(el.name)
    for (const [name, value] of Object.entries(el.attribs)) {
      expect(name, `${name}= on <${el.name}> in ${html}`).not.toMatch(/^on/)
      expect(['style', 'target', 'srcdoc', 'srcset'], `${name}= in ${html}`).not.toContain(name)
      if (URL_ATTRIBUTES.includes(name)) {
        expect(['javascript', 'vbscript', 'data', 'file'], `${name}="${value}"`).not.toContain(
          schemeOf(value),
        )
      }
    }
  }
}

const renderers = [
  ['renderMarkdown', renderMarkdown],
  ['renderInlineMarkdown', renderInlineMarkdown],
] as const

const INJECTIONS: Record<string, string> = {
  'script tag': '<script>alert(document.cookie)</script>',
  'script tag, upper case and split':
    '<SCRIPT >alert(1)</SCRIPT >\n\n<scr<script>ipt>alert(1)</script>',
  'img onerror': '<img src=x onerror=alert(1)>',
  'img onerror, quoted and spaced': '<img src="x" ONERROR = "alert(1)" >',
  'svg onload': '<svg onload=alert(1)><circle r="1"/></svg>',
  'svg inside markdown text': 'Look at this: <svg/onload=alert(1)> nice',
  iframe: '<iframe src="https://evil.example/"></iframe>',
  'iframe srcdoc': '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  'object and embed': '<object data="https://evil.example/x.swf"></object><embed src="x.swf">',
  'style tag': '<style>body { display: none }</style>',
  'style attribute': '<p style="background:url(javascript:alert(1))">hi</p>',
  'event attribute on an allowed tag': '<a href="https://ok.example" onclick="alert(1)">x</a>',
  'event attribute on a heading': '<h2 onmouseover="alert(1)">Title</h2>',
  'target attribute': '<a href="https://ok.example" target="_blank">x</a>',
  'form with action': '<form action="javascript:alert(1)"><button>go</button></form>',
  'math with xlink': '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  'markdown link to javascript:': '[click](javascript:alert(1))',
  'markdown link, mixed case': '[click](JaVaScRiPt:alert(1))',
  'markdown link, leading spaces': '[click](   javascript:alert(1))',
  'markdown link in angle brackets': '[click](<javascript:alert(1)>)',
  'markdown reference link': '[click][evil]\n\n[evil]: javascript:alert(1)',
  'markdown link, entity-encoded': '[click](&#106;avascript:alert(1))',
  'markdown link, hex entities': '[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))',
  autolink: '<javascript:alert(1)>',
  'vbscript link': '[click](vbscript:msgbox(1))',
  'html link, entity-encoded': '<a href="&#106;avascript:alert(1)">x</a>',
  'html link, named colon entity': '<a href="javascript&colon;alert(1)">x</a>',
  'html link, tab inside': '<a href="java\tscript:alert(1)">x</a>',
  'html link, encoded tab inside': '<a href="java&#x09;script:alert(1)">x</a>',
  'html link, encoded newline inside': '<a href="jav&#x0A;ascript:alert(1)">x</a>',
  'html link, control characters before': '<a href=" &#14;  javascript:alert(1)">x</a>',
  'html link, upper case': '<A HREF="JAVASCRIPT:alert(1)">x</A>',
  'data: link': '[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  'data: link in html': '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  'data: image': '![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  'data: image in html': '<img src="data:image/png;base64,AAAA">',
  'javascript: image': '![x](javascript:alert(1))',
  'meta refresh': '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  'base tag': '<base href="https://evil.example/">',
}

describe.each(renderers)('%s against injection', (_name, render) => {
  it.each(Object.entries(INJECTIONS))('neutralises %s', (_label, source) => {
    expectHarmless(render(source))
  })

  it('shows a typed <script> tag as text instead of dropping what the person wrote', () => {
    const html = render('Why does <script> break my page?')
    expect(html).toContain('&lt;script&gt;')
    expectHarmless(html)
  })

  it('keeps the text of a neutralised link', () => {
    const html = render('[click here](javascript:alert(1))')
    expect(html).toContain('click here')
    const links = elementsOf(html).filter((el) => el.name === 'a')
    expect(links).toHaveLength(1)
    expect(links[0]?.attribs.href).toBeUndefined()
  })

  it('gives every link rel="nofollow ugc noopener", replacing any rel the author set', () => {
    const html = render(
      '[docs](https://docs.example.com/a?b=1) <a href="https://x.example" rel="opener">x</a> <https://auto.example>',
    )
    const links = elementsOf(html).filter((el) => el.name === 'a')
    expect(links.map((l) => l.attribs.href)).toEqual([
      'https://docs.example.com/a?b=1',
      'https://x.example',
      'https://auto.example',
    ])
    for (const link of links) expect(link.attribs.rel).toBe('nofollow ugc noopener')
    expect(links.every((l) => !('target' in l.attribs))).toBe(true)
  })

  it('keeps http, https and mailto links', () => {
    const html = render('[a](http://a.example) [b](https://b.example) [c](mailto:help@c.example)')
    const links = elementsOf(html).filter((el) => el.name === 'a')
    expect(links.map((el) => el.attribs.href)).toEqual([
      'http://a.example',
      'https://b.example',
      'mailto:help@c.example',
    ])
  })

  it('keeps inline code, with its contents escaped', () => {
    const html = render('Run `rm -rf <dir> && echo "ok"` first')
    expect(html).toContain('<code>rm -rf &lt;dir&gt; &amp;&amp; echo "ok"</code>')
  })

  it('keeps emphasis and strikethrough', () => {
    const html = render('**bold** _italic_ ~~gone~~')
    const names = elementsOf(html).map((el) => el.name)
    expect(names.filter((name) => name !== 'p')).toEqual(['strong', 'em', 'del'])
  })
})

describe('renderMarkdown keeps ordinary Markdown', () => {
  it('keeps fenced code blocks with their language, escaping the code', () => {
    const html = renderMarkdown('```js\nif (a < b && c) alert("<b>")\n```')
    expect(html).toContain('<pre><code class="language-js">')
    expect(html).toContain('if (a &lt; b &amp;&amp; c) alert("&lt;b&gt;")')
    expectHarmless(html)
  })

  it('drops a code class that is not a language class', () => {
    const html = renderMarkdown('<pre><code class="evil language-js">x</code></pre>')
    const code = elementsOf(html).find((el) => el.name === 'code')
    expect(code?.attribs.class).toBe('language-js')
  })

  it('keeps bulleted and numbered lists, including a start number', () => {
    const names = elementsOf(renderMarkdown('- one\n- two\n\n3. three\n4. four')).map((e) => e.name)
    expect(names).toEqual(['ul', 'li', 'li', 'ol', 'li', 'li'])
    const ol = elementsOf(renderMarkdown('3. three\n4. four')).find((el) => el.name === 'ol')
    expect(ol?.attribs.start).toBe('3')
  })

  it('keeps block quotes and headings', () => {
    const names = elementsOf(renderMarkdown('## Steps\n\n> Did you restart it?')).map((e) => e.name)
    expect(names).toEqual(['h2', 'blockquote', 'p'])
  })

  it('keeps tables with their column alignment', () => {
    const html = renderMarkdown('| plan | price |\n|---|--:|\n| Basic | 5 |')
    const names = elementsOf(html).map((el) => el.name)
    expect(names).toEqual(['table', 'thead', 'tr', 'th', 'th', 'tbody', 'tr', 'td', 'td'])
    const cells = elementsOf(html).filter((el) => el.name === 'td')
    expect(cells[1]?.attribs.align).toBe('right')
  })

  it('keeps https images, loaded lazily without a referrer, and drops their handlers', () => {
    const html = renderMarkdown(
      '![router lights](https://img.example/r.png "Front") <img src="https://img.example/b.png" onerror="alert(1)">',
    )
    const images = elementsOf(html).filter((el) => el.name === 'img')
    expect(images).toHaveLength(2)
    expect(images[0]?.attribs).toMatchObject({
      src: 'https://img.example/r.png',
      alt: 'router lights',
      title: 'Front',
      loading: 'lazy',
      referrerpolicy: 'no-referrer',
    })
    expect(images[1]?.attribs.src).toBe('https://img.example/b.png')
    expectHarmless(html)
  })

  it('refuses protocol-relative links and images', () => {
    const html = renderMarkdown('[x](//evil.example/a) ![y](//evil.example/b.png)')
    for (const el of elementsOf(html)) {
      expect(el.attribs.href ?? el.attribs.src ?? '').not.toMatch(/^\/\//)
    }
  })
})

describe('renderInlineMarkdown (comments)', () => {
  it('stays on one line of inline content: no paragraphs, headings, lists or images', () => {
    const html = renderInlineMarkdown(
      '# Heading\n\n- item\n\n> quote\n\n![img](https://img.example/a.png) and `code`',
    )
    const names = elementsOf(html).map((el) => el.name)
    expect(names).toEqual(['code'])
    expect(html).toContain('Heading')
    expectHarmless(html)
  })

  it('keeps links, code and emphasis', () => {
    const html = renderInlineMarkdown(
      'See [the guide](https://help.example/g) and **then** `reboot`',
    )
    expect(elementsOf(html).map((el) => el.name)).toEqual(['a', 'strong', 'code'])
  })
})

describe('the harmlessness check used above', () => {
  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg/onload=alert(1)>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    '<img src="data:image/png;base64,AAAA">',
    '<p style="color:red">x</p>',
    '<a href="https://ok.example" target="_blank">x</a>',
  ])('would catch the raw HTML %j', (html) => {
    expect(() => expectHarmless(html)).toThrow()
  })
})
