// @mentions are found in prose only, and linked only for people who exist.
import { describe, expect, it } from 'vitest'
import { renderInlineMarkdown, renderMarkdown } from '#app/lib/markdown.server.ts'
import { findMentions, linkMentions, proseOf } from '#app/lib/mentions.ts'

describe('findMentions', () => {
  it('finds handles in prose, once each, as first typed', () => {
    expect(findMentions('Thanks @maya and @Leo_22! @maya, see above. (@sam-k)')).toEqual([
      'maya',
      'Leo_22',
      'sam-k',
    ])
  })

  it('finds a handle at the start, after punctuation and at the end of a sentence', () => {
    expect(findMentions('@ann: try this. Or ask @bob.')).toEqual(['ann', 'bob'])
    expect(findMentions('"@carl", @dina’s router')).toEqual(['carl', 'dina'])
  })

  it('ignores e-mail addresses and addresses in links', () => {
    expect(findMentions('Mail support@nimbus.example or a.b@c.io')).toEqual([])
    expect(
      findMentions('See https://social.example/@maya and [her page](https://x.io/@leo)'),
    ).toEqual([])
    expect(findMentions('<https://x.io/@leo> but @real')).toEqual(['real'])
  })

  it('ignores code spans, fenced and indented code blocks', () => {
    const source = [
      'Run `@decorator` first, or ``@two `ticks` here``.',
      '',
      '```python',
      '@app.route("/")',
      '```',
      '',
      '~~~',
      '@tilde',
      '~~~',
      '',
      '    @indented code',
      '',
      'Then ping @helper.',
    ].join('\n')
    expect(findMentions(source)).toEqual(['helper'])
  })

  it('does not take part of a longer word or an over-long handle', () => {
    expect(findMentions('abc@cde @abc @xy @a123456789012345678901234567890')).toEqual(['abc'])
    expect(findMentions('@@double @fine')).toEqual(['fine'])
  })

  it('keeps prose positions when blanking code', () => {
    const source = 'a `b` c'
    expect(proseOf(source)).toHaveLength(source.length)
  })
})

describe('linkMentions', () => {
  const known = new Map([['maya', 'Maya']])
  it('links known handles to the profile, keeping the text as typed', () => {
    expect(linkMentions('hi @maya and @MAYA and @nobody', known)).toBe(
      'hi <a href="/users/Maya" class="mention">@maya</a> and <a href="/users/Maya" class="mention">@MAYA</a> and @nobody',
    )
  })
  it('leaves text alone when nobody is known', () => {
    expect(linkMentions('hi @maya', new Map())).toBe('hi @maya')
  })
})

describe('rendering mentions', () => {
  const mentions = new Map([
    ['maya', 'maya'],
    ['leo', 'Leo'],
  ])

  it('links existing handles in posts, not in code, links or e-mail addresses', () => {
    const html = renderMarkdown(
      [
        '@maya suggested this; @ghost did not exist.',
        '',
        'Mail leo@nimbus.example, see [@leo](https://x.io) and `@leo`.',
        '',
        '```',
        '@maya',
        '```',
        '',
        '- **@Leo** in a list',
      ].join('\n'),
      { mentions },
    )
    expect(html).toContain(
      '<a href="/users/maya" class="mention" rel="nofollow ugc noopener">@maya</a> suggested',
    )
    expect(html).toContain('@ghost did not exist')
    expect(html).toContain('<a href="mailto:leo@nimbus.example"')
    expect(html).toContain('<a href="https://x.io" rel="nofollow ugc noopener">@leo</a>')
    expect(html).toContain('<code>@leo</code>')
    expect(html).toContain('<pre><code>@maya\n</code></pre>')
    expect(html).toContain(
      '<strong><a href="/users/Leo" class="mention" rel="nofollow ugc noopener">@Leo</a></strong>',
    )
    expect(html.match(/class="mention"/g)).toHaveLength(2)
  })

  it('links handles in comments', () => {
    expect(renderInlineMarkdown('thanks @leo, that fixed it', { mentions })).toBe(
      'thanks <a href="/users/Leo" class="mention" rel="nofollow ugc noopener">@leo</a>, that fixed it',
    )
  })

  it('never links inside a raw HTML link, and the sanitizer still has the last word', () => {
    const html = renderMarkdown(
      '<a href="javascript:alert(1)">@maya</a> <a href="/x" class="mention evil" onclick="x()">x</a>',
      { mentions },
    )
    expect(html).not.toContain('/users/maya')
    expect(html).not.toContain('javascript:')
    expect(html).not.toContain('onclick')
    expect(html).not.toContain('evil')
  })

  it('renders as before without known handles', () => {
    expect(renderMarkdown('hi @maya')).toBe('<p>hi @maya</p>\n')
  })
})
