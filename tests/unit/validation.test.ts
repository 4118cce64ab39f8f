// The SPEC's limits as the forms enforce them on the server: each edge, and an error that
// tells the person which field to fix.
import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { handleSchema, loginSchema, safeRedirect, signupSchema } from '#app/validation/auth.ts'
import {
  answerSchema,
  commentSchema,
  questionSchema,
  splitTags,
  tagsSchema,
} from '#app/validation/posts.ts'
import { threadActionSchema } from '#app/validation/thread.ts'

/** Field errors as a form would show them: messages grouped by the field they belong to. */
function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input)
  if (result.success) return {}
  const errors: Record<string, string[]> = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '_form')
    ;(errors[field] ??= []).push(issue.message)
  }
  return errors
}

const text = (length: number, char = 'a') => char.repeat(length)

const validQuestion = {
  title: 'How do I reset my router?',
  body: 'I held the button for ten seconds and nothing happened.',
  tags: 'router',
}

describe('question form', () => {
  it('accepts a well-formed question and returns its tags as a list', () => {
    const result = questionSchema.parse(validQuestion)
    expect(result).toEqual({ ...validQuestion, tags: ['router'] })
  })

  it.each([
    [14, false],
    [15, true],
    [150, true],
    [151, false],
  ])('a title of %i characters is accepted: %s', (length, ok) => {
    const errors = fieldErrors(questionSchema, { ...validQuestion, title: text(length) })
    if (ok) expect(errors).toEqual({})
    else expect(Object.keys(errors)).toEqual(['title'])
  })

  it('names the title in its errors', () => {
    expect(fieldErrors(questionSchema, { ...validQuestion, title: text(14) }).title).toEqual([
      'Title must be at least 15 characters',
    ])
    expect(fieldErrors(questionSchema, { ...validQuestion, title: text(151) }).title).toEqual([
      'Title must be at most 150 characters',
    ])
    expect(fieldErrors(questionSchema, { ...validQuestion, title: undefined }).title).toEqual([
      'Title is required',
    ])
  })

  it('does not count surrounding spaces towards the title length', () => {
    const errors = fieldErrors(questionSchema, { ...validQuestion, title: `   ${text(14)}   ` })
    expect(errors.title).toEqual(['Title must be at least 15 characters'])
    expect(questionSchema.parse({ ...validQuestion, title: `  ${text(15)}  ` }).title).toBe(
      text(15),
    )
  })

  it.each([
    [29, false],
    [30, true],
    [30_000, true],
    [30_001, false],
  ])('a body of %i characters is accepted: %s', (length, ok) => {
    const errors = fieldErrors(questionSchema, { ...validQuestion, body: text(length) })
    if (ok) expect(errors).toEqual({})
    else expect(Object.keys(errors)).toEqual(['body'])
  })

  it('names the body in its errors', () => {
    expect(fieldErrors(questionSchema, { ...validQuestion, body: text(29) }).body).toEqual([
      'Body must be at least 30 characters',
    ])
    expect(fieldErrors(questionSchema, { ...validQuestion, body: text(30_001) }).body).toEqual([
      'Body must be at most 30,000 characters',
    ])
  })

  it('reports every bad field at once, each under its own name', () => {
    const errors = fieldErrors(questionSchema, { title: 'short', body: 'tiny', tags: '' })
    expect(Object.keys(errors).sort()).toEqual(['body', 'tags', 'title'])
  })
})

describe('tags', () => {
  const tagsOf = (input: string) => tagsSchema.safeParse(input)

  it('refuses a question with no tags', () => {
    for (const input of ['', '   ', ' , ,, ']) {
      expect(fieldErrors(questionSchema, { ...validQuestion, tags: input }).tags).toEqual([
        'Add at least one tag',
      ])
    }
    expect(fieldErrors(questionSchema, { ...validQuestion, tags: undefined }).tags).toEqual([
      'Add at least one tag',
    ])
  })

  it('accepts 1 to 5 tags and refuses 6', () => {
    expect(tagsOf('one').success).toBe(true)
    expect(tagsOf('one two three four five').data).toEqual(['one', 'two', 'three', 'four', 'five'])
    const six = fieldErrors(questionSchema, { ...validQuestion, tags: 'a b c d e f' })
    expect(six.tags).toEqual(['Use at most 5 tags'])
  })

  it('splits on commas and spaces, lowercases and drops duplicates', () => {
    expect(splitTags('Billing, login  SSO,,billing\tLOGIN')).toEqual(['billing', 'login', 'sso'])
    // Six words, five distinct tags: duplicates do not count against the limit.
    expect(tagsOf('a b c d e A').data).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('allows a-z, 0-9 and + # . - in a tag', () => {
    expect(tagsOf('c++ c# .net node-js v2').data).toEqual(['c++', 'c#', '.net', 'node-js', 'v2'])
    expect(tagsOf('UPPER').data).toEqual(['upper'])
  })

  it.each(['foo_bar', 'héllo', 'a/b', 'wi-fi!', '<script>'])(
    'refuses the tag %j with a message about allowed characters',
    (tag) => {
      expect(fieldErrors(questionSchema, { ...validQuestion, tags: tag }).tags).toEqual([
        'Tags may use only a-z, 0-9 and + # . -',
      ])
    },
  )

  it("puts a bad tag's error on the Tags field itself, where the form shows it", () => {
    const result = questionSchema.safeParse({ ...validQuestion, tags: 'good bad_tag' })
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['tags']])
  })

  it('allows a tag of 35 characters and refuses 36', () => {
    expect(tagsOf(text(35, 'x')).success).toBe(true)
    expect(fieldErrors(questionSchema, { ...validQuestion, tags: text(36, 'x') }).tags).toEqual([
      'Tags must be at most 35 characters',
    ])
  })
})

describe('answer form', () => {
  it.each([
    [29, false],
    [30, true],
    [30_000, true],
    [30_001, false],
  ])('an answer of %i characters is accepted: %s', (length, ok) => {
    expect(answerSchema.safeParse({ body: text(length) }).success).toBe(ok)
  })

  it('names the answer field in its errors', () => {
    expect(fieldErrors(answerSchema, { body: text(29) }).body).toEqual([
      'Your answer must be at least 30 characters',
    ])
    expect(fieldErrors(answerSchema, { body: text(30_001) }).body).toEqual([
      'Your answer must be at most 30,000 characters',
    ])
    expect(fieldErrors(answerSchema, {}).body).toEqual(['Your answer is required'])
  })
})

describe('comment form', () => {
  it.each([
    [14, false],
    [15, true],
    [600, true],
    [601, false],
  ])('a comment of %i characters is accepted: %s', (length, ok) => {
    expect(commentSchema.safeParse({ body: text(length) }).success).toBe(ok)
  })

  it('names the comment in its errors', () => {
    expect(fieldErrors(commentSchema, { body: text(14) }).body).toEqual([
      'Comment must be at least 15 characters',
    ])
    expect(fieldErrors(commentSchema, { body: text(601) }).body).toEqual([
      'Comment must be at most 600 characters',
    ])
  })

  it('does not count surrounding spaces towards the comment length', () => {
    expect(commentSchema.safeParse({ body: `      ${text(14)}      ` }).success).toBe(false)
  })
})

describe('sign-up form', () => {
  const valid = { handle: 'alice_01', email: 'alice@example.com', password: 'correct horse' }

  it('accepts a valid sign-up', () => {
    expect(signupSchema.parse(valid)).toEqual(valid)
  })

  it('normalises the email: trimmed and lowercased', () => {
    expect(signupSchema.parse({ ...valid, email: '  Alice@Example.COM ' }).email).toBe(
      'alice@example.com',
    )
  })

  it.each(['not-an-email', 'alice@', '@example.com', 'alice example@x.com'])(
    'refuses the email %j, naming the field',
    (email) => {
      expect(fieldErrors(signupSchema, { ...valid, email }).email).toEqual([
        'Enter a valid email address',
      ])
    },
  )

  it.each([
    ['ab', 'Handle must be at least 3 characters'],
    [text(31, 'h'), 'Handle must be at most 30 characters'],
    ['two words', 'Handle may use only letters, digits, _ and -'],
    ['dot.ted', 'Handle may use only letters, digits, _ and -'],
    ['émile', 'Handle may use only letters, digits, _ and -'],
  ])('refuses the handle %j: %s', (handle, message) => {
    expect(fieldErrors(signupSchema, { ...valid, handle }).handle).toEqual([message])
  })

  it.each(['abc', text(30, 'h'), 'Good_Handle-9'])('accepts the handle %j', (handle) => {
    expect(handleSchema.safeParse(handle).success).toBe(true)
  })

  it('trims the handle before checking it', () => {
    expect(handleSchema.parse('  bob  ')).toBe('bob')
  })

  it('needs a password of at least 10 characters', () => {
    expect(fieldErrors(signupSchema, { ...valid, password: text(9) }).password).toEqual([
      'Password must be at least 10 characters',
    ])
    expect(signupSchema.safeParse({ ...valid, password: text(10) }).success).toBe(true)
  })

  it('says which fields are missing', () => {
    expect(fieldErrors(signupSchema, {})).toEqual({
      handle: ['Handle is required'],
      email: ['Email is required'],
      password: ['Password is required'],
    })
  })
})

describe('log-in form', () => {
  it('normalises the email like sign-up does', () => {
    expect(loginSchema.parse({ email: ' Bob@Example.org', password: 'x' }).email).toBe(
      'bob@example.org',
    )
  })

  it('asks for both fields by name', () => {
    expect(fieldErrors(loginSchema, { email: 'bob@example.org', password: '' })).toEqual({
      password: ['Password is required'],
    })
    expect(fieldErrors(loginSchema, { password: 'whatever' })).toEqual({
      email: ['Email is required'],
    })
  })
})

describe('safeRedirect after log-in', () => {
  const base = 'https://peerdesk.test'

  it('follows same-site paths', () => {
    expect(safeRedirect('/questions/1/reset-router?tab=answers#a2')).toBe(
      '/questions/1/reset-router?tab=answers#a2',
    )
  })

  it.each(['//evil.com', 'https://evil.com', '/\\evil', '/\\\\evil', 'javascript:alert(1)', ''])(
    'refuses %j and falls back',
    (to) => {
      expect(safeRedirect(to)).toBe('/')
      expect(safeRedirect(to, '/questions')).toBe('/questions')
    },
  )

  it('falls back when there is nowhere to go', () => {
    expect(safeRedirect(null)).toBe('/')
    expect(safeRedirect(undefined, '/home')).toBe('/home')
  })

  it.each(['//evil.com', 'https://evil.com', '/\\evil', '/\\/evil.com', '/%2F%2Fevil.com'])(
    'never leaves the site for %j, as a browser resolves the result',
    (to) => {
      expect(new URL(safeRedirect(to), base).origin).toBe(base)
    },
  )

  it('never leaves the site when a tab hides the second slash', () => {
    // Browsers (and WHATWG URL) delete tabs inside URLs, so "/\t/evil.com" becomes
    // "//evil.com": a protocol-relative URL to another origin.
    // Browsers drop the tab, which would turn this into //evil.com.
    expect(new URL(safeRedirect('/\t/evil.com'), base).origin).toBe(base)
  })
})

describe('the thread page action', () => {
  /** What the thread action gets: the posted fields, parsed as Conform does (strings in). */
  const parse = (fields: Record<string, string>) => {
    const formData = new FormData()
    for (const [name, value] of Object.entries(fields)) formData.set(name, value)
    return parseWithZod(formData, { schema: threadActionSchema })
  }
  /** The field errors the action would reply with (null when the input is accepted). */
  const errorsOf = (fields: Record<string, string>) => {
    const submission = parse(fields)
    return submission.status === 'error' ? submission.error : null
  }

  it('tells the forms and buttons apart by intent, with numbers from the fields', () => {
    const vote = parse({ intent: 'vote', postType: 'answer', postId: '7', direction: 'down' })
    expect(vote.status === 'success' && vote.value).toEqual({
      intent: 'vote',
      postType: 'answer',
      postId: 7,
      direction: 'down',
    })
    const comment = parse({ intent: 'comment', answerId: '3', body: 'Which firmware is that?' })
    expect(comment.status === 'success' && comment.value).toEqual({
      intent: 'comment',
      answerId: 3,
      body: 'Which firmware is that?',
    })
    const close = parse({ intent: 'close', reason: 'duplicate', duplicateOf: '/questions/5/x' })
    expect(close.status === 'success' && close.value).toEqual({
      intent: 'close',
      reason: 'duplicate',
      duplicateOfId: 5,
    })
  })

  it("gives the answer and comment forms their field's own message", () => {
    expect(errorsOf({ intent: 'answer', body: 'Too short.' })).toEqual({
      body: ['Your answer must be at least 30 characters'],
    })
    expect(errorsOf({ intent: 'comment', body: 'Short.' })).toEqual({
      body: ['Comment must be at least 15 characters'],
    })
    expect(errorsOf({ intent: 'close', reason: 'duplicate' })).toEqual({
      duplicateOf: ['Give the link or number of the original question'],
    })
  })

  it('refuses an unknown intent and a button with a bad id', () => {
    expect(parse({ intent: 'delete-everything' }).status).toBe('error')
    expect(parse({}).status).toBe('error')
    expect(errorsOf({ intent: 'accept', answerId: 'abc' })).toHaveProperty('answerId')
    expect(errorsOf({ intent: 'official', answerId: '2', official: 'maybe' })).toHaveProperty(
      'official',
    )
  })
})
